"""Queries of the node's own warning list (see ``schema_warnlist``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, inspect, select

from crossline.store.schema_warnlist import warnlist_entries


def node_entries(conn: Connection) -> list[dict[str, Any]]:
    """Every entry the node's analysts added, by kind and value (none on a database not
    yet migrated to the revision that made the table: its reports still import)."""
    if not inspect(conn).has_table(warnlist_entries.name):
        return []
    q = select(warnlist_entries).order_by(warnlist_entries.c.kind, warnlist_entries.c.value)
    return [dict(row._mapping) for row in conn.execute(q)]


def insert_entry(conn: Connection, row: dict[str, Any]) -> bool:
    """Add one entry; False (and nothing written) when (kind, value) is already listed."""
    t = warnlist_entries.c
    q = select(t.kind).where(t.kind == row["kind"], t.value == row["value"])
    if conn.execute(q).first() is not None:
        return False
    conn.execute(warnlist_entries.insert(), [row])
    return True


def delete_entry(conn: Connection, kind: str, value: str) -> bool:
    """Remove one entry; False when it was not there."""
    t = warnlist_entries.c
    result = conn.execute(delete(warnlist_entries).where(t.kind == kind, t.value == value))
    return bool(result.rowcount)
