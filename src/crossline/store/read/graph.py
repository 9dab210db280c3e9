"""Link graphs: a campaign's reports and values, or one value's neighbourhood.

Bounded: a campaign of 100,000 reports must not become a 100,000-node response, so
reports beyond the limit are left out and ``truncated`` says so.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from crossline.errors import NotFoundError
from crossline.store.read.rows import iso
from crossline.store.repository import chunks
from crossline.store.schema import indicators, reports, sightings


def campaign_graph(conn: Connection, cid: str, *, max_reports: int = 300) -> dict[str, Any]:
    """Nodes (reports, indicators) and edges (sightings) of a campaign, for the link graph.

    Common values appear, flagged, but are not what ties the campaign.
    """
    r = reports.c
    rows = list(
        conn.execute(
            select(reports)
            .where(r.component_id == cid)
            .order_by(r.seen_at, r.id)
            .limit(max_reports + 1)
        )
    )
    return _graph(conn, rows[:max_reports], truncated=len(rows) > max_reports)


def indicator_graph(
    conn: Connection, indicator_id: str, *, max_reports: int = 100
) -> dict[str, Any]:
    """The reports one value was seen in, with their other values: to expand a graph node."""
    s, r = sightings.c, reports.c
    ids = select(s.report_id).where(s.indicator_id == indicator_id).distinct()
    rows = list(
        conn.execute(
            select(reports).where(r.id.in_(ids)).order_by(r.seen_at, r.id).limit(max_reports + 1)
        )
    )
    if (
        not rows
        and not conn.execute(select(indicators.c.id).where(indicators.c.id == indicator_id)).first()
    ):
        raise NotFoundError(f"no indicator with id {indicator_id!r}")
    return _graph(conn, rows[:max_reports], truncated=len(rows) > max_reports)


def _report_node(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "type": "report",
        "label": f"{row.jurisdiction} {row.source_ref}"[:40],
        "jurisdiction": row.jurisdiction,
        "channel": row.channel,
        "seen_at": iso(row.seen_at),
        "amount_lost": str(row.amount_lost) if row.amount_lost is not None else None,
        "currency": row.currency,
        "campaign_id": row.component_id,
    }


def _indicator_node(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "type": "indicator",
        "kind": row.kind,
        "label": row.value,
        "report_count": row.report_count,
        "common": bool(row.common),
        "common_reason": row.common_reason,
        "campaign_id": row.component_id,
    }


def _graph(conn: Connection, rows: list[Any], *, truncated: bool) -> dict[str, Any]:
    s, i = sightings.c, indicators.c
    nodes: list[dict[str, Any]] = [_report_node(row) for row in rows]
    edges: list[dict[str, Any]] = []
    seen_ind: dict[str, dict[str, Any]] = {}
    pairs: set[tuple[str, str]] = set()
    for part in chunks([row.id for row in rows]):
        q = (
            select(s.report_id, s.field, indicators)
            .join(indicators, i.id == s.indicator_id)
            .where(s.report_id.in_(part))
        )
        for row in conn.execute(q):
            if row.id not in seen_ind:
                seen_ind[row.id] = _indicator_node(row)
            if (row.report_id, row.id) not in pairs:
                pairs.add((row.report_id, row.id))
                edges.append({"source": row.report_id, "target": row.id, "field": row.field})
    nodes.extend(seen_ind.values())
    return {"nodes": nodes, "edges": edges, "truncated": truncated}
