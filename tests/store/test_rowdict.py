"""A row's dict from a declared shape: named fields in order, renamed, converted."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest

from crossline.store.rowdict import Shape

ROW = SimpleNamespace(
    id="r1",
    component_id="c9",
    seen_at=datetime(2026, 3, 1, 12, 30),  # naive, as SQLite hands it back: stored as UTC
    synthetic=0,
    meta=None,
    text="x" * 300,
)


@pytest.mark.parametrize(
    ("shape", "expected"),
    [
        (Shape(("id",)), {"id": "r1"}),
        (Shape(("campaign_id=component_id", "id")), {"campaign_id": "c9", "id": "r1"}),
        (Shape(("seen_at",), iso=("seen_at",)), {"seen_at": "2026-03-01T12:30:00+00:00"}),
        (Shape(("synthetic",), flags=("synthetic",)), {"synthetic": False}),
        (Shape(("meta",), convert={"meta": lambda v: v or {}}), {"meta": {}}),
        (
            Shape(("excerpt=text",), convert={"excerpt": lambda v: v[:5]}),
            {"excerpt": "xxxxx"},
        ),
    ],
    ids=["plain", "renamed-in-order", "iso-utc", "flag", "convert", "convert-renamed"],
)
def test_shape_picks_renames_and_converts(shape: Shape, expected: dict[str, Any]) -> None:
    out = shape(ROW)
    assert out == expected
    assert list(out) == list(expected) == list(shape.fields)


def test_shape_keeps_aware_timestamps_in_utc() -> None:
    row = SimpleNamespace(at=datetime(2026, 3, 1, 12, 30, tzinfo=UTC))
    assert Shape(("at",), iso=("at",))(row) == {"at": "2026-03-01T12:30:00+00:00"}


@pytest.mark.parametrize(
    ("fields", "kw", "message"),
    [
        (("id",), {"iso": ("seen_at",)}, "not in the shape"),
        (("id; import os",), {}, "not a field name"),
        (("key=col umn",), {}, "not a field name"),
    ],
    ids=["conversion-without-field", "not-an-identifier", "bad-column"],
)
def test_a_wrong_declaration_is_refused(
    fields: tuple[str, ...], kw: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        Shape(fields, **kw)
