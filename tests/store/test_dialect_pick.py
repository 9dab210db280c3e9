"""The upsert widens first/last seen alike on both engines: the smaller or larger of two
values, and the one value when the other is NULL."""

from __future__ import annotations

import pytest
from sqlalchemy import Integer, literal, null, select

from crossline.store import Store

CASES = [
    ("least", 1, 2, 1),
    ("least", 5, 3, 3),
    ("greatest", 1, 2, 2),
    ("greatest", 5, 3, 5),
    ("least", None, 2, 2),
    ("least", 4, None, 4),
    ("greatest", None, 2, 2),
    ("greatest", 4, None, 4),
    ("least", None, None, None),
]


def _value(v: int | None) -> object:
    return null() if v is None else literal(v, Integer)


@pytest.mark.parametrize(
    ("which", "a", "b", "expected"), CASES, ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in CASES]
)
def test_pick_ignores_null(
    store: Store, which: str, a: int | None, b: int | None, expected: int | None
) -> None:
    dialect = store.dialect
    function = dialect.least if which == "least" else dialect.greatest
    with store.read() as conn:
        got = conn.execute(select(dialect.pick(function, _value(a), _value(b)))).scalar()
    assert got == expected
