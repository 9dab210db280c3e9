"""Recompute every campaign from the index, in a fixed order.

Used after a change of the guard's threshold, or to rebuild campaigns from the index.
Reports are re-linked in id order, batch by batch, through the same incremental
linker; as its verdicts depend on the data only, the result is the one every
sequence of imports of the same data reaches.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select, update

from crossline.link.campaigns import Linker
from crossline.link.common import DEFAULT_MIN_GROUPS
from crossline.link.roles import attribute_reason
from crossline.link.warnlist import warn_reason
from crossline.link.warnlist_node import node_list
from crossline.store.queries_citizen import counts_as_evidence
from crossline.store.repository import Store
from crossline.store.schema import components, indicators, reports

BATCH = 20_000


def relink(store: Store, *, min_groups: int = DEFAULT_MIN_GROUPS) -> dict[str, int]:
    """Forget all components and data-driven verdicts, then link every report again."""
    linker = Linker(store, min_groups=min_groups)
    with store.transaction() as conn:
        store.dialect.link_lock(conn)
        store.note_risk_changes(conn, everything=True)
        conn.execute(update(reports).values(component_id=None))
        conn.execute(update(indicators).values(component_id=None, common=False, common_reason=None))
        conn.execute(components.delete())
        mine = node_list(conn)
        listed = [
            (i, reason)
            for i, kind, value in conn.execute(
                select(indicators.c.id, indicators.c.kind, indicators.c.value)
            )
            if (reason := warn_reason(kind, value))
            or (reason := mine[(kind, value)].reason if (kind, value) in mine else None)
            or (reason := attribute_reason(kind))
        ]
        for iid, reason in listed:
            store.mark_common(conn, [iid], reason)
        # Unconfirmed reports from the public never link (crossline.services.citizens).
        ids = list(
            conn.execute(
                select(reports.c.id).where(counts_as_evidence()).order_by(reports.c.id)
            ).scalars()
        )
    linked = 0
    for start in range(0, len(ids), BATCH):
        part = ids[start : start + BATCH]
        with store.transaction() as conn:
            store.dialect.link_lock(conn)
            batch: dict[str, list[str]] = defaultdict(list)
            for rid, iid, common in store.sightings_of_reports(conn, part):
                if not common:
                    batch[rid].append(iid)
            batch = {rid: sorted(set(batch.get(rid, []))) for rid in part}
            linker.link(conn, batch)
            linked += len(part)
    with store.read() as conn:
        n = len(list(conn.execute(select(components.c.id).where(components.c.report_count >= 2))))
    return {"reports": linked, "campaigns": n, "listed_common": len(listed)}
