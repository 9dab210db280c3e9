"""Bulk writes: many rows per statement through the database driver's ``executemany``.

SQLAlchemy's ``execute(insert(), rows)`` builds and type-converts each row's parameters
in Python (~15 µs a row and table). Here a statement is compiled once per table and
column set, each column's own SQLAlchemy bind processor converts the values (so a
stored value is byte for byte what the row path stores), and the rows go to the raw
driver in one ``executemany``: sqlite3's prepared statement, psycopg's pipelined one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, Table, select

from crossline.store.repository import Store, chunks
from crossline.store.schema import quarantine, reports, sightings, victim_contacts


class BulkWriter:
    """Writes rows of the import tables inside the caller's transaction."""

    def __init__(self, store: Store, conn: Connection) -> None:
        self.store = store
        self.conn = conn
        self._compiled: dict[tuple[str, tuple[str, ...]], tuple[str, Callable[..., Any]]] = {}
        self._victims: bool | None = None

    def _statement(self, name: str, stmt: Any, keys: tuple[str, ...]) -> tuple[str, Callable]:
        """The SQL of ``stmt`` for rows with ``keys``, and a row -> driver parameters."""
        got = self._compiled.get((name, keys))
        if got is not None:
            return got
        compiled = stmt.compile(dialect=self.conn.dialect, column_keys=list(keys))
        procs = compiled._bind_processors  # the column types' own conversions
        if compiled.positional:
            order = list(compiled.positiontup or ())
            fns = [(k, procs.get(k)) for k in order]

            def params(row: dict[str, Any]) -> Any:
                return tuple(fn(row.get(k)) if fn is not None else row.get(k) for k, fn in fns)
        else:
            fns = [(k, procs.get(k)) for k in compiled.binds]

            def params(row: dict[str, Any]) -> Any:
                return {k: fn(row.get(k)) if fn is not None else row.get(k) for k, fn in fns}

        got = (compiled.string, params)
        self._compiled[(name, keys)] = got
        return got

    def _many(self, name: str, stmt: Any, rows: Sequence[dict[str, Any]]) -> None:
        if not rows:
            return
        keys = tuple(rows[0])
        sql, params = self._statement(name, stmt, keys)
        self.conn.exec_driver_sql(sql, [params(r) for r in rows])

    def reports(self, rows: Sequence[dict[str, Any]]) -> None:
        self._many("reports", reports.insert(), rows)

    def sightings(self, rows: Sequence[dict[str, Any]]) -> None:
        self._many("sightings", sightings.insert(), rows)
        # The registry's risk index drops what these values answered (store.risk_log).
        self.store.note_risk_changes(self.conn, indicators=(r["indicator_id"] for r in rows))

    def victim_contacts(self, rows: Sequence[dict[str, Any]]) -> None:
        if not rows:
            return
        if self._victims is None:
            from sqlalchemy import inspect

            self._victims = inspect(self.conn).has_table(victim_contacts.name)
        if self._victims:
            self._many("victim_contacts", victim_contacts.insert(), rows)
            self.store.note_risk_changes(self.conn, indicators=(r["indicator_id"] for r in rows))

    def indicators(self, rows: Sequence[dict[str, Any]]) -> None:
        """Add new indicators or widen existing ones, as ``Store.upsert_indicators``."""
        rows = sorted(rows, key=lambda r: (r["kind"], r["value"]))  # stable lock order (PG)
        self._many("indicators", self.store.dialect.upsert_indicators(), rows)
        self.store.note_risk_changes(self.conn, indicators=(r["id"] for r in rows))

    def quarantine(self, rows: Sequence[dict[str, Any]]) -> None:
        """Rejected rows; one already quarantined (same file and line) is left as is."""
        if not rows:
            return
        known = _existing(self.conn, quarantine, [r["id"] for r in rows])
        self._many("quarantine", quarantine.insert(), [r for r in rows if r["id"] not in known])


def _existing(conn: Connection, table: Table, ids: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for part in chunks(list(ids)):
        found.update(conn.execute(select(table.c.id).where(table.c.id.in_(part))).scalars())
    return found


def unlinked(conn: Connection, ids: Sequence[str]) -> list[str]:
    """Those of the given reports that are in no component (stored by a bulk import that
    stopped before linking, or holding no linkable value)."""
    out: list[str] = []
    for part in chunks(list(ids)):
        q = select(reports.c.id).where(reports.c.id.in_(part), reports.c.component_id.is_(None))
        out.extend(conn.execute(q).scalars())
    return out
