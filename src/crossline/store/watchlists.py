"""Queries of the watchlists (see ``schema_watch``) and what new reports match them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, delete, func, select, update

from crossline.store.read.rows import report_brief
from crossline.store.repository import iso_utc, select_in
from crossline.store.schema import reports, sightings
from crossline.store.schema_watch import watchlists

w = watchlists.c


def watch_dict(row: Any) -> dict[str, Any]:
    """A watch as every face shows it."""
    return {
        "id": row.id,
        "kind": row.kind,
        "target": row.target,
        "targets": list(row.targets or []),
        "note": row.note,
        "notify": bool(row.notify),
        "user_id": row.user_id,
        "org_id": row.org_id,
        "actor": row.actor,
        "created_at": iso_utc(row.created_at),
        "last_alert_at": iso_utc(row.last_alert_at),
        "alert_count": int(row.alert_count or 0),
    }


def insert_watch(conn: Connection, row: dict[str, Any]) -> bool:
    """Store a watch unless one with the same id exists; True when it was new."""
    if conn.execute(select(w.id).where(w.id == row["id"])).first() is not None:
        return False
    conn.execute(watchlists.insert().values(**row))
    return True


def get_watch(conn: Connection, watch_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(watchlists).where(w.id == watch_id)).first()
    return watch_dict(row) if row is not None else None


def user_watches(
    conn: Connection, user_id: str, *, limit: int = 100, offset: int = 0
) -> dict[str, Any]:
    """One user's watches, newest first, with their total."""
    cond = w.user_id == user_id
    total = int(
        conn.execute(select(func.count()).select_from(watchlists).where(cond)).scalar() or 0
    )
    q = select(watchlists).where(cond).order_by(w.created_at.desc(), w.id).limit(limit)
    rows = [watch_dict(r) for r in conn.execute(q.offset(offset))]
    return {"total": total, "limit": limit, "offset": offset, "items": rows}


def delete_watch(conn: Connection, watch_id: str) -> None:
    conn.execute(delete(watchlists).where(w.id == watch_id))


def all_watches(conn: Connection) -> list[dict[str, Any]]:
    """Every watch on the node (the after-import check reads them once per batch)."""
    return [watch_dict(r) for r in conn.execute(select(watchlists).order_by(w.id))]


def count_watches(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(watchlists)).scalar() or 0)


def _held_by(
    conn: Connection, report_ids: Sequence[str], report: Any, column: Any, wanted: Iterable[str]
) -> Iterator[tuple[str, str]]:
    """(value of ``column``, report id) for each of ``report_ids`` whose ``column`` is one
    of ``wanted`` (``report``: the report-id column of the same table)."""
    if values := sorted(set(wanted)):
        q = select(column, report).where(column.in_(values))
        yield from select_in(conn, q, report, report_ids)


def reports_sighting(
    conn: Connection, report_ids: Sequence[str], indicator_ids: Sequence[str]
) -> dict[str, set[str]]:
    """indicator id -> which of ``report_ids`` hold it (as a suspect's value: victims'
    own contacts are not sightings)."""
    s = sightings.c
    out: dict[str, set[str]] = defaultdict(set)
    for iid, rid in _held_by(conn, report_ids, s.report_id, s.indicator_id, indicator_ids):
        out[iid].add(rid)
    return out


def reports_mentioning(conn: Connection, report_ids: Sequence[str], text: str) -> list[str]:
    """Which of ``report_ids`` mention ``text`` (case-insensitive, text or category)."""
    r = reports.c
    pattern = f"%{text.lower()}%"
    q = select(r.id).where(
        (func.lower(r.text).like(pattern)) | (func.lower(r.category).like(pattern))
    )
    return sorted(rid for (rid,) in select_in(conn, q, r.id, report_ids))


def reports_in_campaigns(
    conn: Connection, report_ids: Sequence[str], campaign_ids: Sequence[str]
) -> dict[str, list[str]]:
    """campaign id -> which of ``report_ids`` it now holds."""
    r = reports.c
    out: dict[str, list[str]] = defaultdict(list)
    for cid, rid in _held_by(conn, report_ids, r.id, r.component_id, campaign_ids):
        out[cid].append(rid)
    return out


def mark_alerted(conn: Connection, counts: dict[str, int], now: datetime) -> None:
    """Record that watches raised ``counts`` new alerts at ``now``."""
    for watch_id, n in counts.items():
        conn.execute(
            update(watchlists)
            .where(and_(w.id == watch_id))
            .values(last_alert_at=now, alert_count=w.alert_count + n)
        )


def report_briefs(conn: Connection, report_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """report id -> its brief (no victim data), for the alerts of a batch."""
    rows = select_in(conn, select(reports), reports.c.id, report_ids)
    return {row.id: report_brief(row) for row in rows}


def user_by_name(conn: Connection, username: str) -> tuple[str, str] | None:
    """(user id, organisation id) of a username, for the command line's ``--user``."""
    from crossline.store.schema_auth import users

    row = conn.execute(
        select(users.c.id, users.c.org_id).where(users.c.username == username.strip().lower())
    ).first()
    return (str(row.id), str(row.org_id)) if row is not None else None
