"""JSON bodies are bounded on every API route: too deep is 400 (``too_deep``), too large
413 (``too_large``), both with the error shape; never a 500 (a deep body used to exhaust
the recursion limit)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from api_env import Env
from test_error_shape import assert_error_shape

from crossline.http.bodies import MAX_JSON_BYTES, check_json

# (case, body, refusal status or None)
BODIES = [
    ("ordinary", b'{"name": "feed", "scopes": ["read"]}', None),
    ("depth-64", b"[" * 64 + b"]" * 64, None),
    ("depth-65", b"[" * 65 + b"]" * 65, 400),
    ("objects-deep", b'{"a":' * 70 + b"1" + b"}" * 70, 400),
    ("brackets-in-strings", b'{"a": "' + b"[" * 500 + b'"}', None),
    ("recursion-bomb", b"[" * 100_000 + b"]" * 100_000, 400),
    ("unclosed-bomb", b'{"x":' * 50_000, 400),
    ("malformed", b'{"a": ', None),  # left to the route's validation (its own message)
    ("too-large", b'"' + b"x" * (MAX_JSON_BYTES + 1) + b'"', 413),
]


@pytest.mark.parametrize(("body", "status"), [b[1:] for b in BODIES], ids=[b[0] for b in BODIES])
def test_check_json(body: bytes, status: int | None) -> None:
    refusal = check_json(body)
    assert (refusal[0] if refusal else None) == status


def json_routes(env: Env) -> list[tuple[str, str]]:
    """Every API route that takes a JSON body, from the OpenAPI document."""
    out = []
    for path, ops in env.app.openapi()["paths"].items():
        for method, op in ops.items():
            content = op.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                out.append((method.upper(), path))
    return sorted(out)


def fill(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "00000000-0000-0000-0000-000000000000", path)


BOMB = b'{"a":' * 20_000 + b"1" + b"}" * 20_000


def test_json_routes_found(env: Env) -> None:
    assert len(json_routes(env)) >= 20


@pytest.mark.parametrize("who", ["admin", None], ids=["admin", "anonymous"])
def test_every_json_route_refuses_a_deep_body_with_the_shape(env: Env, who: str | None) -> None:
    seen: dict[str, Any] = {}
    for method, path in json_routes(env):
        headers = {"content-type": "application/json", **(env.as_(who) if who else {})}
        r = env.client.request(method, fill(path), content=BOMB, headers=headers)
        seen[f"{method} {path}"] = r.status_code
        err = assert_error_shape(r, 400)
        assert err["code"] == "too_deep" and "levels deep" in err["message"]
    assert all(s == 400 for s in seen.values()), seen


@pytest.mark.parametrize("content_type", ["application/json", None], ids=["json", "no-type"])
def test_a_body_over_the_limit_is_413(env: Env, content_type: str | None) -> None:
    body = b'{"reports": ["' + b"x" * MAX_JSON_BYTES + b'"]}'
    headers = {**env.as_("admin"), **({"content-type": content_type} if content_type else {})}
    r = env.client.post("/api/v1/reports/bulk", content=body, headers=headers)
    assert assert_error_shape(r, 413)["code"] == "too_large"
