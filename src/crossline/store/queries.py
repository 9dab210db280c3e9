"""Read-side queries: lookup, campaigns, campaign detail, stats, quarantine.

Each returns plain dicts ready for the CLI's tables and JSON and for the API.
Victim PII is never part of these results.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, and_, func, select

from crossline.store.repository import as_utc, chunks, iso_utc
from crossline.store.schema import (
    components,
    imports,
    indicators,
    quarantine,
    reports,
    sightings,
    victim_contacts,
)

MIN_CAMPAIGN_REPORTS = 2


def indicator_dict(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "kind": row.kind,
        "value": row.value,
        "report_count": row.report_count,
        "first_seen": iso_utc(row.first_seen),
        "last_seen": iso_utc(row.last_seen),
        "common": bool(row.common),
        "common_reason": row.common_reason,
        "campaign_id": row.component_id,
        "meta": row.meta or {},
    }


def report_brief(row: Any) -> dict[str, Any]:
    """A report without victim PII and without its full text."""
    text = row.text or ""
    return {
        "id": row.id,
        "source": row.source,
        "source_ref": row.source_ref,
        "jurisdiction": row.jurisdiction,
        "channel": row.channel,
        "seen_at": iso_utc(row.seen_at),
        "category": row.category,
        "label": row.label,
        "amount_lost": str(row.amount_lost) if row.amount_lost is not None else None,
        "currency": row.currency,
        "victim_state": row.victim_state,
        "victim_country": row.victim_country,
        "synthetic": bool(row.synthetic),
        "excerpt": text[:160],
    }


def find_indicators(
    conn: Connection, pairs: Sequence[tuple[str | None, str]]
) -> list[dict[str, Any]]:
    """Indicators matching (kind, value) pairs; kind None matches any kind."""
    out: dict[str, dict[str, Any]] = {}
    i = indicators.c
    for kind, value in pairs:
        cond = i.value == value if kind is None else and_(i.kind == kind, i.value == value)
        for row in conn.execute(select(indicators).where(cond)):
            out[row.id] = indicator_dict(row)
    return list(out.values())


def find_accounts(conn: Connection, significant: str, limit: int = 200) -> list[dict[str, Any]]:
    """Bank accounts whose number is ``significant`` (leading zeros aside), at any branch:
    ``HDFC0091163:50100020804403``, ``50100020804403``, ``SBIN0001234:0050100020804403``.

    Stored values end with the number, so one ``LIKE '%<number>'`` on the account rows
    finds the candidates; the exact rule is checked here.
    """
    i = indicators.c
    q = (
        select(indicators)
        .where(i.kind == "bank_account", i.value.like(f"%{significant}"))
        .limit(limit * 4)
    )
    out = []
    for row in conn.execute(q):
        number = row.value.rpartition(":")[2]
        if number.lstrip("0") == significant:
            out.append(indicator_dict(row))
    return sorted(out, key=lambda d: d["value"])[:limit]


def victim_contact_counts(conn: Connection, ids: Sequence[str]) -> dict[str, int]:
    """indicator id -> how many reports give that value as the complainant's own."""
    v = victim_contacts.c
    out: dict[str, int] = {}
    for part in chunks(list(ids)):
        q = (
            select(v.indicator_id, func.count(func.distinct(v.report_id)))
            .where(v.indicator_id.in_(part))
            .group_by(v.indicator_id)
        )
        out.update({iid: n for iid, n in conn.execute(q)})
    return out


def sightings_of(conn: Connection, indicator_id: str, limit: int = 50) -> list[dict[str, Any]]:
    """Up to ``limit`` places where a value was seen, oldest report first.

    No ORDER BY in SQL: a value seen in 100,000 reports would be sorted whole to return
    50; the index on the value gives any 50 at once, sorted here.
    """
    s, r = sightings.c, reports.c
    q = (
        select(s.field, s.start, s.end, s.raw, reports)
        .join(reports, r.id == s.report_id)
        .where(s.indicator_id == indicator_id)
        .limit(limit)
    )
    rows = sorted(
        conn.execute(q),
        key=lambda row: (as_utc(row.seen_at) is None, as_utc(row.seen_at) or 0, row.id),
    )
    return [
        {
            "field": row.field,
            "start": None if row.start < 0 else row.start,
            "end": row.end,
            "raw": row.raw,
            "report": report_brief(row),
        }
        for row in rows
    ]


def campaign_dict(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "report_count": row.report_count,
        "victims": row.victim_count,
        "jurisdictions": row.jurisdictions or {},
        "cross_border": len(row.jurisdictions or {}) > 1,
        "total_loss": row.total_loss or {},
        "first_seen": iso_utc(row.first_seen),
        "last_seen": iso_utc(row.last_seen),
        "label": row.label,
        "label_distribution": row.label_distribution or {},
    }


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


def list_campaigns(
    conn: Connection,
    *,
    top: int = 20,
    jurisdiction: str | None = None,
    cross_border: bool = False,
    sort: str = "reports",
    with_reports: int = 50,
) -> list[dict[str, Any]]:
    """Campaigns (components of two or more reports), largest first."""
    c = components.c
    order = {
        "reports": (c.report_count.desc(), c.id),
        "victims": (c.victim_count.desc(), c.id),
        "recent": (c.last_seen.desc(), c.id),
    }[sort]
    q = select(components).where(c.report_count >= MIN_CAMPAIGN_REPORTS).order_by(*order)
    rows = list(conn.execute(q if (jurisdiction or cross_border) else q.limit(top)))
    out = []
    for row in rows:
        item = campaign_dict(row)
        if jurisdiction and jurisdiction not in item["jurisdictions"]:
            continue
        if cross_border and not item["cross_border"]:
            continue
        item["indicators"] = tying_indicators(conn, row.id, limit=5)
        item["reports"] = campaign_reports(conn, row.id, limit=with_reports)
        out.append(item)
        if len(out) >= top:
            break
    return out


def campaign_reports(conn: Connection, campaign_id: str, limit: int = 1000) -> list[dict[str, Any]]:
    r = reports.c
    q = select(reports).where(r.component_id == campaign_id).order_by(r.seen_at, r.id).limit(limit)
    return [report_brief(row) for row in conn.execute(q)]


def get_campaign(conn: Connection, campaign_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(components).where(components.c.id == campaign_id)).first()
    if row is None:
        return None
    item = campaign_dict(row)
    item["indicators"] = tying_indicators(conn, campaign_id, limit=200)
    item["reports"] = campaign_reports(conn, campaign_id)
    return item


def stats(conn: Connection) -> dict[str, Any]:
    def count(q: Any) -> int:
        return int(conn.execute(q).scalar() or 0)

    by_source = {
        s: n
        for s, n in conn.execute(
            select(reports.c.source, func.count())
            .group_by(reports.c.source)
            .order_by(reports.c.source)
        )
    }
    by_kind = {
        k: n
        for k, n in conn.execute(
            select(indicators.c.kind, func.count())
            .group_by(indicators.c.kind)
            .order_by(indicators.c.kind)
        )
    }
    camp = components.c
    return {
        "reports": count(select(func.count()).select_from(reports)),
        "reports_by_source": by_source,
        "indicators": count(select(func.count()).select_from(indicators)),
        "indicators_by_kind": by_kind,
        "common_indicators": count(
            select(func.count()).select_from(indicators).where(indicators.c.common)
        ),
        "sightings": count(select(func.count()).select_from(sightings)),
        "campaigns": count(
            select(func.count()).select_from(components).where(camp.report_count >= 2)
        ),
        "quarantined": count(select(func.count()).select_from(quarantine)),
        "imports": count(select(func.count()).select_from(imports)),
    }


def list_quarantine(
    conn: Connection, *, import_id: str | None = None, limit: int = 100, offset: int = 0
) -> list[dict[str, Any]]:
    q = (
        select(quarantine)
        .order_by(quarantine.c.file, quarantine.c.line)
        .limit(limit)
        .offset(offset)
    )
    if import_id:
        q = q.where(quarantine.c.import_id == import_id)
    return [quarantine_dict(r) for r in conn.execute(q)]


def find_quarantined(conn: Connection, prefix: str) -> list[dict[str, Any]]:
    """Quarantined rows whose id starts with ``prefix`` (at most two, to detect ambiguity)."""
    q = select(quarantine).where(quarantine.c.id.like(prefix.lower() + "%")).limit(2)
    return [quarantine_dict(r) for r in conn.execute(q)]


def quarantine_dict(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "import_id": row.import_id,
        "file": row.file,
        "format": row.format,
        "line": row.line,
        "field": row.field,
        "reason": row.reason,
        "raw": row.raw,
        "created_at": iso_utc(row.created_at),
    }


def reports_by_ids(conn: Connection, ids: Sequence[str]) -> list[dict[str, Any]]:
    out = []
    for part in chunks(list(ids)):
        out.extend(
            report_brief(r) for r in conn.execute(select(reports).where(reports.c.id.in_(part)))
        )
    return out
