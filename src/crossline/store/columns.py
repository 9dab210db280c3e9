"""The metadata every table is declared on, and builders of the columns many tables
declare alike: ids, timestamps, who did something, a hash chain, where a value was
found, the import file a row came from. One builder per kind of column keeps a kind
the same type everywhere (a timestamp is always timezone-aware, an actor always fits
``"token:bank-feed (cl_ab12)"``), and the schema modules list only what is their own.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text
from sqlalchemy.schema import SchemaItem
from sqlalchemy.types import TypeEngine

metadata = MetaData()

ID = String(36)  # uuid5 text; deterministic
ACTOR = String(160)  # "user:alice" or "token:bank-feed (cl_ab12)", as the audit log names them


def table(name: str, *parts: SchemaItem) -> Table:
    """A table of the node's schema (on :data:`metadata`)."""
    return Table(name, metadata, *parts)


def key(name: str = "id", type_: TypeEngine[Any] | type[TypeEngine[Any]] = ID) -> Column[Any]:
    """A primary-key column (an id unless another type is given)."""
    return Column(name, type_, primary_key=True)


def moment(name: str, *, required: bool = False) -> Column[Any]:
    """A timezone-aware timestamp."""
    return Column(name, DateTime(timezone=True), nullable=not required)


def created_at() -> Column[Any]:
    """When the row was written."""
    return moment("created_at", required=True)


def actor(name: str = "actor", *, required: bool = True) -> Column[Any]:
    """Who did something, named as the audit log names them."""
    return Column(name, ACTOR, nullable=not required)


def hash_chain() -> tuple[Column[Any], Column[Any]]:
    """The hashes chaining an append-only log: the previous row's, and this row's."""
    return (
        Column("prev_hash", String(64), nullable=False),
        Column("hash", String(64), nullable=False),
    )


def value_place() -> tuple[Column[Any], ...]:
    """Where a value was found in a report: (report, indicator, field, start) keys the
    row, ``end`` closes the span; a start of -1 stands for the whole field."""
    return (
        key("report_id"),
        key("indicator_id"),
        key("field", String(64)),
        key("start", Integer),
        Column("end", Integer),
    )


def import_file() -> tuple[Column[Any], ...]:
    """The import file a row was read from (its path, content digest and format)."""
    return (
        Column("file", Text, nullable=False),
        Column("file_sha256", String(64), nullable=False),
        Column("format", String(32), nullable=False),
    )
