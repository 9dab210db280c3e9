"""Each column builder declares the column it stands for, to the letter of the DDL."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.schema import CreateTable

from crossline.store import columns as cols

ID = String(36)

CASES: list[tuple[str, tuple[Any, ...], tuple[Any, ...]]] = [
    ("key-id", (cols.key(),), (Column("id", ID, primary_key=True),)),
    ("key-named-typed", (cols.key("n", Integer),), (Column("n", Integer, primary_key=True),)),
    ("moment", (cols.moment("at"),), (Column("at", DateTime(timezone=True)),)),
    (
        "moment-required",
        (cols.moment("at", required=True),),
        (Column("at", DateTime(timezone=True), nullable=False),),
    ),
    (
        "created-at",
        (cols.created_at(),),
        (Column("created_at", DateTime(timezone=True), nullable=False),),
    ),
    ("actor", (cols.actor(),), (Column("actor", String(160), nullable=False),)),
    (
        "actor-named-optional",
        (cols.actor("acked_by", required=False),),
        (Column("acked_by", String(160)),),
    ),
    (
        "hash-chain",
        cols.hash_chain(),
        (
            Column("prev_hash", String(64), nullable=False),
            Column("hash", String(64), nullable=False),
        ),
    ),
    (
        "value-place",
        cols.value_place(),
        (
            Column("report_id", ID, primary_key=True),
            Column("indicator_id", ID, primary_key=True),
            Column("field", String(64), primary_key=True),
            Column("start", Integer, primary_key=True),
            Column("end", Integer),
        ),
    ),
    (
        "import-file",
        cols.import_file(),
        (
            Column("file", Text, nullable=False),
            Column("file_sha256", String(64), nullable=False),
            Column("format", String(32), nullable=False),
        ),
    ),
]


def _ddl(columns: tuple[Any, ...]) -> list[str]:
    t = Table("t", MetaData(), Column("pad", Integer), *columns)
    return [
        str(CreateTable(t).compile(dialect=d)) for d in (sqlite.dialect(), postgresql.dialect())
    ]


@pytest.mark.parametrize(("built", "written"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_builder_declares_the_written_column(
    built: tuple[Any, ...], written: tuple[Any, ...]
) -> None:
    assert _ddl(built) == _ddl(written)


def test_table_is_declared_on_the_node_metadata() -> None:
    t = cols.table("columns_test_only", cols.key())
    try:
        assert cols.metadata.tables["columns_test_only"] is t
    finally:
        cols.metadata.remove(t)
