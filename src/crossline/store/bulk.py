"""Bulk writes: many rows per statement through the database driver's ``executemany``.

SQLAlchemy's ``execute(insert(), rows)`` builds and type-converts each row's parameters
in Python (~15 µs a row and table). Here the rows come already converted, as tuples
(each column's own SQLAlchemy bind processor, applied by :mod:`.bulk_encode` in the
worker processes, so a stored value is byte for byte what the row path stores), and go
to the raw driver in one ``executemany``: sqlite3's prepared statement, psycopg's
pipelined one. Rows the writer builds itself (quarantine) are converted here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Table, select

from crossline.store.bulk_encode import Encoder, positional_dialect, table_order
from crossline.store.repository import Store, chunks
from crossline.store.schema import quarantine, reports, victim_contacts


class BulkWriter:
    """Writes rows of the import tables inside the caller's transaction."""

    def __init__(self, store: Store, conn: Connection) -> None:
        self.store = store
        self.conn = conn
        self._victims: bool | None = None
        self._upserts: dict[tuple[str, ...], str] = {}
        # What workers build this connection's parameters with (store.bulk_encode).
        self.dialect = positional_dialect(conn.dialect)

    def insert(self, encoder: Encoder, rows: Sequence[tuple[Any, ...]]) -> None:
        """Rows encoded by ``encoder`` (with its trailing columns appended)."""
        if rows:
            self.conn.exec_driver_sql(encoder.insert_sql, rows)  # type: ignore[arg-type]

    def victim_contacts(self, encoder: Encoder, rows: Sequence[tuple[Any, ...]]) -> None:
        """Victim contacts, unless the database predates their table."""
        if not rows:
            return
        if self._victims is None:
            from sqlalchemy import inspect

            self._victims = inspect(self.conn).has_table(victim_contacts.name)
        if self._victims:
            self.insert(encoder, rows)

    def upsert_indicators(self, encoder: Encoder, rows: Sequence[tuple[Any, ...]]) -> None:
        """Add new indicators or widen existing ones, as ``Store.upsert_indicators``;
        ``rows`` sorted by (kind, value): a stable lock order (PostgreSQL)."""
        if rows:
            sql = self._upserts.get(encoder.columns)
            if sql is None:
                sql = self._upserts[encoder.columns] = encoder.compile(
                    self.store.dialect.upsert_indicators()
                )
            self.conn.exec_driver_sql(sql, rows)  # type: ignore[arg-type]

    def note_indicators(self, ids: Iterable[str]) -> None:
        """The registry's risk index drops what these values answered (store.risk_log)."""
        self.store.note_risk_changes(self.conn, indicators=ids)

    def quarantine(self, rows: Sequence[dict[str, Any]]) -> None:
        """Rejected rows; one already quarantined (same file and line) is left as is."""
        if not rows:
            return
        known = _existing(self.conn, quarantine, [r["id"] for r in rows])
        new = [r for r in rows if r["id"] not in known]
        if new:
            encoder = Encoder(self.dialect, quarantine.name, table_order(quarantine.name, new[0]))
            self.insert(encoder, encoder.encode_dicts(new))


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
