"""Campaigns: the list, one campaign's detail, its reports and every value seen in it.

One function per view, shared by the CLI, the API and the web app, so the three show
the same campaign. Filters (jurisdiction, cross-border, scam type, size) and paging
run in SQL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Date, case, cast, exists, func, literal, select

from crossline.errors import NotFoundError, ValidationError
from crossline.fx import usd_factors
from crossline.store import casework as cw
from crossline.store.dialects import json_key_count
from crossline.store.read.names import with_names
from crossline.store.read.rows import (
    MIN_CAMPAIGN_REPORTS,
    brief_columns,
    campaign_dict,
    indicator_dict,
    report_brief,
)
from crossline.store.repository import chunks
from crossline.store.schema import components, indicators, reports, sightings

c = components.c

CAMPAIGN_SORTS: dict[str, tuple[Any, ...]] = {
    "reports": (c.report_count.desc(), c.id),
    "victims": (c.victim_count.desc(), c.id),
    "recent": (c.last_seen.desc(), c.id),
    "oldest": (c.first_seen.asc(), c.id),
}

# Detail defaults, the same for every face; callers page the reports.
DETAIL_INDICATORS = 200
DETAIL_REPORTS = 100


def resolve_campaign_id(conn: Connection, ref: str) -> str:
    """A full campaign id from an id or an unambiguous prefix of at least 6 characters."""
    ref = ref.strip().lower()
    if len(ref) < 6:
        raise ValidationError("campaign id prefix too short: give at least 6 characters")
    if len(ref) < 36 and not all(ch in "0123456789abcdef-" for ch in ref):
        raise NotFoundError(f"no campaign with id {ref!r}")
    # A full id (what pages and links carry) is one primary-key read; only a typed prefix
    # needs LIKE, which neither engine answers from the index.
    match = c.id == ref if len(ref) == 36 else c.id.like(ref + "%")
    ids = list(conn.execute(select(c.id).where(match).limit(2)).scalars())
    if not ids:
        raise NotFoundError(f"no campaign with id {ref!r}")
    if len(ids) > 1:
        raise ValidationError(f"campaign id prefix {ref!r} is ambiguous: give more characters")
    return str(ids[0])


def campaign_summary(conn: Connection, campaign_id: str) -> dict[str, Any] | None:
    """The summary of one campaign by full id, or None."""
    row = conn.execute(select(components).where(c.id == campaign_id)).first()
    return with_names(conn, [campaign_dict(row)])[0] if row is not None else None


def cross_border_filter(conn: Connection) -> Any:
    """SQL condition: the campaign has reports from more than one jurisdiction."""
    return json_key_count(conn.dialect.name, c.jurisdictions) > 1


def tying_indicators(conn: Connection, campaign_id: str, limit: int = 20) -> list[dict[str, Any]]:
    """The shared values that hold a campaign together, most reported first."""
    i = indicators.c
    q = (
        select(indicators)
        .where(i.component_id == campaign_id, i.report_count >= 2)
        .order_by(i.report_count.desc(), i.kind, i.value)
        .limit(limit)
    )
    return [indicator_dict(r) for r in conn.execute(q)]


def campaign_reports(
    conn: Connection, campaign_id: str, *, limit: int = 1000, offset: int = 0
) -> list[dict[str, Any]]:
    """A campaign's reports (briefs, no victim PII), oldest first."""
    r = reports.c
    q = (
        select(*brief_columns())
        .where(r.component_id == campaign_id)
        .order_by(r.seen_at, r.id)
        .limit(limit)
        .offset(offset)
    )
    return [report_brief(row) for row in conn.execute(q)]


def campaign_detail(
    conn: Connection,
    ref: str,
    *,
    indicators_limit: int = DETAIL_INDICATORS,
    reports_limit: int = DETAIL_REPORTS,
    reports_offset: int = 0,
) -> dict[str, Any]:
    """One campaign, as every face shows it: summary, tying values, a page of reports.

    ``ref`` is an id or an unambiguous prefix; unknown or ambiguous ones raise.
    """
    cid = resolve_campaign_id(conn, ref)
    item = campaign_summary(conn, cid)
    if item is None:  # pragma: no cover - resolved just above
        raise NotFoundError(f"no campaign with id {ref!r}")
    item["indicators"] = tying_indicators(conn, cid, limit=indicators_limit)
    item["reports"] = campaign_reports(conn, cid, limit=reports_limit, offset=reports_offset)
    return item


def campaign_filters(
    conn: Connection,
    *,
    jurisdiction: str | None = None,
    cross_border: bool = False,
    label: str | Sequence[str] | None = None,
    state: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    min_reports: int = MIN_CAMPAIGN_REPORTS,
    ids: Sequence[str] | None = None,
    org_id: str | None = None,
    status: str | None = None,
    assignee: str | None = None,
    tag: str | None = None,
) -> list[Any]:
    """SQL conditions of the campaign list's filters.

    ``label``: one internal scam-type name or several; ``state``: a victim's state or
    province in any report of the campaign (case-insensitive); ``since``/``until``: the
    campaign was active in that window (last seen on or after ``since``, first seen
    before ``until``); ``ids``: only these campaigns (a watchlist, a selection). With
    ``org_id``, that organisation's casework filters (status, assignee, tag) apply.
    """
    conds: list[Any] = [c.report_count >= max(min_reports, MIN_CAMPAIGN_REPORTS)]
    if org_id:
        conds += cw.list_filters(org_id, status=status, assignee=assignee, tag=tag)
    if label:
        labels = [label] if isinstance(label, str) else list(label)
        conds.append(c.label.in_(labels))
    if jurisdiction:
        conds.append(c.jurisdictions[jurisdiction].as_integer() > 0)
    if cross_border:
        conds.append(cross_border_filter(conn))
    if state:
        r = reports.c
        conds.append(
            exists().where(r.component_id == c.id, func.lower(r.victim_state) == state.lower())
        )
    if since is not None:
        conds.append(c.last_seen >= since)
    if until is not None:
        conds.append(c.first_seen < until)
    if ids is not None:
        conds.append(c.id.in_(list(ids)))
    return conds


def loss_order(conn: Connection) -> tuple[Any, ...]:
    """Largest loss first, every currency converted to dollars with the shipped rate
    table; campaigns whose only losses are in currencies the table lacks come next, and
    campaigns with no loss last: sorting never drops a campaign."""
    usd: Any = literal(0.0)
    for code, factor in sorted(usd_factors().items()):
        usd = usd + func.coalesce(c.total_loss[code].as_float(), 0.0) * factor
    tier = case(
        (usd > 0, 0),
        (json_key_count(conn.dialect.name, c.total_loss) > 0, 1),
        else_=2,
    )
    return (tier, usd.desc(), c.id)


def campaigns_page(
    conn: Connection,
    *,
    sort: str = "reports",
    currency: str | None = None,
    limit: int = 25,
    offset: int = 0,
    tying: int = 5,
    with_reports: int = 0,
    **filters: Any,
) -> dict[str, Any]:
    """One page of campaigns and the ``total`` that match; every filter runs in SQL
    (see :func:`campaign_filters`).

    ``sort="loss"`` orders by the loss converted to dollars (:func:`loss_order`);
    with ``currency`` it orders by the loss in that one currency, campaigns without it
    after the others (never left out). Each item carries its ``tying`` top values and
    ``loss_usd``; ``with_reports`` > 0 adds that many of its reports.
    """
    conds = campaign_filters(conn, **filters)
    if sort == "loss" and currency:
        amount = func.coalesce(c.total_loss[currency].as_float(), -1.0)
        order: tuple[Any, ...] = (amount.desc(), *loss_order(conn))
    elif sort == "loss":
        order = loss_order(conn)
    else:
        order = CAMPAIGN_SORTS[sort]
    total = int(
        conn.execute(select(func.count()).select_from(components).where(*conds)).scalar() or 0
    )
    q = select(components).where(*conds).order_by(*order).limit(limit).offset(offset)
    items = []
    for row in conn.execute(q).all():
        item = campaign_dict(row)
        item["indicators"] = tying_indicators(conn, row.id, limit=tying)
        if with_reports:
            item["reports"] = campaign_reports(conn, row.id, limit=with_reports)
        items.append(item)
    with_names(conn, items)
    if org_id := filters.get("org_id"):
        states = cw.states_of(conn, org_id, [i["id"] for i in items])
        for item in items:
            item["casework"] = states.get(item["id"]) or {"status": cw.OPEN}
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def campaign_indicators(
    conn: Connection, cid: str, *, limit: int = 200, offset: int = 0
) -> dict[str, Any]:
    """Every value seen in the campaign's reports, common ones included and flagged."""
    s, i, r = sightings.c, indicators.c, reports.c
    base = (
        select(s.indicator_id)
        .join(reports, r.id == s.report_id)
        .where(r.component_id == cid)
        .distinct()
        .subquery()
    )
    total = int(conn.execute(select(func.count()).select_from(base)).scalar() or 0)
    q = (
        select(indicators)
        .where(i.id.in_(select(base.c.indicator_id)))
        .order_by(i.common, i.report_count.desc(), i.kind, i.value)
        .limit(limit)
        .offset(offset)
    )
    return {"total": total, "items": [indicator_dict(row) for row in conn.execute(q)]}


def day_of(conn: Connection, column: Any, tz: str | None = None) -> Any:
    """SQL for the calendar day of a timestamp column, in time zone ``tz`` (default UTC).

    PostgreSQL converts with the zone's rules; SQLite has no zone database, so there the
    zone's current UTC offset is applied (exact for zones without daylight saving, such
    as Asia/Kolkata; an hour off around the clock change elsewhere).
    """
    local = tz not in (None, "", "UTC")
    if conn.dialect.name == "sqlite":
        if local:
            return func.date(column, f"{utc_offset_minutes(str(tz)):+d} minutes")
        return func.date(column)
    return cast(func.timezone(tz, column) if local else column, Date)


def utc_offset_minutes(tz: str) -> int:
    """The zone's offset from UTC now, in minutes (Asia/Kolkata: 330)."""
    offset = datetime.now(ZoneInfo(tz)).utcoffset()
    return int(offset.total_seconds() // 60) if offset else 0


def campaign_timeline(conn: Connection, cid: str, *, tz: str | None = None) -> dict[str, Any]:
    """Reports and losses per day (in time zone ``tz``, default UTC) and jurisdiction."""
    r = reports.c
    day = day_of(conn, r.seen_at, tz)
    q = (
        select(day.label("day"), r.jurisdiction, func.count(), r.currency, func.sum(r.amount_lost))
        .where(r.component_id == cid, r.seen_at.is_not(None))
        .group_by(day, r.jurisdiction, r.currency)
        .order_by(day)
    )
    days: dict[str, dict[str, Any]] = {}
    for d, jur, n, cur, loss in conn.execute(q):
        key = str(d)[:10]
        entry = days.setdefault(key, {"day": key, "reports": {}, "loss": {}})
        entry["reports"][jur] = entry["reports"].get(jur, 0) + n
        if cur and loss is not None:
            entry["loss"][cur] = str(round(float(entry["loss"].get(cur, 0)) + float(loss), 2))
    undated = conn.execute(
        select(func.count()).select_from(reports).where(r.component_id == cid, r.seen_at.is_(None))
    ).scalar()
    return {"campaign_id": cid, "days": fill_days(days), "undated": int(undated or 0)}


# A campaign's timeline is zero-filled up to ten years of days; beyond, only days seen.
MAX_FILLED_DAYS = 3660


def fill_days(days: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Days in order with the quiet ones between the first and last present, at zero:
    a gap in a campaign is information, and a chart without it lies about the pace."""
    if not days:
        return []
    keys = sorted(days)
    first, last = date.fromisoformat(keys[0]), date.fromisoformat(keys[-1])
    span = (last - first).days + 1
    if span > MAX_FILLED_DAYS:
        return [days[k] for k in keys]
    out = []
    for k in range(span):
        key = (first + timedelta(days=k)).isoformat()
        out.append(days.get(key) or {"day": key, "reports": {}, "loss": {}})
    return out


def campaign_geography(conn: Connection, cid: str) -> dict[str, Any]:
    """Where the campaign's victims are: reports by victim country and state."""
    r = reports.c
    country = func.coalesce(r.victim_country, r.jurisdiction)
    q = (
        select(
            country.label("country"),
            r.victim_state,
            func.count(),
            func.count(func.distinct(func.coalesce(r.victim_key, r.id))),
        )
        .where(r.component_id == cid)
        .group_by(country, r.victim_state)
    )
    places = [
        {"country": co, "state": s, "reports": n, "victims": v} for co, s, n, v in conn.execute(q)
    ]
    places.sort(key=lambda p: (-p["reports"], p["country"] or "", p["state"] or ""))
    by_country: dict[str, int] = defaultdict(int)
    for p in places:
        by_country[p["country"] or "??"] += p["reports"]
    return {"campaign_id": cid, "by_country": dict(by_country), "places": places}


def campaign_summaries(conn: Connection, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """id -> summary of the given campaigns (unknown ids are left out)."""
    out: dict[str, dict[str, Any]] = {}
    for part in chunks(sorted(set(ids))):
        for row in conn.execute(select(components).where(c.id.in_(part))):
            out[row.id] = campaign_dict(row)
    return out


def campaign_sources(conn: Connection) -> dict[str, set[str]]:
    """The sources of each campaign's reports (``partner:NAME`` for a partner's), by id."""
    rows = conn.execute(
        select(reports.c.component_id, reports.c.source).where(reports.c.component_id.is_not(None))
    )
    sources: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        sources[r.component_id].add(r.source)
    return dict(sources)
