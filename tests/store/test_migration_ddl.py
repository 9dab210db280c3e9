"""The migrations' shared steps (``crossline.store.migrations.ddl``) on SQLite and
PostgreSQL, and the schema the migrations build against the one the code declares."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import Connection, create_engine, inspect, text

from crossline.config import Settings
from crossline.store import open_store
from crossline.store.migrations.ddl import (
    ID,
    AppendOnly,
    Columns,
    Indexes,
    Step,
    Table,
    apply,
    drop_tables,
    keyed,
    reversible,
    undo,
)
from crossline.store.schema import metadata

BASE = "scratch_ddl_base"  # a table each case may add indexes or columns to


@contextmanager
def operations(settings: Settings) -> Iterator[Connection]:
    """A connection whose ``alembic.op`` calls run on the test's database; the scratch
    tables go at the end (PostgreSQL's database is shared by the session)."""
    engine = create_engine(settings.database_url)
    try:
        with engine.begin() as conn:
            conn.execute(text(f"CREATE TABLE {BASE} (id VARCHAR(36) PRIMARY KEY, v INTEGER)"))
        with engine.begin() as conn, Operations.context(MigrationContext.configure(conn)):
            yield conn
    finally:
        with engine.begin() as conn:
            for name in inspect(conn).get_table_names():
                if name.startswith("scratch_ddl"):
                    conn.execute(text(f"DROP TABLE {name}"))
        engine.dispose()


def shape(conn: Connection) -> dict[str, Any]:
    """The scratch tables: columns, primary key and plain indexes of each."""
    insp = inspect(conn)
    return {
        name: (
            [c["name"] for c in insp.get_columns(name)],
            insp.get_pk_constraint(name)["constrained_columns"],
            {i["name"]: i["column_names"] for i in insp.get_indexes(name)},
        )
        for name in sorted(insp.get_table_names())
        if name.startswith("scratch_ddl")
    }


BASE_SHAPE: tuple[list[str], list[str], dict[str, list[str]]] = (["id", "v"], ["id"], {})

STEP_CASES = [
    pytest.param(
        lambda: [
            Table(
                "scratch_ddl_pairs",
                sa.Column("a", ID, nullable=False),
                sa.Column("b", ID, nullable=False),
                sa.PrimaryKeyConstraint("a", "b"),
                indexes={"ix_scratch_ddl_pairs_b": ["b"], "ix_scratch_ddl_pairs_ba": ["b", "a"]},
            )
        ],
        undo,
        {
            "scratch_ddl_pairs": (
                ["a", "b"],
                ["a", "b"],
                {"ix_scratch_ddl_pairs_b": ["b"], "ix_scratch_ddl_pairs_ba": ["b", "a"]},
            )
        },
        id="table with its indexes",
    ),
    pytest.param(
        lambda: [keyed("scratch_ddl_keyed", sa.Column("name", sa.String(16)))],
        undo,
        {"scratch_ddl_keyed": (["id", "name"], ["id"], {})},
        id="keyed table: id first, primary key",
    ),
    pytest.param(
        lambda: [Indexes(BASE, {"ix_scratch_v": ["v"], "ix_scratch_v_id": ["v", "id"]})],
        undo,
        {BASE: (["id", "v"], ["id"], {"ix_scratch_v": ["v"], "ix_scratch_v_id": ["v", "id"]})},
        id="indexes on a table that exists",
    ),
    pytest.param(
        lambda: [
            Columns(BASE, sa.Column("w", sa.Integer()), sa.Column("x", sa.String(8))),
            Columns(BASE, sa.Column("y", sa.Integer(), server_default="1")),
        ],
        undo,
        {BASE: (["id", "v", "w", "x", "y"], ["id"], {})},
        id="columns added in batches",
    ),
    pytest.param(
        lambda: [
            keyed("scratch_ddl_one", indexes={"ix_scratch_ddl_one": ["id"]}),
            Table("scratch_ddl_two", sa.Column("k", sa.Integer(), primary_key=True)),
        ],
        drop_tables,
        {
            "scratch_ddl_one": (["id"], ["id"], {"ix_scratch_ddl_one": ["id"]}),
            "scratch_ddl_two": (["k"], ["k"], {}),
        },
        id="tables dropped with their indexes",
    ),
]


@pytest.mark.parametrize(("steps", "take_back", "added"), STEP_CASES)
def test_steps_apply_and_take_back(
    settings: Settings,
    steps: Callable[[], Sequence[Any]],
    take_back: Callable[[Sequence[Any]], None],
    added: dict[str, Any],
) -> None:
    with operations(settings) as conn:
        before = shape(conn)
        assert before == {BASE: BASE_SHAPE}
        apply(steps())
        assert shape(conn) == {**before, **added}
        take_back(steps())
        assert shape(conn) == before


class Recorder:
    """A step that notes what was asked of it."""

    def __init__(self, name: str, log: list[str]) -> None:
        self.name, self.log = name, log

    def create(self) -> None:
        self.log.append(f"create {self.name}")

    def drop(self) -> None:
        self.log.append(f"drop {self.name}")


@pytest.mark.parametrize(
    ("names", "upgrade_log", "downgrade_log"),
    [
        pytest.param([], [], [], id="no steps"),
        pytest.param(["a"], ["create a"], ["drop a"], id="one step"),
        pytest.param(
            ["a", "b", "c"],
            ["create a", "create b", "create c"],
            ["drop c", "drop b", "drop a"],
            id="downgrade takes the last step back first",
        ),
    ],
)
def test_reversible_builds_both_directions_from_fresh_steps(
    names: list[str], upgrade_log: list[str], downgrade_log: list[str]
) -> None:
    log: list[str] = []
    built: list[list[Step]] = []

    def steps() -> list[Step]:
        built.append([Recorder(name, log) for name in names])
        return built[-1]

    upgrade, downgrade = reversible(steps)
    upgrade()
    assert log == upgrade_log
    log.clear()
    downgrade()
    assert log == downgrade_log
    assert len(built) == 2 and (not names or built[0][0] is not built[1][0])


def test_append_only_guard_refuses_changes_until_taken_down(settings: Settings) -> None:
    guard = AppendOnly("scratch_ddl_log")
    engine = create_engine(settings.database_url)

    def run(statement: str) -> None:
        with engine.begin() as conn:
            conn.execute(text(statement))

    def guarded(step: Callable[[], None]) -> None:
        with engine.begin() as conn, Operations.context(MigrationContext.configure(conn)):
            step()

    try:
        run("CREATE TABLE scratch_ddl_log (seq INTEGER PRIMARY KEY, body VARCHAR(16))")
        guarded(guard.create)
        run("INSERT INTO scratch_ddl_log (seq, body) VALUES (1, 'first')")
        for change in ("UPDATE scratch_ddl_log SET body = 'x'", "DELETE FROM scratch_ddl_log"):
            with pytest.raises(sa.exc.DBAPIError, match="scratch_ddl_log is append-only"):
                run(change)
        guarded(guard.drop)
        run("UPDATE scratch_ddl_log SET body = 'x'")
        run("DELETE FROM scratch_ddl_log")
    finally:
        run("DROP TABLE IF EXISTS scratch_ddl_log")
        if engine.dialect.name == "postgresql":
            run("DROP FUNCTION IF EXISTS scratch_ddl_log_append_only()")
        engine.dispose()


# Where the migrated schema and the declared one differ on purpose, or harmlessly: 0009
# declared these as String without a length (VARCHAR), the schema says Text; both hold
# text of any length on both engines.
KNOWN_DIFFERENCES = {
    ("modify_type", "match_requests", "note"),
    ("modify_type", "webhook_deliveries", "url"),
    ("modify_type", "webhook_deliveries", "last_error"),
    ("modify_type", "webhook_subscriptions", "url"),
}


def _difference(diff: Any) -> tuple[str, ...]:
    """A difference alembic reports, as (kind, table[, column])."""
    if isinstance(diff, list):  # column changes come grouped
        kind, _schema, table, column = diff[0][:4]
        return (kind, table, column)
    kind, item = diff[0], diff[1]
    table = getattr(item, "table", item)
    return (kind, getattr(table, "name", str(table)), getattr(item, "name", ""))


# Every revision run from an empty database here, not the template of conftest.py.
@pytest.mark.real_migrations
def test_migrated_schema_is_the_declared_schema(settings: Settings) -> None:
    store = open_store(settings)  # migrated to head
    try:
        with store.engine.connect() as conn:
            diffs = compare_metadata(MigrationContext.configure(conn), metadata)
        assert {_difference(d) for d in diffs} == KNOWN_DIFFERENCES
    finally:
        store.close()
