"""Bounded JSON parsing: depth measured without parsing, strings and escapes respected."""

from __future__ import annotations

import json

import pytest

from crossline.errors import BodyTooDeepError, PayloadTooLargeError, ValidationError
from crossline.share.bounded_json import depth, loads


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (b"1", 0),
        (b'"[[[["', 0),
        (b"[]", 1),
        (b'{"a": [1, {"b": []}]}', 4),
        (b'{"a": "[[[[[[\\"]]]]"}', 1),
        (b'["\\\\", [[]]]', 3),
        (b'["\\\\\\"[[[", [1]]', 2),
        (b'["}}}}", [[["{{{{"]]]]', 4),
        (b"[" * 500 + b"]" * 500, 500),
    ],
    ids=["scalar", "brackets-in-string", "empty-array", "mixed", "escaped-quote",
         "escaped-backslash", "backslash-then-quote", "closing-in-string", "deep"],
)  # fmt: skip
def test_depth_matches_the_parsed_structure(text: bytes, expected: int) -> None:
    if expected < 500:
        json.loads(text)  # the cases are valid JSON
    assert depth(text) == expected


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (b"[" * 65 + b"]" * 65, BodyTooDeepError),
        (b"[" * 200_000 + b"]" * 200_000, BodyTooDeepError),
        (b'{"pad": "' + b"x" * 2_000 + b'"}', PayloadTooLargeError),
        (b"{not json", ValidationError),
        (b"\xff\xfe", ValidationError),
    ],
    ids=["65-levels", "200k-levels", "too-large", "not-json", "not-utf8"],
)
def test_loads_refuses_what_is_out_of_bounds(text: bytes, error: type[Exception]) -> None:
    with pytest.raises(error):
        loads(text, max_bytes=1_000_000 if error is not PayloadTooLargeError else 1_000)


def test_loads_parses_what_is_within_bounds() -> None:
    text = b"[" * 64 + b'{"a": "[[[["}' + b"]" * 64
    assert depth(text) == 65 and loads(text, max_bytes=10_000, max_depth=65)
