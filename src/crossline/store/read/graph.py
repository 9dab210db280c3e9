"""Link graphs: a campaign's reports and values, or one value's neighbourhood.

Bounded: a campaign of 100,000 reports must not become a 100,000-node response, so
reports beyond the limit are left out and ``truncated`` says so.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, case, func, select

from crossline.errors import NotFoundError
from crossline.store.read.names import campaign_names
from crossline.store.read.rows import MIN_CAMPAIGN_REPORTS, iso
from crossline.store.repository import chunks
from crossline.store.schema import components, indicators, reports, sightings

# The campaign graph shows this many reports; expanding a value skips those.
CAMPAIGN_GRAPH_REPORTS = 300


def campaign_graph(
    conn: Connection, cid: str, *, max_reports: int = CAMPAIGN_GRAPH_REPORTS
) -> dict[str, Any]:
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
    conn: Connection,
    indicator_id: str,
    *,
    max_reports: int = 100,
    campaign_id: str | None = None,
    shown: int = CAMPAIGN_GRAPH_REPORTS,
) -> dict[str, Any]:
    """What a value leads to, to expand a graph node in place: the reports it was seen
    in with their other values, and the campaigns those reports belong to.

    With ``campaign_id`` (the campaign whose graph is on screen), the reports that graph
    already shows (its first ``shown``) are left out and reports of other campaigns come
    first; ``already_shown`` counts what was left out, so the page can say so.
    """
    s, r = sightings.c, reports.c
    ids = select(s.report_id).where(s.indicator_id == indicator_id).distinct()
    conds: list[Any] = [r.id.in_(ids)]
    order: list[Any] = [r.seen_at, r.id]
    already = 0
    if campaign_id:
        on_screen = (
            select(r.id)
            .where(r.component_id == campaign_id)
            .order_by(r.seen_at, r.id)
            .limit(shown)
            .subquery()
        )
        conds.append(r.id.not_in(select(on_screen.c.id)))
        already = int(
            conn.execute(
                select(func.count()).select_from(on_screen).where(on_screen.c.id.in_(ids))
            ).scalar()
            or 0
        )
        order = [case((r.component_id == campaign_id, 1), else_=0), *order]
    rows = list(conn.execute(select(reports).where(*conds).order_by(*order).limit(max_reports + 1)))
    if (
        not rows
        and not conn.execute(select(indicators.c.id).where(indicators.c.id == indicator_id)).first()
    ):
        raise NotFoundError(f"no indicator with id {indicator_id!r}")
    graph = _graph(conn, rows[:max_reports], truncated=len(rows) > max_reports)
    campaigns = _value_campaigns(conn, indicator_id, exclude=campaign_id)
    graph["nodes"].extend(campaigns)
    graph["edges"].extend(
        {"source": indicator_id, "target": c["id"], "field": "campaign"} for c in campaigns
    )
    graph["already_shown"] = already
    return graph


def _value_campaigns(
    conn: Connection, indicator_id: str, *, exclude: str | None, limit: int = 30
) -> list[dict[str, Any]]:
    """The campaigns a value's reports belong to (largest share first), as graph nodes."""
    s, r, c = sightings.c, reports.c, components.c
    n = func.count(func.distinct(r.id))
    q = (
        select(c.id, c.report_count, c.label, n.label("with_value"))
        .join(reports, r.component_id == c.id)
        .join(sightings, s.report_id == r.id)
        .where(s.indicator_id == indicator_id, c.report_count >= MIN_CAMPAIGN_REPORTS)
        .group_by(c.id, c.report_count, c.label)
        .order_by(n.desc(), c.id)
        .limit(limit + 1)
    )
    rows = [row for row in conn.execute(q) if row.id != exclude][:limit]
    names = campaign_names(conn, [row.id for row in rows])
    return [
        {
            "id": f"campaign:{row.id}",
            "type": "campaign",
            "label": names.get(row.id) or f"Campaign {row.id[:8]}",
            "campaign_id": row.id,
            "report_count": row.report_count,
            "reports_with_value": int(row.with_value),
            "scam_type": row.label,
        }
        for row in rows
    ]


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
