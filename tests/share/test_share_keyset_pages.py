"""The keyset pager behind the shareable iterators: every row once, in order, in pages."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from crossline.share.shareable import keyset_pages
from crossline.store.schema_sync import sync_state

NAMES = ["p1", "p2", "p3", "p4", "p5"]


def seed(store, names) -> None:
    if names:
        with store.transaction() as conn:
            conn.execute(
                sync_state.insert(),
                [{"partner": n, "direction": "pull", "objects": 0, "failures": 0} for n in names],
            )


def after_partner(last):
    return sync_state.c.partner > (last.partner if last is not None else "")


@pytest.mark.parametrize(
    ("names", "chunk", "sizes"),
    [
        pytest.param([], 2, [0], id="empty"),
        pytest.param(NAMES, 2, [2, 2, 1], id="last-page-short"),
        pytest.param(NAMES[:4], 2, [2, 2, 0], id="last-page-full-then-empty"),
        pytest.param(NAMES, 10, [5], id="one-page"),
        pytest.param(NAMES, 1, [1, 1, 1, 1, 1, 0], id="row-by-row"),
    ],
)
def test_pages_cover_every_row_once_in_order(store, names, chunk, sizes) -> None:
    seed(store, names[::-1])  # stored out of order: the pager's order must hold
    seen: list[str] = []
    enriched: list[int] = []

    def enrich(conn, rows):  # runs in the page's read, on that page's rows
        return len(rows)

    query = select(sync_state.c.partner)
    pages = keyset_pages(store, query, (sync_state.c.partner,), after_partner, chunk, enrich)
    for rows, extra in pages:
        seen += [r.partner for r in rows]
        enriched.append(extra)
    assert seen == sorted(names)
    assert enriched == sizes
