"""SQL of the citizens' site: what the public may learn about a value, and the
moderation queue of the reports the public sends.

Each public check runs the same queries whether a value is known or not (the ids are
computed, never looked up first), so the work done does not tell the two apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, func, or_, select, update

from crossline.store.schema import indicators, reports, sightings
from crossline.store.schema_citizen import citizen_reports

CITIZEN_SOURCE = "citizen"
# Moderation states in which a public report counts, links and may be shared.
CITIZEN_CONFIRMED = ("confirmed", "corroborated")


def counts_as_evidence() -> Any:
    """SQL condition on ``reports``: not a report from the public, or a confirmed one.
    Linking from scratch, sharing and counts use it: an unconfirmed public report is
    stored and shown to analysts, and nothing more."""
    confirmed = select(citizen_reports.c.report_id).where(
        citizen_reports.c.status.in_(CITIZEN_CONFIRMED)
    )
    return or_(reports.c.source != CITIZEN_SOURCE, reports.c.id.in_(confirmed))


def add_to_counts(conn: Connection, indicator_ids: Sequence[str]) -> None:
    """A confirmed public report now counts in its values' report counts (the import
    left it out of them)."""
    if indicator_ids:
        conn.execute(
            update(indicators)
            .where(indicators.c.id.in_(list(indicator_ids)))
            .values(report_count=indicators.c.report_count + 1)
        )


def _evidence_statement() -> Any:
    seen = (
        select(sightings.c.indicator_id, sightings.c.report_id)
        .where(sightings.c.indicator_id.in_(bindparam("ids", expanding=True)))
        .distinct()
        .subquery()
    )
    is_citizen = (reports.c.source == CITIZEN_SOURCE).label("citizen")
    return (
        select(
            seen.c.indicator_id,
            is_citizen,
            reports.c.marking,
            citizen_reports.c.status,
            reports.c.label,
            func.count().label("n"),
            func.max(func.coalesce(reports.c.incident_at, reports.c.received_at)).label("last"),
        )
        .select_from(
            seen.join(reports, reports.c.id == seen.c.report_id).outerjoin(
                citizen_reports, citizen_reports.c.report_id == reports.c.id
            )
        )
        .group_by(
            seen.c.indicator_id,
            is_citizen,
            reports.c.marking,
            citizen_reports.c.status,
            reports.c.label,
        )
    )


# Built once: the public check runs it on every request.
_EVIDENCE = _evidence_statement()


def value_evidence(conn: Connection, indicator_ids: Sequence[str]) -> list[dict[str, Any]]:
    """Per indicator: reports grouped by (source is citizen, marking, moderation status,
    label), with their count and latest date. Nothing about any single report."""
    if not indicator_ids:
        return []
    return [dict(r._mapping) for r in conn.execute(_EVIDENCE, {"ids": list(indicator_ids)})]


def existing_citizen_ids(conn: Connection, report_ids: Sequence[str]) -> set[str]:
    q = select(citizen_reports.c.report_id).where(citizen_reports.c.report_id.in_(report_ids))
    return set(conn.execute(q).scalars())


def insert_citizen_report(conn: Connection, row: dict[str, Any]) -> None:
    conn.execute(citizen_reports.insert(), [row])


def citizen_report(
    conn: Connection, *, reference: str | None = None, report_id: str | None = None
) -> dict[str, Any] | None:
    """One public report with the analysts' view of it (text, label, amounts)."""
    q = _queue_select()
    if reference is not None:
        q = q.where(citizen_reports.c.reference == reference)
    if report_id is not None:
        q = q.where(citizen_reports.c.report_id == report_id)
    row = conn.execute(q).first()
    return dict(row._mapping) if row else None


def citizen_queue(conn: Connection, *, status: str | None, limit: int) -> list[dict[str, Any]]:
    """Public reports, newest first, optionally of one moderation status."""
    q = _queue_select().order_by(citizen_reports.c.created_at.desc()).limit(limit)
    if status:
        q = q.where(citizen_reports.c.status == status)
    return [dict(r._mapping) for r in conn.execute(q)]


def _queue_select() -> Any:
    return select(
        citizen_reports.c.reference,
        citizen_reports.c.report_id,
        citizen_reports.c.status,
        citizen_reports.c.origin,
        citizen_reports.c.created_at,
        citizen_reports.c.decided_at,
        citizen_reports.c.decided_by,
        citizen_reports.c.note,
        citizen_reports.c.address_key,
        reports.c.jurisdiction,
        reports.c.channel,
        reports.c.text,
        reports.c.label,
        reports.c.amount_lost,
        reports.c.currency,
        reports.c.payment_method,
        reports.c.marking,
        reports.c.component_id,
    ).select_from(citizen_reports.join(reports, reports.c.id == citizen_reports.c.report_id))


def set_citizen_status(
    conn: Connection, report_id: str, *, status: str, by: str, at: datetime, note: str | None
) -> None:
    conn.execute(
        update(citizen_reports)
        .where(citizen_reports.c.report_id == report_id)
        .values(status=status, decided_by=by, decided_at=at, note=note)
    )


def report_linkable_ids(conn: Connection, report_id: str) -> list[str]:
    """The ids of a report's values that may link it (not common)."""
    q = (
        select(sightings.c.indicator_id)
        .join(indicators, indicators.c.id == sightings.c.indicator_id)
        .where(sightings.c.report_id == report_id, indicators.c.common.is_(False))
        .distinct()
    )
    return sorted(conn.execute(q).scalars())


def report_indicator_ids(conn: Connection, report_id: str) -> list[str]:
    q = select(sightings.c.indicator_id).where(sightings.c.report_id == report_id).distinct()
    return sorted(conn.execute(q).scalars())


def count_by_address(conn: Connection, address_key: str, since: datetime) -> int:
    q = select(func.count()).where(
        citizen_reports.c.address_key == address_key, citizen_reports.c.created_at >= since
    )
    return int(conn.execute(q).scalar_one())
