"""JSON Lines input: numbered values, blank lines skipped, a bad line named."""

from __future__ import annotations

from typing import Any

import pytest

from crossline.errors import ValidationError
from crossline.jsonlines import numbered_values


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (['{"text": "a"}', "", "  ", "[1]"], [(1, {"text": "a"}), (4, [1])]),
        ([], []),
    ],
    ids=["blank-lines-keep-numbers", "empty"],
)
def test_values_come_with_their_line(lines: list[str], expected: list[tuple[int, Any]]) -> None:
    assert list(numbered_values(lines)) == expected


@pytest.mark.parametrize(
    ("where", "message"),
    [("line", "line 2: not JSON"), ("stdin line", "stdin line 2: not JSON")],
    ids=["file", "stdin"],
)
def test_a_line_that_is_not_json_is_named(where: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as info:
        list(numbered_values(['{"ok": 1}', "{not json"], where=where))
    assert info.value.to_dict()["error"]["line"] == 2
