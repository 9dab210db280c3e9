"""Taking reports out of their campaigns, for a report whose content changed.

A corrected complaint may have lost a value that tied it to other reports. Its old
component is rebuilt from the remaining reports' sightings (it may fall apart into
several), and the report is then linked again by the incremental linker from its
new values, exactly as a new report would be.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import Connection, select, update

from crossline.link import decisions
from crossline.link.campaigns import component_id
from crossline.link.summary import refresh_summaries
from crossline.link.unionfind import UnionFind
from crossline.store.repository import Store, chunks
from crossline.store.schema import indicators, reports


def unlink(conn: Connection, store: Store, report_ids: Sequence[str]) -> set[str]:
    """Detach the reports from their components and rebuild those components.

    Returns the ids of the rebuilt components (their summaries are refreshed).
    """
    comps: set[str] = set()
    for part in chunks(list(report_ids)):
        q = select(reports.c.component_id).where(
            reports.c.id.in_(part), reports.c.component_id.is_not(None)
        )
        comps.update(conn.execute(q).scalars())
    store.set_report_components(conn, dict.fromkeys(report_ids, None))  # type: ignore[arg-type]
    if not comps:
        return set()
    ordered = sorted(comps)
    for part in chunks(ordered):
        conn.execute(
            update(indicators).where(indicators.c.component_id.in_(part)).values(component_id=None)
        )
    members = store.reports_by_component(conn, ordered)
    edges: dict[str, list[str]] = defaultdict(list)
    remaining = [r for cid in ordered for r in members.get(cid, [])]
    decided = decisions.load(conn, remaining)  # analysts' merges and splits still hold
    for rid, iid, common in store.sightings_of_reports(conn, remaining):
        if not common and (rid, iid) not in decided.cuts:
            edges[rid].append(iid)
    report_assign: dict[str, str | None] = {}
    ind_assign: dict[str, str] = {}
    touched: set[str] = set()
    for cid in ordered:
        uf = UnionFind(members.get(cid, []))
        for rid in members.get(cid, []):
            for iid in edges.get(rid, []):
                uf.union(rid, ("i", iid))
        inside = set(members.get(cid, []))
        for a, b in decided.pairs:
            if a in inside and b in inside:
                uf.union(a, b)
        for group in uf.groups():
            rids = [g for g in group if isinstance(g, str)]
            keys = [g[1] for g in group if isinstance(g, tuple)]
            new = component_id(min(rids)) if keys or len(rids) > 1 else None
            report_assign.update(dict.fromkeys(rids, new))
            ind_assign.update(dict.fromkeys(keys, new) if new else {})
            if new:
                touched.add(new)
    store.delete_components(conn, ordered)
    store.set_report_components(conn, report_assign)  # type: ignore[arg-type]
    store.set_indicator_components(conn, ind_assign)
    refresh_summaries(conn, store, touched)
    return touched
