"""Canonical, backend-independent rows: the common ground of backup, restore and verify.

A table's content is written as JSON Lines, one array per row in column order,
rows sorted by primary key, values in one canonical form whichever engine they
came from (datetimes in UTC ISO-8601, decimals as strings at the column's scale,
JSON documents with sorted keys). The SHA-256 of those bytes is the table's
content hash: equal hashes mean equal content, on SQLite or PostgreSQL.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import IO, Any

from sqlalchemy import (
    JSON,
    Boolean,
    Connection,
    DateTime,
    Float,
    Integer,
    Numeric,
    String,
    Table,
    inspect,
    select,
)

from crossline.store.schema import metadata

STREAM_ROWS = 5_000


def column_kind(col: Any) -> str:
    """One of datetime, decimal, json, bool, int, float, str: how values are written."""
    t = col.type
    if isinstance(t, DateTime):
        return "datetime"
    if isinstance(t, JSON):
        return "json"
    if isinstance(t, Boolean):
        return "bool"
    if isinstance(t, Integer):
        return "int"
    if isinstance(t, Float):
        return "float"
    if isinstance(t, Numeric):
        return f"decimal:{t.scale if t.scale is not None else ''}"
    return "str"


def encode(kind: str, value: Any) -> Any:
    """A value in its canonical JSON form."""
    if value is None:
        return None
    if kind == "datetime":
        if value.tzinfo is None:  # SQLite hands back naive values: they were stored as UTC
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat()
    if kind.startswith("decimal"):
        scale = kind.partition(":")[2]
        d = Decimal(str(value))
        if scale:
            d = d.quantize(Decimal(1).scaleb(-int(scale)))
        return str(d)
    if kind == "bool":
        return bool(value)
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    return value


def decode(kind: str, value: Any) -> Any:
    """The Python value to bind on insert."""
    if value is None:
        return None
    if kind == "datetime":
        return datetime.fromisoformat(value)
    if kind.startswith("decimal"):
        return Decimal(value)
    return value


def line(values: list[Any]) -> bytes:
    return (
        json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    ).encode()


def tables_in(conn: Connection) -> tuple[list[Table], list[str]]:
    """The node's tables present in this database, parents before children, and the names
    of tables present but unknown to this build (left out, and said so)."""
    present = set(inspect(conn).get_table_names())
    known = [t for t in metadata.sorted_tables if t.name in present]
    unknown = sorted(present - {t.name for t in known} - {"alembic_version"})
    return known, unknown


def stored_columns(table: Table) -> list[Any]:
    """The columns a backup holds: generated ones are derived again by the database."""
    return [c for c in table.columns if c.computed is None]


def columns_of(table: Table) -> list[list[str]]:
    return [[c.name, column_kind(c)] for c in stored_columns(table)]


def dump_table(conn: Connection, table: Table, out: IO[bytes] | None) -> tuple[int, str]:
    """Write the table's canonical lines to ``out`` (None: only hash); (rows, sha256)."""
    columns = stored_columns(table)
    kinds = [column_kind(c) for c in columns]
    # Byte order of the UTF-8 text on both engines (PostgreSQL's default collation would
    # sort by locale, and the same content would hash differently).
    pg = conn.dialect.name == "postgresql"
    order = [
        c.collate("C") if pg and isinstance(c.type, String) else c
        for c in (list(table.primary_key.columns) or columns)
    ]
    h = hashlib.sha256()
    rows = 0
    result = conn.execution_options(stream_results=True, yield_per=STREAM_ROWS).execute(
        select(*columns).order_by(*order)
    )
    for row in result:
        data = line([encode(k, v) for k, v in zip(kinds, row, strict=True)])
        h.update(data)
        if out is not None:
            out.write(data)
        rows += 1
    return rows, h.hexdigest()


def read_lines(stream: IO[bytes]) -> Iterator[list[Any]]:
    for raw in stream:
        if raw.strip():
            yield json.loads(raw)


def fingerprint(conn: Connection) -> dict[str, dict[str, Any]]:
    """table -> {"rows", "sha256"} over every known table: what restore compares."""
    tables, _ = tables_in(conn)
    out = {}
    for t in tables:
        rows, digest = dump_table(conn, t, None)
        out[t.name] = {"rows": rows, "sha256": digest}
    return out
