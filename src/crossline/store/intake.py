"""SQL of what an import keeps besides reports: field warnings and report versions.

Field warnings are the values of *stored* rows that could not be read (the row is
kept with the field empty); versions are the successive contents of one report
(a complaint corrected at its source keeps its reference). Both are written inside
the import's batch transaction, with deterministic ids, so a re-run adds nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, inspect, select, update

from crossline.store.repository import chunks
from crossline.store.schema import (
    import_warnings,
    indicators,
    report_versions,
    reports,
    sightings,
    victim_contacts,
)


def record_warnings(conn: Connection, rows: list[dict[str, Any]]) -> int:
    """Store warning rows not stored yet (same id: same file, report, line, field)."""
    if not rows:
        return 0
    known: set[str] = set()
    for part in chunks([r["id"] for r in rows]):
        known.update(
            conn.execute(select(import_warnings.c.id).where(import_warnings.c.id.in_(part)))
            .scalars()
            .all()
        )
    fresh = list({r["id"]: r for r in rows if r["id"] not in known}.values())
    if fresh:
        conn.execute(import_warnings.insert(), fresh)
    return len(fresh)


def list_warnings(
    conn: Connection,
    *,
    import_id: str | None = None,
    report_id: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Warnings in file and line order (of one import or one report when given)."""
    w = import_warnings.c
    q = select(import_warnings).order_by(w.file, w.line, w.field).limit(limit).offset(offset)
    if import_id:
        q = q.where(w.import_id == import_id)
    if report_id:
        q = q.where(w.report_id == report_id)
    return [
        {
            "id": r.id,
            "import_id": r.import_id,
            "report_id": r.report_id,
            "file": r.file,
            "format": r.format,
            "line": r.line,
            "field": r.field,
            "raw": r.raw,
            "reason": r.reason,
            "created_at": r.created_at.isoformat() if r.created_at else None,
        }
        for r in conn.execute(q)
    ]


def count_warnings(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(import_warnings)).scalar_one())


# -- versions ---------------------------------------------------------------------------


def content_shas(conn: Connection, ids: Sequence[str]) -> dict[str, str | None]:
    """report id -> the content fingerprint of its stored version (None: not recorded)."""
    out: dict[str, str | None] = {}
    for part in chunks(list(ids)):
        q = select(reports.c.id, reports.c.content_sha).where(reports.c.id.in_(part))
        out.update({rid: sha for rid, sha in conn.execute(q)})
    return out


def current_rows(conn: Connection, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The stored rows of these reports, as dicts."""
    out: dict[str, dict[str, Any]] = {}
    for part in chunks(list(ids)):
        for row in conn.execute(select(reports).where(reports.c.id.in_(part))):
            out[row.id] = dict(row._mapping)
    return out


def values_of(conn: Connection, ids: Sequence[str]) -> dict[str, list[tuple[str, str, str]]]:
    """report id -> sorted (indicator id, kind, value) of every value seen in it."""
    out: dict[str, set[tuple[str, str, str]]] = {rid: set() for rid in ids}
    s, i = sightings.c, indicators.c
    for part in chunks(list(ids)):
        q = (
            select(s.report_id, i.id, i.kind, i.value)
            .join(indicators, i.id == s.indicator_id)
            .where(s.report_id.in_(part))
        )
        for rid, iid, kind, value in conn.execute(q):
            out[rid].add((iid, kind, value))
    return {rid: sorted(v) for rid, v in out.items()}


def forget_values(conn: Connection, report_id: str, indicator_ids: Sequence[str]) -> None:
    """Remove a report's sightings (and its complainant's contacts); each of its values
    counts one report fewer."""
    conn.execute(delete(sightings).where(sightings.c.report_id == report_id))
    if inspect(conn).has_table(victim_contacts.name):
        conn.execute(delete(victim_contacts).where(victim_contacts.c.report_id == report_id))
    for part in chunks(sorted(set(indicator_ids))):
        conn.execute(
            update(indicators)
            .where(indicators.c.id.in_(part))
            .values(report_count=func.max(indicators.c.report_count - 1, 0))
            if conn.dialect.name == "sqlite"
            else update(indicators)
            .where(indicators.c.id.in_(part))
            .values(report_count=func.greatest(indicators.c.report_count - 1, 0))
        )


def replace_report(conn: Connection, row: dict[str, Any]) -> None:
    """Overwrite a stored report with its new version (it keeps its creation time)."""
    values = {k: v for k, v in row.items() if k not in ("id", "created_at")}
    conn.execute(update(reports).where(reports.c.id == row["id"]).values(**values))


def save_versions(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Store version rows not stored yet (report id + version)."""
    fresh = []
    for row in rows:
        q = select(report_versions.c.version).where(
            report_versions.c.report_id == row["report_id"],
            report_versions.c.version == row["version"],
        )
        if conn.execute(q).first() is None:
            fresh.append(row)
    if fresh:
        conn.execute(report_versions.insert(), fresh)


def versions_of(conn: Connection, report_id: str) -> list[dict[str, Any]]:
    """Every recorded version of a report, oldest first."""
    v = report_versions.c
    q = select(report_versions).where(v.report_id == report_id).order_by(v.version)
    return [dict(r._mapping) for r in conn.execute(q)]


def as_utc_text(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
