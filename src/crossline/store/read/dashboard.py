"""Counts and aggregates: the node's stats and the dashboard's panels."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, func, select

from crossline.store.read.campaigns import cross_border_filter, day_of
from crossline.store.read.names import with_names
from crossline.store.read.rows import MIN_CAMPAIGN_REPORTS, campaign_dict
from crossline.store.repository import as_utc
from crossline.store.schema import components, imports, indicators, quarantine, reports, sightings


def stats(conn: Connection) -> dict[str, Any]:
    """Counts of reports (by source), indicators (by kind), sightings, campaigns,
    quarantined rows and imports."""

    def count(q: Any) -> int:
        return int(conn.execute(q).scalar() or 0)

    def count_by(column: Any) -> dict[Any, int]:
        q = select(column, func.count()).group_by(column).order_by(column)
        return {value: n for value, n in conn.execute(q)}

    camp = components.c
    return {
        "reports": count(select(func.count()).select_from(reports)),
        "reports_by_source": count_by(reports.c.source),
        "indicators": count(select(func.count()).select_from(indicators)),
        "indicators_by_kind": count_by(indicators.c.kind),
        "common_indicators": count(
            select(func.count()).select_from(indicators).where(indicators.c.common)
        ),
        "sightings": count(select(func.count()).select_from(sightings)),
        "campaigns": count(
            select(func.count())
            .select_from(components)
            .where(camp.report_count >= MIN_CAMPAIGN_REPORTS)
        ),
        "quarantined": count(select(func.count()).select_from(quarantine)),
        "imports": count(select(func.count()).select_from(imports)),
    }


def reports_per_day(conn: Connection, *, days: int = 90, tz: str | None = None) -> dict[str, Any]:
    """Reports per day (in time zone ``tz``, default UTC) and jurisdiction over the
    ``days`` up to the newest report."""
    r = reports.c
    newest = as_utc(conn.execute(select(func.max(r.seen_at))).scalar())
    if newest is None:
        return {"days": [], "series": {}}
    newest = newest.astimezone(ZoneInfo(tz or "UTC"))
    start = (newest - timedelta(days=days - 1)).replace(hour=0, minute=0, second=0, microsecond=0)
    day = day_of(conn, r.seen_at, tz)
    q = (
        select(day, r.jurisdiction, func.count())
        .where(r.seen_at >= start)
        .group_by(day, r.jurisdiction)
    )
    labels = [(start + timedelta(days=k)).date().isoformat() for k in range(days)]
    index = {d: k for k, d in enumerate(labels)}
    series: dict[str, list[int]] = {}
    for d, jur, n in conn.execute(q):
        k = index.get(str(d)[:10])
        if k is not None:
            series.setdefault(jur, [0] * days)[k] += n
    return {"days": labels, "series": dict(sorted(series.items()))}


def top_campaigns(conn: Connection, *, limit: int = 8) -> dict[str, Any]:
    """The largest campaigns by victims, and by loss in each currency seen."""
    c = components.c
    live = c.report_count >= MIN_CAMPAIGN_REPORTS
    by_victims = [
        campaign_dict(row)
        for row in conn.execute(
            select(components).where(live).order_by(c.victim_count.desc(), c.id).limit(limit)
        )
    ]
    by_loss: dict[str, list[dict[str, Any]]] = {}
    currencies = [
        cur
        for (cur,) in conn.execute(
            select(reports.c.currency)
            .where(reports.c.currency.is_not(None), reports.c.component_id.is_not(None))
            .group_by(reports.c.currency)
            .order_by(func.count().desc())
            .limit(4)
        )
    ]
    for cur in currencies:
        amount = c.total_loss[cur].as_float()
        rows = conn.execute(
            select(components)
            .where(live, amount.is_not(None), amount > 0)
            .order_by(amount.desc(), c.id)
            .limit(limit)
        )
        by_loss[cur] = [campaign_dict(row) for row in rows]
    with_names(conn, by_victims)
    for items in by_loss.values():
        with_names(conn, items)
    return {"by_victims": by_victims, "by_loss": by_loss}


def recent_cross_border(conn: Connection, *, limit: int = 10) -> list[dict[str, Any]]:
    """Campaigns spanning several jurisdictions, most recently updated first."""
    c = components.c
    rows = conn.execute(
        select(components)
        .where(c.report_count >= MIN_CAMPAIGN_REPORTS, cross_border_filter(conn))
        .order_by(c.updated_at.desc(), c.id)
        .limit(limit)
    )
    return with_names(conn, [campaign_dict(row) for row in rows])
