"""SQL of incremental publishing: the change log, cursors, what a change touches, and
the published objects of a collection (see :mod:`crossline.store.schema_publish`).

The change log is written by triggers; this module only reads it (and prunes what
every collection has taken in). Published objects are rows of ``stix_objects`` with
direction ``out``; a new version is inserted as the latest and the one before it is
demoted in the same transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, select, text, update

from crossline.store.repository import chunks
from crossline.store.schema import indicators, reports, sightings
from crossline.store.schema_publish import publish_changes, publish_cursors, shared_campaigns
from crossline.store.schema_stix import stix_objects

o = stix_objects.c


@dataclass(frozen=True)
class Cursor:
    """Where a collection's publication stands."""

    collection_id: str
    agreement_id: str
    fingerprint: str
    change_seq: int


def last_change(conn: Connection) -> int:
    """The newest change logged (0 when none)."""
    return int(conn.execute(select(func.max(publish_changes.c.seq))).scalar() or 0)


def changes_between(conn: Connection, after: int, upto: int) -> dict[str, set[str]]:
    """What changed in (after, upto]: {"report"|"campaign"|"indicator": ids}."""
    out: dict[str, set[str]] = defaultdict(set)
    c = publish_changes.c
    q = select(c.kind, c.ref).where(c.seq > after, c.seq <= upto).distinct()
    for kind, ref in conn.execute(q):
        out[kind].add(ref)
    return out


def get_cursor(conn: Connection, collection_id: str) -> Cursor | None:
    c = publish_cursors.c
    row = conn.execute(
        select(c.collection_id, c.agreement_id, c.fingerprint, c.change_seq).where(
            c.collection_id == collection_id
        )
    ).first()
    return Cursor(*row) if row else None


def save_cursor(conn: Connection, cursor: Cursor, *, now: datetime, full: bool) -> None:
    """Record a publication (replacing the collection's cursor)."""
    c = publish_cursors.c
    values: dict[str, Any] = {
        "agreement_id": cursor.agreement_id,
        "fingerprint": cursor.fingerprint,
        "change_seq": cursor.change_seq,
        "published_at": now,
    }
    if full:
        values["full_at"] = now
    done = conn.execute(
        update(publish_cursors).where(c.collection_id == cursor.collection_id).values(**values)
    )
    if not done.rowcount:
        conn.execute(publish_cursors.insert().values(collection_id=cursor.collection_id, **values))


def prune_changes(conn: Connection) -> int:
    """Drop the changes every cursor has taken in (how many). A collection or view with
    no cursor yet starts with a full recompute, so it needs none of them."""
    low = conn.execute(select(func.min(publish_cursors.c.change_seq))).scalar()
    if low is None:
        return 0
    return int(
        conn.execute(delete(publish_changes).where(publish_changes.c.seq <= low)).rowcount or 0
    )


# -- what a change touches ------------------------------------------------------------


def _pairs(conn: Connection, query: Any, column: Any, ids: Iterable[str]) -> set[Any]:
    out: set[Any] = set()
    for part in chunks(sorted(set(ids))):
        out.update(r[0] for r in conn.execute(query.where(column.in_(part))) if r[0] is not None)
    return out


def report_values(conn: Connection, report_ids: Iterable[str]) -> set[str]:
    """The indicators the reports hold."""
    q = select(sightings.c.indicator_id).distinct()
    return _pairs(conn, q, sightings.c.report_id, report_ids)


def report_campaigns(conn: Connection, report_ids: Iterable[str]) -> set[str]:
    """The components the reports belong to."""
    q = select(reports.c.component_id).distinct()
    return _pairs(conn, q, reports.c.id, report_ids)


def indicator_campaigns(conn: Connection, indicator_ids: Iterable[str]) -> set[str]:
    """The components the indicators belong to."""
    q = select(indicators.c.component_id).distinct()
    return _pairs(conn, q, indicators.c.id, indicator_ids)


def holder_campaigns(conn: Connection, indicator_ids: Iterable[str]) -> set[str]:
    """The components of the reports holding the indicators (their summaries list them)."""
    q = (
        select(reports.c.component_id)
        .join(sightings, sightings.c.report_id == reports.c.id)
        .distinct()
    )
    return _pairs(conn, q, sightings.c.indicator_id, indicator_ids)


def campaign_reports(conn: Connection, campaign_ids: Iterable[str]) -> set[str]:
    """The reports of the components."""
    return _pairs(conn, select(reports.c.id), reports.c.component_id, campaign_ids)


def campaign_indicators(conn: Connection, campaign_ids: Iterable[str]) -> set[str]:
    """The indicators of the components."""
    return _pairs(conn, select(indicators.c.id), indicators.c.component_id, campaign_ids)


# -- published objects ----------------------------------------------------------------


def published(
    conn: Connection,
    collection_id: str,
    *,
    ids: Iterable[str] = (),
    sources: Iterable[str] = (),
) -> list[Any]:
    """The latest published rows (stix_id, version, body, source) of the objects with
    one of ``ids`` or computed from one of ``sources``."""
    # Either direction: a partner's node sends back the objects both nodes publish alike
    # (marking definitions, extension definitions), and a version is stored once.
    base = select(o.seq, o.stix_id, o.version, o.body, o.source).where(
        o.collection_id == collection_id, o.is_latest.is_(True)
    )
    seen: dict[int, Any] = {}
    for column, values in ((o.stix_id, ids), (o.source, sources)):
        for part in chunks(sorted(set(values))):
            for row in conn.execute(base.where(column.in_(part))):
                seen[row.seq] = row
    return list(seen.values())


def published_ids(
    conn: Connection, collection_id: str, *, after: str = "", size: int = 5000
) -> list[Any]:
    """Latest published rows (stix_id, body), ``size`` at a time in stix_id order."""
    q = (
        select(o.stix_id, o.body, o.source)
        .where(
            o.collection_id == collection_id,
            o.direction == "out",
            o.is_latest.is_(True),
            o.stix_id > after,
        )
        .order_by(o.stix_id)
        .limit(size)
    )
    return list(conn.execute(q).all())


def add_versions(conn: Connection, collection_id: str, rows: list[dict[str, Any]]) -> None:
    """Insert new latest versions (``stix_id``, ``version``, ``body`` ... as
    ``stix_objects`` columns) and demote the versions they follow."""
    if not rows:
        return
    ids = sorted({r["stix_id"] for r in rows})
    have: set[tuple[str, str]] = set()
    for part in chunks(ids):
        q = select(o.stix_id, o.version).where(
            o.collection_id == collection_id, o.stix_id.in_(part)
        )
        have.update((sid, version) for sid, version in conn.execute(q))
    rows = [r for r in rows if (r["stix_id"], r["version"]) not in have]
    if not rows:
        return
    for part in chunks(sorted({r["stix_id"] for r in rows})):
        conn.execute(
            update(stix_objects)
            .where(o.collection_id == collection_id, o.stix_id.in_(part), o.is_latest.is_(True))
            .values(is_latest=False)
        )
    conn.execute(stix_objects.insert(), rows)


def remove_objects(conn: Connection, collection_id: str, stix_ids: Iterable[str]) -> int:
    """Delete every version of the objects (SCOs have no versions to revoke)."""
    n = 0
    for part in chunks(sorted(set(stix_ids))):
        n += int(
            conn.execute(
                delete(stix_objects).where(
                    o.collection_id == collection_id,
                    o.direction == "out",
                    o.stix_id.in_(part),
                )
            ).rowcount
            or 0
        )
    return n


def any_published(conn: Connection, collection_id: str) -> bool:
    q = select(o.seq).where(o.collection_id == collection_id, o.direction == "out").limit(1)
    return conn.execute(q).first() is not None


def set_sources(conn: Connection, collection_id: str, sources: dict[str, str]) -> None:
    """Name the record published objects come from (objects published before sources
    were kept get theirs on the next full publication)."""
    for sid, source in sorted(sources.items()):
        conn.execute(
            update(stix_objects)
            .where(o.collection_id == collection_id, o.stix_id == sid, o.is_latest.is_(True))
            .values(source=source)
        )


#: How a revoked version's stored text says so (compact JSON: inside a string value the
#: quotes would be escaped, so no report text can look like it).
REVOKED_TEXT = '%"revoked":true%'


def current_count(conn: Connection, collection_id: str) -> int:
    """How many objects the collection publishes now (latest versions, not revoked)."""
    q = select(func.count()).where(
        o.collection_id == collection_id,
        o.direction == "out",
        o.is_latest.is_(True),
        o.body.not_like(REVOKED_TEXT),
    )
    return int(conn.execute(q).scalar() or 0)


def current_rows(conn: Connection, collection_id: str) -> list[str]:
    """The stored texts of a collection's latest published versions (revoked included)."""
    q = select(o.body).where(
        o.collection_id == collection_id, o.direction == "out", o.is_latest.is_(True)
    )
    return list(conn.execute(q).scalars())


def shared_campaign_rows(conn: Connection, view_id: str) -> list[dict[str, Any]]:
    """The stored summaries of a partner view (see ``schema_publish.shared_campaigns``)."""
    c = shared_campaigns.c
    q = select(c.summary).where(c.view_id == view_id).order_by(c.campaign_id)
    return [dict(s) for s in conn.execute(q).scalars()]


def replace_shared_campaigns(
    conn: Connection,
    view_id: str,
    summaries: Iterable[dict[str, Any]],
    *,
    campaigns: Iterable[str] | None = None,
) -> None:
    """Replace the view's summaries of ``campaigns`` (all of them when None)."""
    c = shared_campaigns.c
    if campaigns is None:
        conn.execute(delete(shared_campaigns).where(c.view_id == view_id))
    else:
        for part in chunks(sorted(set(campaigns))):
            conn.execute(
                delete(shared_campaigns).where(c.view_id == view_id, c.campaign_id.in_(part))
            )
    rows = [{"view_id": view_id, "campaign_id": s["id"], "summary": s} for s in summaries]
    for part in chunks(rows, 1000):
        conn.execute(shared_campaigns.insert(), list(part))


def _trigger_switches(conn: Connection) -> tuple[list[str], list[str]]:
    """The statements that turn the change-log triggers off, and those that turn them
    back on: PostgreSQL disables a trigger; SQLite can only drop it and create it again
    from the SQL it keeps."""
    if conn.dialect.name == "postgresql":
        found = conn.execute(
            text(
                "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname LIKE 'publish_log_%' AND NOT t.tgisinternal ORDER BY t.tgname"
            )
        ).all()
        off = [f'ALTER TABLE "{table}" DISABLE TRIGGER "{name}"' for table, name in found]
        on = [f'ALTER TABLE "{table}" ENABLE TRIGGER "{name}"' for table, name in found]
        return off, on
    saved = conn.execute(
        text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
            "AND name LIKE 'publish_log_%' ORDER BY name"
        )
    ).all()
    return [f'DROP TRIGGER "{name}"' for name, _sql in saved], [sql for _name, sql in saved]


@contextmanager
def log_paused(conn: Connection) -> Iterator[None]:
    """The change-log triggers off for the block, in this transaction (a restore loads
    rows the log already describes: the backup holds the log as it was)."""
    off, on = _trigger_switches(conn)
    for statement in off:
        conn.execute(text(statement))
    yield
    for statement in on:
        conn.execute(text(statement))
