"""Reports: search with filters and paging, one report in full, who owns it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypedDict, Unpack

from sqlalchemy import Connection, and_, func, or_, select

from crossline.errors import NotFoundError
from crossline.store.read.rows import indicator_dict, iso, report_brief, sighting_place
from crossline.store.schema import indicators, reports, sightings
from crossline.store.schema_auth import import_jobs, organisations

REPORT_SORTS = {
    "seen": (reports.c.seen_at.desc(), reports.c.id),
    "seen_asc": (reports.c.seen_at.asc(), reports.c.id),
    "loss": (reports.c.amount_lost.desc(), reports.c.id),
}


# The columns an equality filter names (``campaign_id`` is the report's component), and
# those ``q`` looks in: the stored search and a partner's read of its shared reports
# (:mod:`crossline.share.partner_reads`) both filter by these.
EQUAL_FILTERS = ("jurisdiction", "channel", "label", "source")
TEXT_FIELDS = ("text", "category")


class ReportFilters(TypedDict, total=False):
    """The filters every report search takes; an empty or missing one matches all."""

    q: str | None  # a case-insensitive substring of the text or category
    jurisdiction: str | None
    channel: str | None
    label: str | None
    source: str | None
    campaign_id: str | None
    since: datetime | None  # seen at or after


def report_matches(record: Mapping[str, Any], filters: ReportFilters) -> bool:
    """Whether a report record (a dict, as shared with a partner) passes the equality
    and text filters; ``campaign_id`` and ``since`` are left to the reader that
    produced the records."""
    for name in EQUAL_FILTERS:
        wanted = filters.get(name)
        if wanted and record.get(name) != wanted:
            return False
    needle = (filters.get("q") or "").lower()
    return not needle or any(needle in str(record.get(k) or "").lower() for k in TEXT_FIELDS)


def search_reports(
    conn: Connection,
    *,
    until: datetime | None = None,
    min_loss: float | None = None,
    sort: str = "seen",
    limit: int = 50,
    offset: int = 0,
    **filters: Unpack[ReportFilters],
) -> dict[str, Any]:
    """Reports matching every given filter (:class:`ReportFilters`), seen before
    ``until`` and losing at least ``min_loss``. Returns ``{"total", "items"}`` with
    ``items`` as report briefs."""
    r = reports.c
    conds: list[Any] = []
    if q := filters.get("q"):
        pattern = f"%{q.lower()}%"
        conds.append(or_(*(func.lower(r[k]).like(pattern) for k in TEXT_FIELDS)))
    for column, value in [(r[k], filters.get(k)) for k in EQUAL_FILTERS] + [
        (r.component_id, filters.get("campaign_id"))
    ]:
        if value:
            conds.append(column == value)
    if since := filters.get("since"):
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
    items = [report_brief(row) for row in conn.execute(page_q)]
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
        "received_at": iso(row.received_at),
        "received_raw": row.received_raw,
        "incident_at": iso(row.incident_at),
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
        "created_at": iso(row.created_at),
        "sightings": [{**sighting_place(f), "indicator": indicator_dict(f)} for f in found],
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
