"""Indicators: find normalized values, where they were seen, and their campaign."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, func, select

from crossline.errors import NotFoundError
from crossline.store.read.campaigns import campaign_summary
from crossline.store.read.rows import brief_columns, indicator_dict, report_brief, sighting_place
from crossline.store.repository import as_utc, chunks
from crossline.store.schema import indicators, reports, sightings, victim_contacts


def find_indicators(
    conn: Connection, pairs: Sequence[tuple[str | None, str]]
) -> list[dict[str, Any]]:
    """Indicators matching (kind, value) pairs; kind None matches any kind."""
    # One indexed query over the distinct values, the kinds checked here: a typed value
    # is read several ways, and a query per reading was most of a lookup's time.
    i = indicators.c
    kinds: dict[str, set[str | None]] = {}
    for kind, value in pairs:
        kinds.setdefault(value, set()).add(kind)
    if not kinds:
        return []
    rows = {
        row.id: row
        for part in chunks(sorted(kinds))
        for row in conn.execute(select(indicators).where(i.value.in_(part)))
        if None in kinds[row.value] or row.kind in kinds[row.value]
    }
    # The order of the pairs asked, as before (each pair's matches together).
    out: dict[str, dict[str, Any]] = {}
    for kind, value in pairs:
        for iid, row in sorted(rows.items()):
            if row.value == value and (kind is None or row.kind == kind) and iid not in out:
                out[iid] = indicator_dict(row)
    return list(out.values())


def find_accounts(conn: Connection, significant: str, limit: int = 200) -> list[dict[str, Any]]:
    """Bank accounts whose number is ``significant`` (leading zeros aside), at any branch:
    ``HDFC0091163:50100020804403``, ``50100020804403``, ``SBIN0001234:0050100020804403``.

    One indexed equality on ``account_number``, the number the database derives from
    each stored value (branch and leading zeros dropped).
    """
    i = indicators.c
    q = (
        select(indicators)
        .where(i.kind == "bank_account", i.account_number == significant.lstrip("0"))
        .order_by(i.value)
        .limit(limit)
    )
    return [indicator_dict(row) for row in conn.execute(q)]


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


def with_sightings_and_campaigns(
    conn: Connection,
    found: list[dict[str, Any]],
    *,
    sightings_limit: int = 50,
    sightings_page: int | None = None,
) -> list[dict[str, Any]]:
    """Found indicators, each given its sightings and its campaign's summary.

    Without ``sightings_page``, the first ``sightings_limit`` sightings; with it, that
    page of them in a fixed order, and ``sightings_total`` for the pager.
    """
    for ind in found:
        if sightings_page is None:
            ind["sightings"] = sightings_of(conn, ind["id"], limit=sightings_limit)
        else:
            ind["sightings"] = sightings_of(
                conn,
                ind["id"],
                limit=sightings_limit,
                offset=(sightings_page - 1) * sightings_limit,
            )
            ind["sightings_total"] = sightings_count(conn, ind["id"])
        cid = ind["campaign_id"]
        ind["campaign"] = campaign_summary(conn, cid) if cid else None
    return found


def get_indicator(conn: Connection, indicator_id: str) -> dict[str, Any]:
    """One indicator by id; unknown ids raise :class:`NotFoundError`."""
    row = conn.execute(select(indicators).where(indicators.c.id == indicator_id)).first()
    if row is None:
        raise NotFoundError(f"no indicator with id {indicator_id!r}")
    return indicator_dict(row)


def sightings_of(
    conn: Connection, indicator_id: str, limit: int = 50, offset: int | None = None
) -> list[dict[str, Any]]:
    """Up to ``limit`` places where a value was seen, oldest report first.

    Without ``offset``, no ORDER BY in SQL: a value seen in 100,000 reports would be
    sorted whole to return 50; the index on the value gives any 50 at once, sorted here.
    With ``offset`` (a pager), the order is fixed in SQL so that pages neither overlap
    nor skip.
    """
    s, r = sightings.c, reports.c
    q = (
        select(s.field, s.start, s.end, s.raw, *brief_columns())
        .join(reports, r.id == s.report_id)
        .where(s.indicator_id == indicator_id)
        .limit(limit)
    )
    if offset is not None:
        q = q.order_by(r.seen_at, r.id, s.field, s.start).offset(offset)
    rows = sorted(
        conn.execute(q),
        key=lambda row: (as_utc(row.seen_at) is None, as_utc(row.seen_at) or 0, row.id),
    )
    return [{**sighting_place(row), "report": report_brief(row)} for row in rows]


def sightings_count(conn: Connection, indicator_id: str) -> int:
    """How many places a value was seen (what a pager over :func:`sightings_of` pages)."""
    q = select(func.count()).select_from(sightings).where(sightings.c.indicator_id == indicator_id)
    return int(conn.execute(q).scalar() or 0)


def find_values(conn: Connection, values: Sequence[str]) -> list[dict[str, Any]]:
    """Indicators whose normalized value is one of ``values`` and that reports sighted
    (``report_count > 0``): a value only ever given as a victim's own contact is not
    matched. One indexed query per chunk, for bulk lookups."""
    i = indicators.c
    out: list[dict[str, Any]] = []
    for part in chunks(sorted(set(values))):
        q = select(indicators).where(i.value.in_(part), i.report_count > 0)
        out.extend(indicator_dict(row) for row in conn.execute(q))
    return out
