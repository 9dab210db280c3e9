"""One sharing record by its key: read it or NotFoundError, save it again harmlessly."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from crossline.errors import NotFoundError
from crossline.share import records
from crossline.store.schema_sync import sync_state

KEY = {"partner": "in-i4c", "direction": "pull"}

# (saves in order, each (values, new); the row's (cursor, objects, failures) after them)
SAVES = [
    pytest.param([({"cursor": "a"}, None)], ("a", 0, 0), id="insert-without-defaults"),
    pytest.param([({"cursor": "a"}, {"objects": 7})], ("a", 7, 0), id="insert-takes-new"),
    pytest.param(
        [({"objects": 3}, {"objects": 7, "failures": 0})], (None, 3, 0), id="values-beat-new"
    ),
    pytest.param(
        [({"cursor": "a"}, {"objects": 7}), ({"cursor": "b", "failures": 2}, {"objects": 9})],
        ("b", 7, 2),
        id="update-ignores-new",
    ),
]


@pytest.mark.parametrize(("saves", "row"), SAVES)
def test_save_inserts_then_updates_one_row(store, saves, row) -> None:
    for values, new in saves:
        with store.transaction() as conn:
            records.save(conn, sync_state, KEY, values, new=new)
    c = sync_state.c
    with store.read() as conn:
        got = conn.execute(select(c.cursor, c.objects, c.failures)).all()
    assert [tuple(r) for r in got] == [row]


@pytest.mark.parametrize(
    ("direction", "found"),
    [pytest.param("pull", True, id="found"), pytest.param("push", False, id="missing")],
)
def test_one_returns_the_row_or_raises_what_it_was_given(store, direction, found) -> None:
    with store.transaction() as conn:
        records.save(conn, sync_state, KEY, {"cursor": "c1"}, new={"objects": 0, "failures": 0})
    where = (sync_state.c.partner == "in-i4c", sync_state.c.direction == direction)
    missing = NotFoundError("no such state", direction=direction)
    if found:
        assert records.one(store, sync_state, *where, missing=missing).cursor == "c1"
    else:
        with pytest.raises(NotFoundError) as caught:
            records.one(store, sync_state, *where, missing=missing)
        assert caught.value is missing
