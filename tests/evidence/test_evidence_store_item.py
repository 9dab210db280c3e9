"""An item's row, its links and the custody entry starting its history go in together."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from crossline.evidence import ledger
from crossline.evidence.items import item_id, store_item
from crossline.store.schema_evidence import evidence_items, evidence_links

NOW = datetime(2026, 3, 1, tzinfo=UTC)


def item_row(case: str, exhibit: str) -> dict:
    return {
        "id": item_id(case, exhibit), "case_ref": case, "exhibit": exhibit,
        "description": "a statement", "source": None, "acquired_at": NOW, "method": None,
        "acquired_by": "officer", "filename": "s.csv", "media_type": "text/csv",
        "sha256": "0" * 64, "size_bytes": 1, "origin": None, "created_at": NOW,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("action", "links"),
    [
        pytest.param("acquire", (), id="acquire-unlinked"),
        pytest.param("acquire", (("report", "r1"), ("campaign", "c1")), id="acquire-linked"),
        pytest.param("receive", (), id="receive"),
    ],
)
def test_item_row_links_and_first_entry(ev, action, links) -> None:
    row = item_row("CASE-1", "EX-1")
    with ev.store.transaction() as conn:
        entry = store_item(conn, ev, row, action=action, actor="user:a", detail={"k": 1},
                           links=links)  # fmt: skip
    with ev.store.read() as conn:
        stored = conn.execute(select(evidence_items.c.id, evidence_items.c.case_ref)).all()
        linked = conn.execute(select(evidence_links.c.kind, evidence_links.c.target_id)).all()
        chain = ledger.entries_of(conn, "CASE-1")
    assert [tuple(r) for r in stored] == [(row["id"], "CASE-1")]
    assert sorted(tuple(r) for r in linked) == sorted(links)
    assert (entry["seq"], entry["action"], entry["item"], entry["detail"]) == (
        1, action, row["id"], {"k": 1}
    )  # fmt: skip
    assert [e["hash"] for e in chain] == [entry["hash"]]
