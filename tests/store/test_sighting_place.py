"""Where a sighting stands in its report, as every read shows it."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from crossline.store.read.rows import sighting_place

CASES = [
    ("span", ("text", 4, 14, "9876543210"), {"start": 4, "end": 14}),
    ("span-at-zero", ("text", 0, 3, "abc"), {"start": 0, "end": 3}),
    ("whole-field", ("suspect_phone", -1, None, "+91 98765 43210"), {"start": None, "end": None}),
]


@pytest.mark.parametrize(("stored", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_sighting_place(stored: tuple[str, int, int | None, str], expected: dict) -> None:
    field, start, end, raw = stored
    row = SimpleNamespace(field=field, start=start, end=end, raw=raw, other="not shown")
    assert sighting_place(row) == {"field": field, "raw": raw, **expected}
