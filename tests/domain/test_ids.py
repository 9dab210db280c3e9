"""Deterministic ids are RFC 4122 uuid5 values, stable across runs."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crossline.domain import NAMESPACE, indicator_id, make_id, report_id


@given(st.text(max_size=30), st.lists(st.text(max_size=30), max_size=3))
def test_make_id_is_uuid5(kind: str, parts: list[str]) -> None:
    expected = str(uuid.uuid5(NAMESPACE, "\x1f".join((kind, *parts))))
    assert make_id(kind, *parts) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (report_id("ncrp", "31012400012345"), report_id("ncrp", "31012400012345")),
        (indicator_id("phone", "+18333041447"), indicator_id("phone", "+18333041447")),
    ],
    ids=["report", "indicator"],
)
def test_ids_are_deterministic(a: str, b: str) -> None:
    assert a == b and uuid.UUID(a).version == 5


def test_kind_separates_ids() -> None:
    assert indicator_id("phone", "x") != indicator_id("email", "x")
