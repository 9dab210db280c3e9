"""JSON logs: one object per line with request fields, and nothing secret or personal in them."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from crossline.ops import logging as ops_logging
from support.ops_env import PASSWORD

VICTIM_NAME = "Meenakshi Venkataraman"
VICTIM_PHONE = "+919845012345"
VICTIM_EMAIL = "meenakshi.v@example.in"


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    buf = io.StringIO()
    root = logging.getLogger()
    saved = (root.level, list(root.handlers))
    ops_logging.configure("json", "debug", stream=buf)
    yield buf
    root.handlers[:] = saved[1]
    root.setLevel(saved[0])
    logging.getLogger("uvicorn.access").disabled = False


def lines(buf: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in buf.getvalue().splitlines() if line.strip()]


def test_login_import_lookup_leave_no_secret_or_victim_data(
    ops_node: Any, captured: io.StringIO
) -> None:
    c = ops_node.client
    r = c.post("/api/v1/auth/login", json={"username": "admin", "password": PASSWORD})
    assert r.status_code == 200, r.text
    csrf = r.json()["csrf_token"]
    session = c.cookies.get("crossline_session")
    report = {
        "source_ref": "log-test-1",
        "jurisdiction": "IN",
        "text": f"I am {VICTIM_NAME}; caller +919812300001 asked for UPI to fraud@okaxis",
        "victim": {"name": VICTIM_NAME, "phone": VICTIM_PHONE, "email": VICTIM_EMAIL},
        "suspects": [{"field": "caller", "value": "+919812300001", "kind": "phone"}],
    }
    r = c.post("/api/v1/reports", json=report, headers={"X-CSRF-Token": csrf})
    assert r.status_code in (200, 201), r.text
    c.cookies.clear()
    token = ops_node.tokens["analyst"]
    for q in (VICTIM_PHONE, "+919812300001"):
        r = c.get("/api/v1/indicators/lookup", params={"q": q}, headers=ops_node.bearer("analyst"))
        assert r.status_code == 200
    # Careless callers: a secret and PII handed to a logger, in text and in extras.
    careless = logging.getLogger("crossline.test")
    careless.warning(
        "retrying with Authorization: Bearer %s password=%s",
        token,
        PASSWORD,
        extra={"victim_pii": {"name": VICTIM_NAME}, "cookie": f"crossline_session={session}"},
    )
    logged = lines(captured)
    text = captured.getvalue()
    assert len(logged) >= 5
    requests = [e for e in logged if e["logger"] == "crossline.http"]
    assert {e["route"] for e in requests} >= {
        "/api/v1/auth/login",
        "/api/v1/reports",
        "/api/v1/indicators/lookup",
    }
    assert all(
        {"ts", "level", "msg", "request_id", "status", "duration_ms"} <= set(e) for e in requests
    )
    for needle in (
        PASSWORD,
        token,
        session,
        csrf,
        VICTIM_NAME,
        VICTIM_PHONE,
        VICTIM_EMAIL,
        VICTIM_PHONE.lstrip("+"),
    ):
        assert needle and needle not in text, f"{needle!r} leaked into the logs"


@pytest.mark.parametrize(
    ("raw", "kept", "gone"),
    [
        (
            "GET /api/v1/indicators/lookup?q=%2B919845012345 200",
            "/api/v1/indicators/lookup",
            "9845",
        ),
        ("auth header Bearer abc.def-123", "Bearer [redacted]", "abc.def"),
        ("token cl_0123abcd_XyZ987654321", "token [redacted]", "XyZ98"),
        ('{"password": "hunter22hunter"}', '"password": "[redacted]', "hunter22"),
        ("crossline_session=s3cr3tvalue; path=/", "crossline_session=[redacted]", "s3cr3t"),
        ("[SQL: INSERT]\n[parameters: ('Ravi', '+9198')]\n(Background on", "hidden", "Ravi"),
    ],
    ids=["query-string", "bearer", "api-token", "password-pair", "cookie", "sql-params"],
)
def test_scrub_text(raw: str, kept: str, gone: str) -> None:
    out = ops_logging.scrub_text(raw)
    assert kept in out and gone not in out


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("authorization", "Bearer x", "[redacted]"),
        ("X-Api-Key", "k", "[redacted]"),
        ("victim_pii", {"name": "A"}, "[redacted]"),
        ("detail", {"credential": "c", "n": 2}, {"credential": "[redacted]", "n": 2}),
        ("route", "/api/v1/reports", "/api/v1/reports"),
    ],
    ids=["authorization", "api-key", "pii", "nested", "plain"],
)
def test_scrub_value(key: str, value: Any, expected: Any) -> None:
    assert ops_logging.scrub_value(key, value) == expected


def test_unknown_format_is_a_config_error() -> None:
    from crossline.errors import ConfigError

    with pytest.raises(ConfigError, match="unknown log format 'xml'"):
        ops_logging.make_handler("xml")
