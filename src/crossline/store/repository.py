"""The Store: one object over an engine, used by the pipeline, the linker and the queries.

Write operations take plain rows (dicts) built by the pure stages, so the same
code serves SQLite and PostgreSQL; only the upsert differs (see ``dialects``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Select, inspect, select, text, update
from sqlalchemy.exc import SQLAlchemyError

from crossline.config import Settings
from crossline.errors import StoreError
from crossline.filemodes import private_dir, sqlite_database
from crossline.indicators.kinds import ATTRIBUTE_KINDS
from crossline.store import risk_log
from crossline.store.dialects import dialect_for
from crossline.store.failures import translate
from crossline.store.schema import (
    components,
    imports,
    indicators,
    quarantine,
    reports,
    sightings,
    victim_contacts,
)

# SQLite allows 32766 bound parameters; stay well below for IN (...) lists.
CHUNK = 900


def chunks(values: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


def select_in(
    conn: Connection, query: Select[Any], column: Any, values: Iterable[Any]
) -> Iterator[Any]:
    """The rows of ``query`` whose ``column`` is one of ``values``, asked for a chunk of
    values at a time (a database bounds the parameters of one statement)."""
    for part in chunks(list(values)):
        yield from conn.execute(query.where(column.in_(part)))


@contextmanager
def _translated(
    opening: Callable[[], AbstractContextManager[Connection]],
) -> Iterator[Connection]:
    """The connection ``opening()`` gives, with foreign errors raised as StoreError.

    ``opening`` is called inside the translation: connecting is where an unreachable
    server fails, and callers retry only on StoreUnavailableError."""
    try:
        with opening() as conn:
            yield conn
    except SQLAlchemyError as exc:
        raise translate(exc) from exc


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes: they were stored as UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def iso_utc(value: datetime | None) -> str | None:
    """A stored timestamp as ISO 8601 in UTC (None stays None)."""
    value = as_utc(value)
    return value.isoformat() if value is not None else None


class Store:
    """Access to one node's database."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.dialect = dialect_for(url)
        self._victim_table: bool | None = None  # whether victim_contacts exists yet
        self._risk_log: bool | None = None  # whether the registry's change log exists yet
        # The node's home when opened from its settings: writers move the file stamps
        # there that other processes' caches watch (see crossline.filestamp).
        self.home: Path | None = None
        # Moved after each commit that noted risk changes: the registry's risk index in
        # this process then reads the database's stamp at once, not after its interval.
        self.risk_commits = 0
        self._noting = threading.local()
        try:
            self.engine = self.dialect.engine(url)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot open database: {exc.__class__.__name__}") from exc

    # -- lifecycle -----------------------------------------------------------------

    def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision (idempotent)."""
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        location = resources.files("crossline.store") / "migrations"
        cfg.set_main_option("script_location", str(location))
        try:
            with self.engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except SQLAlchemyError as exc:
            raise translate(exc, "cannot migrate database") from exc
        self._victim_table = None  # tables may have appeared: look again
        self._risk_log = None

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        """``with open_store(settings) as store:`` closes the store however the block ends."""
        self.close()

    def transaction(self) -> AbstractContextManager[Connection]:
        """One transaction; foreign errors become StoreError."""
        return self._committed()

    @contextmanager
    def _committed(self) -> Iterator[Connection]:
        local = self._noting
        outer, local.noted = getattr(local, "noted", False), False
        try:
            with _translated(self.engine.begin) as conn:
                yield conn
            if local.noted:
                self.risk_commits += 1
        finally:
            local.noted = outer

    def read(self) -> AbstractContextManager[Connection]:
        """A connection for reading; foreign errors become StoreError."""
        return _translated(self.engine.connect)

    # -- imports and quarantine ----------------------------------------------------

    def start_import(
        self, import_id: str, *, path: str, sha256: str, fmt: str, source: str, at: datetime
    ) -> None:
        """Record an import as running, with every count at zero (its own transaction)."""
        row = {
            "id": import_id,
            "path": path,
            "sha256": sha256,
            "format": fmt,
            "source": source,
            "started_at": at,
            "status": "running",
            "rows_read": 0,
            "stored": 0,
            "duplicates": 0,
            "quarantined": 0,
        }
        with self.transaction() as conn:
            conn.execute(imports.insert(), [row])

    def update_import(self, conn: Connection, import_id: str, **values: Any) -> None:
        conn.execute(update(imports).where(imports.c.id == import_id).values(**values))

    def finish_import(self, import_id: str, **values: Any) -> None:
        with self.transaction() as conn:
            self.update_import(conn, import_id, **values)

    def quarantine_rows(self, conn: Connection, rows: list[dict[str, Any]]) -> None:
        """Store rejected rows; a row already quarantined (same file, line) is left as is."""
        if not rows:
            return
        known = self._existing(conn, quarantine.c.id, [r["id"] for r in rows])
        fresh = [r for r in rows if r["id"] not in known]
        if fresh:
            conn.execute(quarantine.insert(), fresh)

    # -- reports, indicators, sightings --------------------------------------------

    def existing_report_ids(self, conn: Connection, ids: Sequence[str]) -> set[str]:
        return self._existing(conn, reports.c.id, ids)

    def note_risk_changes(
        self,
        conn: Connection,
        *,
        indicators: Iterable[str | None] = (),
        components: Iterable[str | None] = (),
        accounts: Iterable[str | None] = (),
        everything: bool = False,
    ) -> None:
        """Tell the registry's risk index what this transaction changes (every writer of
        reports, sightings, indicators, components, mule scores or freeze requests calls
        it; see ``store.risk_log``)."""
        if self._risk_log is None:
            self._risk_log = risk_log.has_log(conn)
        if self._risk_log:
            self._noting.noted = True
            risk_log.record(
                conn,
                indicators=indicators,
                components=components,
                accounts=accounts,
                everything=everything,
            )

    def insert_reports(self, conn: Connection, rows: list[dict[str, Any]]) -> None:
        if rows:
            conn.execute(reports.insert(), rows)
            self.note_risk_changes(conn, components=(r.get("component_id") for r in rows))

    def insert_sightings(self, conn: Connection, rows: list[dict[str, Any]]) -> None:
        if rows:
            conn.execute(sightings.insert(), rows)
            self.note_risk_changes(conn, indicators=(r["indicator_id"] for r in rows))

    def insert_victim_contacts(self, conn: Connection, rows: list[dict[str, Any]]) -> None:
        """The complainants' own contacts of new reports (never linked, never exported).

        A database not yet migrated to the revision that holds them (an old node read
        by a newer build before ``migrate``) keeps them in ``victim_pii`` only.
        """
        if not rows:
            return
        if self._victim_table is None:
            self._victim_table = inspect(conn).has_table(victim_contacts.name)
        if self._victim_table:
            conn.execute(victim_contacts.insert(), rows)
            self.note_risk_changes(conn, indicators=(r["indicator_id"] for r in rows))

    def upsert_indicators(self, conn: Connection, rows: list[dict[str, Any]]) -> None:
        """Add new indicators or widen existing ones (counts, first/last seen)."""
        if rows:
            rows = sorted(rows, key=lambda r: (r["kind"], r["value"]))  # stable lock order (PG)
            conn.execute(self.dialect.upsert_indicators(), rows)
            self.note_risk_changes(conn, indicators=(r["id"] for r in rows))

    def _existing(self, conn: Connection, column: Any, ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for part in chunks(list(ids)):
            found.update(conn.execute(select(column).where(column.in_(part))).scalars())
        return found

    # -- linking support -----------------------------------------------------------

    def indicator_state(
        self, conn: Connection, ids: Sequence[str]
    ) -> dict[str, tuple[str | None, bool, int]]:
        """indicator id -> (component id, common, report count)."""
        out: dict[str, tuple[str | None, bool, int]] = {}
        c = indicators.c
        for part in chunks(list(ids)):
            q = select(c.id, c.component_id, c.common, c.report_count).where(c.id.in_(part))
            for row in conn.execute(q):
                out[row.id] = (row.component_id, bool(row.common), row.report_count)
        return out

    def component_min_ids(self, conn: Connection, ids: Iterable[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for part in chunks(sorted(set(ids))):
            q = select(components.c.id, components.c.min_report_id).where(components.c.id.in_(part))
            out.update({r.id: r.min_report_id for r in conn.execute(q)})
        return out

    def set_report_components(self, conn: Connection, assign: dict[str, str]) -> None:
        """report id -> component id, for reports of this batch."""
        if assign:
            # The components these reports leave change too (their counts).
            left: set[str] = set()
            for part in chunks(sorted(assign)):
                q = select(reports.c.component_id).where(reports.c.id.in_(part)).distinct()
                left.update(c for c in conn.execute(q).scalars() if c)
            self.note_risk_changes(conn, components=left | set(assign.values()))
            stmt = text("UPDATE reports SET component_id = :c WHERE id = :r")
            conn.execute(stmt, [{"c": c, "r": r} for r, c in assign.items()])

    def set_indicator_components(self, conn: Connection, assign: dict[str, str]) -> None:
        if assign:
            stmt = text("UPDATE indicators SET component_id = :c WHERE id = :i")
            conn.execute(stmt, [{"c": c, "i": i} for i, c in sorted(assign.items())])

    def relabel_components(self, conn: Connection, old_to_new: dict[str, str]) -> None:
        """Move every report and indicator of merged components to the surviving id."""
        moves = [{"o": o, "n": n} for o, n in sorted(old_to_new.items()) if o != n]
        if not moves:
            return
        self.note_risk_changes(conn, components=[*old_to_new, *old_to_new.values()])
        conn.execute(text("UPDATE reports SET component_id = :n WHERE component_id = :o"), moves)
        conn.execute(text("UPDATE indicators SET component_id = :n WHERE component_id = :o"), moves)
        conn.execute(text("DELETE FROM components WHERE id = :o"), moves)

    def mark_common(self, conn: Connection, indicator_ids: Sequence[str], reason: str) -> None:
        self.note_risk_changes(conn, indicators=indicator_ids)
        for part in chunks(list(indicator_ids)):
            conn.execute(
                update(indicators)
                .where(indicators.c.id.in_(part))
                .values(common=True, common_reason=reason, component_id=None)
            )

    def reports_by_component(
        self, conn: Connection, comp_ids: Sequence[str]
    ) -> dict[str, list[str]]:
        """component id -> its report ids."""
        out: dict[str, list[str]] = {}
        for part in chunks(list(comp_ids)):
            q = select(reports.c.component_id, reports.c.id).where(reports.c.component_id.in_(part))
            for cid, rid in conn.execute(q):
                out.setdefault(cid, []).append(rid)
        return out

    def sightings_of_reports(
        self, conn: Connection, report_ids: Sequence[str]
    ) -> list[tuple[str, str, bool]]:
        """(report id, indicator id, common) for the given reports, linkable kinds only."""
        out: list[tuple[str, str, bool]] = []
        s, i = sightings.c, indicators.c
        for part in chunks(list(report_ids)):
            q = (
                select(s.report_id, s.indicator_id, i.common)
                .join(indicators, indicators.c.id == s.indicator_id)
                .where(s.report_id.in_(part), i.kind.not_in(sorted(ATTRIBUTE_KINDS)))
                .distinct()
            )
            out.extend((r.report_id, r.indicator_id, bool(r.common)) for r in conn.execute(q))
        return out

    def linking_sightings(
        self, conn: Connection, report_ids: Sequence[str]
    ) -> list[tuple[str, str, str | None, bool, str | None]]:
        """(report, indicator, its component, common, common reason) for the given reports:
        what the common-value rule needs to follow a group of reports through shared values
        (attributes such as IFSC codes are no linking values: left out)."""
        out: list[tuple[str, str, str | None, bool, str | None]] = []
        s, i = sightings.c, indicators.c
        for part in chunks(list(report_ids)):
            q = (
                select(s.report_id, s.indicator_id, i.component_id, i.common, i.common_reason)
                .join(indicators, i.id == s.indicator_id)
                .where(s.report_id.in_(part), i.kind.not_in(sorted(ATTRIBUTE_KINDS)))
                .distinct()
            )
            out.extend((r[0], r[1], r[2], bool(r[3]), r[4]) for r in conn.execute(q))
        return out

    def components_of_reports(self, conn: Connection, report_ids: Sequence[str]) -> set[str]:
        """The components the given reports are in."""
        out: set[str] = set()
        for part in chunks(list(report_ids)):
            q = select(reports.c.component_id).where(reports.c.id.in_(part)).distinct()
            out.update(c for c in conn.execute(q).scalars() if c)
        return out

    def unmark_common(self, conn: Connection, indicator_ids: Sequence[str]) -> None:
        """Clear a common verdict (the value links again; its component is set by the caller)."""
        self.note_risk_changes(conn, indicators=indicator_ids)
        for part in chunks(list(indicator_ids)):
            conn.execute(
                update(indicators)
                .where(indicators.c.id.in_(part))
                .values(common=False, common_reason=None)
            )

    def reports_of_indicators(
        self, conn: Connection, indicator_ids: Sequence[str]
    ) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for part in chunks(list(indicator_ids)):
            q = (
                select(sightings.c.indicator_id, sightings.c.report_id)
                .where(sightings.c.indicator_id.in_(part))
                .distinct()
            )
            for row in conn.execute(q):
                out.setdefault(row.indicator_id, []).append(row.report_id)
        return out

    def component_summaries(
        self, conn: Connection, ids: Sequence[str]
    ) -> dict[str, dict[str, Any]]:
        """Summary rows of the given components, by id."""
        out: dict[str, dict[str, Any]] = {}
        for part in chunks(sorted(set(ids))):
            for row in conn.execute(select(components).where(components.c.id.in_(part))):
                out[row.id] = dict(row._mapping)
        return out

    def upsert_component_summaries(self, conn: Connection, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        ids = [r["id"] for r in rows]
        for part in chunks(ids):
            conn.execute(components.delete().where(components.c.id.in_(part)))
        conn.execute(components.insert(), rows)

    def delete_components(self, conn: Connection, ids: Iterable[str]) -> None:
        ids = list(ids)
        self.note_risk_changes(conn, components=ids)
        for part in chunks(sorted(set(ids))):
            conn.execute(components.delete().where(components.c.id.in_(part)))


def open_store(settings: Settings, *, migrate: bool = True) -> Store:
    """Open (and by default migrate) the store named by the settings."""
    if settings.database_url.startswith("sqlite:///"):
        path = Path(settings.database_url.removeprefix("sqlite:///"))
        if str(path) != ":memory:":
            if not path.parent.exists():
                private_dir(path.parent)
            sqlite_database(path)  # before SQLite opens it: its WAL takes the same mode
    private_dir(settings.home)
    store = Store(settings.database_url)
    store.home = Path(settings.home)
    if migrate:
        store.migrate()
    return store
