"""Test helpers: store small reports named like 'r1' holding values like 'p:123' and link them."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

from sqlalchemy import select

from crossline.domain import indicator_id, report_id
from crossline.link.campaigns import Linker
from crossline.store import Store
from crossline.store.schema import components, reports

T0 = datetime(2024, 1, 1, tzinfo=UTC)


def add(
    store: Store,
    batch: dict[str, list[str]],
    *,
    common: frozenset[str] = frozenset(),
    min_groups: int = 3,
    link: bool = True,
) -> None:
    """Store reports named like 'r1' holding values like 'p:123' (kind:value) and link them
    (``link=False``: store only, for a linking path under test)."""
    linker = Linker(store, min_groups=min_groups)
    with store.transaction() as conn:
        store.insert_reports(
            conn,
            [
                {
                    "id": report_id("t", name),
                    "source": "t",
                    "source_ref": name,
                    "jurisdiction": "US",
                    "marking": "TLP:AMBER",
                    "synthetic": False,
                    "created_at": T0,
                    "seen_at": T0,
                }
                for name in batch
            ],
        )
        counts: dict[str, int] = defaultdict(int)
        for values in batch.values():
            for v in set(values):
                counts[v] += 1
        store.upsert_indicators(
            conn,
            [
                {
                    "id": indicator_id(*v.split(":", 1)),
                    "kind": v.split(":", 1)[0],
                    "value": v.split(":", 1)[1],
                    "report_count": n,
                    "common": v in common,
                    "common_reason": "warning list: test" if v in common else None,
                }
                for v, n in counts.items()
            ],
        )
        store.insert_sightings(
            conn,
            [
                {
                    "report_id": report_id("t", name),
                    "indicator_id": indicator_id(*v.split(":", 1)),
                    "field": "text",
                    "start": k,
                }
                for name, values in batch.items()
                for k, v in enumerate(values)
            ],
        )
        links = {
            report_id("t", n): [indicator_id(*v.split(":", 1)) for v in vals]
            for n, vals in batch.items()
        }
        if link:
            linker.link(conn, links)


def groups(store: Store) -> set[frozenset[str]]:
    """The components as sets of report names (source_ref)."""
    with store.read() as conn:
        rows = conn.execute(select(reports.c.source_ref, reports.c.component_id)).all()
    by: dict[str, set[str]] = defaultdict(set)
    for ref, cid in rows:
        if cid:
            by[cid].add(ref)
    return {frozenset(v) for v in by.values()}


def campaign_ids(store: Store) -> set[str]:
    with store.read() as conn:
        return set(conn.execute(select(components.c.id)).scalars())
