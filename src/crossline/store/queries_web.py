"""Read queries for the web app and the API: report search and detail, dashboard
aggregates, and a campaign's graph, timeline and geography.

Like :mod:`crossline.store.queries` they return plain dicts. Victim PII is only
ever returned by :func:`report_detail` under its own key, so the caller decides.
Every list is bounded: a campaign of 100,000 reports must not become a
100,000-node response.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import PurePath
from typing import Any

from sqlalchemy import Connection, Date, and_, cast, func, or_, select

from crossline.errors import NotFoundError, ValidationError
from crossline.store.queries import (
    MIN_CAMPAIGN_REPORTS,
    campaign_dict,
    indicator_dict,
    report_brief,
)
from crossline.store.repository import as_utc, iso_utc
from crossline.store.schema import components, imports, indicators, reports, sightings
from crossline.store.schema_auth import import_jobs, organisations
from crossline.store.visibility import EVERYTHING, OrgView, visible

REPORT_SORTS = {
    "seen": (reports.c.seen_at.desc(), reports.c.id),
    "seen_asc": (reports.c.seen_at.asc(), reports.c.id),
    "loss": (reports.c.amount_lost.desc(), reports.c.id),
}


def _day(conn: Connection, column: Any) -> Any:
    return func.date(column) if conn.dialect.name == "sqlite" else cast(column, Date)


# -- reports ---------------------------------------------------------------------------


def search_reports(
    conn: Connection,
    *,
    q: str | None = None,
    jurisdiction: str | None = None,
    channel: str | None = None,
    label: str | None = None,
    source: str | None = None,
    campaign_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    min_loss: float | None = None,
    sort: str = "seen",
    limit: int = 50,
    offset: int = 0,
) -> dict[str, Any]:
    """Reports matching every given filter; ``q`` is a case-insensitive substring of the
    text or category. Returns ``{"total", "items"}`` with ``items`` as report briefs."""
    r = reports.c
    conds: list[Any] = []
    if q:
        pattern = f"%{q.lower()}%"
        conds.append(or_(func.lower(r.text).like(pattern), func.lower(r.category).like(pattern)))
    for column, value in (
        (r.jurisdiction, jurisdiction),
        (r.channel, channel),
        (r.label, label),
        (r.source, source),
        (r.component_id, campaign_id),
    ):
        if value:
            conds.append(column == value)
    if since:
        conds.append(r.seen_at >= since)
    if until:
        conds.append(r.seen_at < until)
    if min_loss is not None:
        conds.append(r.amount_lost >= min_loss)
    where = and_(*conds) if conds else None
    count_q = select(func.count()).select_from(reports)
    page_q = select(reports).order_by(*REPORT_SORTS[sort]).limit(limit).offset(offset)
    if where is not None:
        count_q = count_q.where(where)
        page_q = page_q.where(where)
    total = int(conn.execute(count_q).scalar() or 0)
    items = [{**report_brief(row), "campaign_id": row.component_id} for row in conn.execute(page_q)]
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def report_detail(conn: Connection, report_id: str) -> dict[str, Any]:
    """A report in full: text, suspects, location, label and the indicators found in it.

    ``victim_pii`` is included under its own key; the API removes it unless the
    caller may see it.
    """
    row = conn.execute(select(reports).where(reports.c.id == report_id)).first()
    if row is None:
        raise NotFoundError(f"no report with id {report_id!r}")
    s, i = sightings.c, indicators.c
    found = conn.execute(
        select(s.field, s.start, s.end, s.raw, indicators)
        .join(indicators, i.id == s.indicator_id)
        .where(s.report_id == report_id)
        .order_by(s.field, s.start)
    )
    return {
        **report_brief(row),
        "text": row.text,
        "received_at": iso_utc(row.received_at),
        "received_raw": row.received_raw,
        "incident_at": iso_utc(row.incident_at),
        "incident_raw": row.incident_raw,
        "payment_method": row.payment_method,
        "victim_district": row.victim_district,
        "victim_area_code": row.victim_area_code,
        "suspects": row.suspects or [],
        "marking": row.marking,
        "label_confidence": row.label_confidence,
        "label_evidence": row.label_evidence or [],
        "tags": row.tags or {},
        "needs_review": row.needs_review,
        "extra": row.extra or {},
        "import_id": row.import_id,
        "campaign_id": row.component_id,
        "created_at": iso_utc(row.created_at),
        "sightings": [
            {
                "field": f.field,
                "start": None if f.start < 0 else f.start,
                "end": f.end,
                "raw": f.raw,
                "indicator": indicator_dict(f),
            }
            for f in found
        ],
        "victim_pii": row.victim_pii,
    }


def report_owner(conn: Connection, import_id: str | None) -> str | None:
    """The organisation owning reports of an import: the one whose job created it,
    else the node's home agency (files imported on the node itself)."""
    if import_id:
        owner = conn.execute(
            select(import_jobs.c.org_id).where(import_jobs.c.import_id == import_id).limit(1)
        ).scalar()
        if owner:
            return str(owner)
    home = conn.execute(select(organisations.c.id).where(organisations.c.is_home)).scalar()
    return str(home) if home else None


# -- campaigns ---------------------------------------------------------------------------


def resolve_campaign_id(conn: Connection, ref: str) -> str:
    """A full campaign id from an id or an unambiguous prefix of at least 6 characters."""
    ref = ref.strip().lower()
    if len(ref) < 6:
        raise ValidationError("campaign id prefix too short: give at least 6 characters")
    if len(ref) < 36 and not all(ch in "0123456789abcdef-" for ch in ref):
        raise NotFoundError(f"no campaign with id {ref!r}")
    c = components.c
    ids = list(conn.execute(select(c.id).where(c.id.like(ref + "%")).limit(2)).scalars())
    if not ids:
        raise NotFoundError(f"no campaign with id {ref!r}")
    if len(ids) > 1:
        raise ValidationError(f"campaign id prefix {ref!r} is ambiguous: give more characters")
    return ids[0]


def campaign_page(
    conn: Connection,
    ref: str,
    *,
    indicators_limit: int = 100,
    reports_limit: int = 100,
) -> dict[str, Any]:
    """A campaign's summary with its top indicators and its first reports (bounded)."""
    from crossline.store.queries import campaign_reports, tying_indicators

    cid = resolve_campaign_id(conn, ref)
    row = conn.execute(select(components).where(components.c.id == cid)).first()
    if row is None:  # pragma: no cover - resolved just above
        raise NotFoundError(f"no campaign with id {ref!r}")
    item = campaign_dict(row)
    item["indicators"] = tying_indicators(conn, cid, limit=indicators_limit)
    item["reports"] = [
        {**r, "campaign_id": cid} for r in campaign_reports(conn, cid, limit=reports_limit)
    ]
    return item


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


def campaign_graph(conn: Connection, cid: str, *, max_reports: int = 300) -> dict[str, Any]:
    """Nodes (reports, indicators) and edges (sightings) of a campaign, for the link graph.

    Reports beyond ``max_reports`` are left out (``truncated`` says so); common values
    appear, flagged, but are not what ties the campaign.
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
    truncated = len(rows) > max_reports
    return _graph(conn, rows[:max_reports], truncated=truncated)


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


def _graph(conn: Connection, rows: list[Any], *, truncated: bool) -> dict[str, Any]:
    s, i = sightings.c, indicators.c
    report_ids = [row.id for row in rows]
    nodes: list[dict[str, Any]] = [
        {
            "id": row.id,
            "type": "report",
            "label": f"{row.jurisdiction} {row.source_ref}"[:40],
            "jurisdiction": row.jurisdiction,
            "channel": row.channel,
            "seen_at": iso_utc(row.seen_at),
            "amount_lost": str(row.amount_lost) if row.amount_lost is not None else None,
            "currency": row.currency,
            "campaign_id": row.component_id,
        }
        for row in rows
    ]
    edges: list[dict[str, Any]] = []
    seen_ind: dict[str, dict[str, Any]] = {}
    pairs: set[tuple[str, str]] = set()
    from crossline.store.repository import chunks

    for part in chunks(report_ids):
        q = (
            select(s.report_id, s.field, indicators)
            .join(indicators, i.id == s.indicator_id)
            .where(s.report_id.in_(part))
        )
        for row in conn.execute(q):
            if row.id not in seen_ind:
                seen_ind[row.id] = {
                    "id": row.id,
                    "type": "indicator",
                    "kind": row.kind,
                    "label": row.value,
                    "report_count": row.report_count,
                    "common": bool(row.common),
                    "common_reason": row.common_reason,
                    "campaign_id": row.component_id,
                }
            if (row.report_id, row.id) not in pairs:
                pairs.add((row.report_id, row.id))
                edges.append({"source": row.report_id, "target": row.id, "field": row.field})
    nodes.extend(seen_ind.values())
    return {"nodes": nodes, "edges": edges, "truncated": truncated}


def campaign_timeline(conn: Connection, cid: str) -> dict[str, Any]:
    """Reports and losses per day and jurisdiction."""
    r = reports.c
    day = _day(conn, r.seen_at)
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
    return {"campaign_id": cid, "days": list(days.values()), "undated": int(undated or 0)}


def campaign_geography(conn: Connection, cid: str) -> dict[str, Any]:
    """Where the campaign's victims are: reports by victim country and state."""
    r = reports.c
    q = (
        select(
            func.coalesce(r.victim_country, r.jurisdiction).label("country"),
            r.victim_state,
            func.count(),
            func.count(func.distinct(func.coalesce(r.victim_key, r.id))),
        )
        .where(r.component_id == cid)
        .group_by(func.coalesce(r.victim_country, r.jurisdiction), r.victim_state)
    )
    places = [
        {"country": c, "state": s, "reports": n, "victims": v} for c, s, n, v in conn.execute(q)
    ]
    places.sort(key=lambda p: (-p["reports"], p["country"] or "", p["state"] or ""))
    by_country: dict[str, int] = defaultdict(int)
    for p in places:
        by_country[p["country"] or "??"] += p["reports"]
    return {"campaign_id": cid, "by_country": dict(by_country), "places": places}


# -- dashboard ---------------------------------------------------------------------------


def reports_per_day(conn: Connection, *, days: int = 90) -> dict[str, Any]:
    """Reports per day and jurisdiction over the ``days`` up to the newest report."""
    r = reports.c
    newest = as_utc(conn.execute(select(func.max(r.seen_at))).scalar())
    if newest is None:
        return {"days": [], "series": {}}
    start = (newest - timedelta(days=days - 1)).replace(hour=0, minute=0, second=0, microsecond=0)
    day = _day(conn, r.seen_at)
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
    return {"by_victims": by_victims, "by_loss": by_loss}


def recent_cross_border(
    conn: Connection, *, limit: int = 10, scan: int = 500
) -> list[dict[str, Any]]:
    """Campaigns spanning several jurisdictions, most recently updated first."""
    c = components.c
    out = []
    rows = conn.execute(
        select(components)
        .where(c.report_count >= MIN_CAMPAIGN_REPORTS)
        .order_by(c.updated_at.desc(), c.id)
        .limit(scan)
    )
    for row in rows:
        if len(row.jurisdictions or {}) > 1:
            out.append(campaign_dict(row))
            if len(out) >= limit:
                break
    return out


def import_job_dict(row: Any) -> dict[str, Any]:
    est = row.rows_estimate
    return {
        "id": row.id,
        "kind": row.kind,
        "org_id": row.org_id,
        "actor": row.actor,
        "filename": row.filename,
        "size_bytes": row.size_bytes,
        "format": row.format,
        "source": row.source,
        "jurisdiction": row.jurisdiction,
        "status": row.status,
        "rows_read": row.rows_read,
        "rows_estimate": est,
        "progress": round(min(1.0, row.rows_read / est), 3) if est else None,
        "import_id": row.import_id,
        "summary": row.summary,
        "error": row.error,
        "created_at": iso_utc(row.created_at),
        "started_at": iso_utc(row.started_at),
        "finished_at": iso_utc(row.finished_at),
    }


def list_import_jobs(
    conn: Connection,
    *,
    status: str | None = None,
    limit: int = 50,
    offset: int = 0,
    view: OrgView = EVERYTHING,
) -> list[dict[str, Any]]:
    """Import jobs, newest first; only those ``view`` may see (its organisation's)."""
    j = import_jobs.c
    q = select(import_jobs).order_by(j.created_at.desc(), j.id).limit(limit).offset(offset)
    rule = visible(view, j.org_id, "import_job", j.id)
    if rule is not None:
        q = q.where(rule)
    if status:
        q = q.where(j.status.in_(status.split(",")))
    return [import_job_dict(row) for row in conn.execute(q)]


def recent_imports(conn: Connection, *, limit: int = 10) -> list[dict[str, Any]]:
    """The pipeline's own record of recent imports (CLI and API alike)."""
    m = imports.c
    rows = conn.execute(select(imports).order_by(m.started_at.desc(), m.id).limit(limit))
    return [
        {
            "id": row.id,
            "path": row.path.rsplit("/", 1)[-1],
            "format": row.format,
            "source": row.source,
            "status": row.status,
            "rows_read": row.rows_read,
            "stored": row.stored,
            "duplicates": row.duplicates,
            "quarantined": row.quarantined,
            "started_at": iso_utc(row.started_at),
            "finished_at": iso_utc(row.finished_at),
        }
        for row in rows
    ]


CAMPAIGN_SORTS = {
    "reports": (components.c.report_count.desc(), components.c.id),
    "victims": (components.c.victim_count.desc(), components.c.id),
    "recent": (components.c.last_seen.desc(), components.c.id),
    "oldest": (components.c.first_seen.asc(), components.c.id),
}


def campaigns_page(
    conn: Connection,
    *,
    sort: str = "reports",
    currency: str = "USD",
    jurisdiction: str | None = None,
    cross_border: bool = False,
    label: str | None = None,
    min_reports: int = MIN_CAMPAIGN_REPORTS,
    limit: int = 25,
    offset: int = 0,
) -> dict[str, Any]:
    """One page of campaigns with ``total`` matches; each with its top five tying values."""
    from crossline.store.queries import tying_indicators

    c = components.c
    conds: list[Any] = [c.report_count >= max(min_reports, MIN_CAMPAIGN_REPORTS)]
    if label:
        conds.append(c.label == label)
    if jurisdiction:
        conds.append(c.jurisdictions[jurisdiction].as_integer() > 0)
    if sort == "loss":
        amount = c.total_loss[currency].as_float()
        conds.append(amount > 0)
        order: tuple[Any, ...] = (amount.desc(), c.id)
    else:
        order = CAMPAIGN_SORTS[sort]
    q = select(components).where(*conds).order_by(*order)
    if cross_border:
        # "More than one key in a JSON object" has no portable SQL: filter while streaming.
        matched = [row for row in conn.execute(q) if len(row.jurisdictions or {}) > 1]
        total, rows = len(matched), matched[offset : offset + limit]
    else:
        total = int(
            conn.execute(select(func.count()).select_from(components).where(*conds)).scalar() or 0
        )
        rows = list(conn.execute(q.limit(limit).offset(offset)))
    items = []
    for row in rows:
        item = campaign_dict(row)
        item["indicators"] = tying_indicators(conn, row.id, limit=5)
        items.append(item)
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def quarantine_rows(
    conn: Connection,
    *,
    org_id: str,
    home: bool,
    import_id: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Quarantined rows of the imports an organisation owns (raw rows may hold victim PII).

    An organisation owns the imports its users uploaded; the node's home agency also
    owns the imports made on the node itself (no upload job). Files are named without
    their directory.
    """
    from crossline.store.queries import quarantine_dict
    from crossline.store.schema import quarantine

    q_ = quarantine.c
    jobs = import_jobs.c
    own = select(jobs.import_id).where(jobs.org_id == org_id, jobs.import_id.is_not(None))
    cond = q_.import_id.in_(own)
    if home:
        uploaded = select(jobs.import_id).where(jobs.import_id.is_not(None))
        cond = or_(cond, q_.import_id.not_in(uploaded))
    q = select(quarantine).where(cond).order_by(q_.file, q_.line, q_.id).limit(limit).offset(offset)
    if import_id:
        q = q.where(q_.import_id == import_id)
    # Callers see the file by its name: the path it had on this server is the node's business.
    return [{**quarantine_dict(r), "file": PurePath(r.file).name} for r in conn.execute(q)]
