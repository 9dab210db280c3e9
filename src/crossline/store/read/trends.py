"""Node-wide trends for the dashboard: reports by scam type per week, victims by state.

Weeks start on Monday (ISO weeks) and are zero-filled, so a quiet week shows as zero
instead of vanishing. Day buckets are computed in SQL (UTC days), weeks in Python, so
both engines agree.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, func, select

from crossline.store.read.campaigns import day_of
from crossline.store.repository import as_utc
from crossline.store.schema import reports

# More scam types than this and the smallest are summed as "other" (a chart of 30
# colours is unreadable; the table below it lists them all).
MAX_SERIES = 7
UNLABELLED = "unlabelled"
OTHER = "other types"


def week_of(day: date) -> date:
    """The Monday starting ``day``'s ISO week."""
    return day - timedelta(days=day.weekday())


def reports_per_week_by_type(
    conn: Connection, *, weeks: int = 26, tz: str | None = None
) -> dict[str, Any]:
    """Reports per ISO week and scam type over the ``weeks`` up to the newest report.

    Days are the viewer's (``tz``). Returns ``weeks`` (Mondays, ISO), ``series`` (type
    -> counts, largest first, the tail summed as "other types") and ``totals`` (every
    type, for the table).
    """
    r = reports.c
    newest = as_utc(conn.execute(select(func.max(r.seen_at))).scalar())
    if newest is None:
        return {"weeks": [], "series": {}, "totals": {}}
    zone = ZoneInfo(tz or "UTC")
    last = week_of(newest.astimezone(zone).date())
    first = last - timedelta(weeks=weeks - 1)
    day = day_of(conn, r.seen_at, tz)
    q = (
        select(day, r.label, func.count())
        .where(r.seen_at >= datetime.combine(first, time.min, tzinfo=zone).astimezone(UTC))
        .group_by(day, r.label)
    )
    mondays = [first + timedelta(weeks=k) for k in range(weeks)]
    index = {m: k for k, m in enumerate(mondays)}
    counts: dict[str, list[int]] = {}
    for d, label, n in conn.execute(q):
        k = index.get(week_of(date.fromisoformat(str(d)[:10])))
        if k is not None:
            counts.setdefault(label or UNLABELLED, [0] * weeks)[k] += int(n)
    totals = {t: sum(v) for t, v in counts.items()}
    ranked = sorted(counts, key=lambda t: (-totals[t], t))
    series = {t: counts[t] for t in ranked[:MAX_SERIES]}
    if len(ranked) > MAX_SERIES:
        series[OTHER] = [sum(counts[t][k] for t in ranked[MAX_SERIES:]) for k in range(weeks)]
    return {
        "weeks": [m.isoformat() for m in mondays],
        "series": series,
        "totals": {t: totals[t] for t in ranked},
    }


def victims_by_state(conn: Connection, *, campaign_id: str | None = None) -> list[dict[str, Any]]:
    """Reports and distinct victims per (country, state), node-wide or for one campaign."""
    r = reports.c
    country = func.coalesce(r.victim_country, r.jurisdiction)
    q = select(
        country.label("country"),
        r.victim_state,
        func.count(),
        func.count(func.distinct(func.coalesce(r.victim_key, r.id))),
    ).group_by(country, r.victim_state)
    if campaign_id is not None:
        q = q.where(r.component_id == campaign_id)
    rows = [
        {"country": co, "state": st, "reports": int(n), "victims": int(v)}
        for co, st, n, v in conn.execute(q)
    ]
    rows.sort(key=lambda p: (-p["reports"], p["country"] or "", p["state"] or ""))
    return rows
