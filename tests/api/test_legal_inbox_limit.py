"""The legal-request inbox has a size bound of its own: a partner's answer carries its
exhibits inline (base64), so it takes bodies over the 16 MiB of other JSON routes, up
to ``Settings.max_legal_inbox_bytes``; over that it answers 413 naming the limit. The
other partner inboxes keep the common bound."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from test_error_shape import assert_error_shape

from crossline.config import Settings, load_settings
from crossline.evidence.exchange import INBOX, INLINE_LIMIT
from crossline.http.bodies import MAX_JSON_BYTES
from support.api_env import Env, build_env

MIB = 1024 * 1024
LIMIT = 20 * MIB  # a small bound for the test, above the common 16 MiB


@pytest.fixture
def env(settings: Settings) -> Iterator[Env]:
    yield from build_env(replace(settings, max_legal_inbox_bytes=LIMIT))


def _body(size: int) -> bytes:
    """A JSON envelope-shaped body of exactly ``size`` bytes."""
    head, tail = b'{"payload": {"evidence": [{"content_b64": "', b'"}]}}'
    return head + b"A" * (size - len(head) - len(tail)) + tail


# (case, path, body size, refused with 413)
CASES = [
    ("inbox-over-common-bound", INBOX, MAX_JSON_BYTES + MIB, False),
    ("inbox-at-its-limit", INBOX, LIMIT, False),
    ("inbox-over-its-limit", INBOX, LIMIT + 1, True),
    ("alerts-inbox-over-common-bound", "/api/v1/alerts/inbox", MAX_JSON_BYTES + 1, True),
    ("match-requests-over-common-bound", "/api/v1/match/requests", MAX_JSON_BYTES + 1, True),
]


@pytest.mark.parametrize(
    ("path", "size", "refused"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_each_partner_inbox_has_its_bound(env: Env, path: str, size: int, refused: bool) -> None:
    r = env.client.post(
        path,
        content=_body(size),
        headers={**env.as_("partner"), "Content-Type": "application/json"},
    )
    if not refused:
        # Past the size guard: the route itself answers (this body is not a signed
        # envelope), never with 413.
        assert r.status_code != 413 and 400 <= r.status_code < 500, r.text[:300]
        return
    err = assert_error_shape(r, 413)
    limit = LIMIT if path == INBOX else MAX_JSON_BYTES
    assert err["code"] == "too_large"
    assert err["limit"] == limit
    assert f"({limit:,} bytes)" in err["message"]


def test_the_default_bound_takes_an_answer_with_exhibits_at_the_inline_limit() -> None:
    # One exhibit at the inline limit travels as base64: 4/3 of its bytes.
    exhibit = 4 * math.ceil(INLINE_LIMIT / 3)
    default = Settings(home=Path("unused"), database_url="sqlite://").max_legal_inbox_bytes
    assert default >= 5 * exhibit + MIB
    assert default > MAX_JSON_BYTES


@pytest.mark.parametrize(
    ("value", "expected"), [("", 128 * MIB), ("67108864", 64 * MIB)], ids=["default", "set"]
)
def test_the_bound_is_configurable(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: int
) -> None:
    monkeypatch.setenv("CROSSLINE_MAX_LEGAL_INBOX_BYTES", value)
    assert load_settings("/tmp/crossline-unused").max_legal_inbox_bytes == expected
