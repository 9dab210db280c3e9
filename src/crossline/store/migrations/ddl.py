"""What the revisions share: column types, and the steps a revision is made of.

A revision lists its steps once (a table it adds with the indexes it gets, indexes on a
table that exists, columns added to one, append-only guards on a log); ``apply`` runs
them in order for the upgrade and ``undo`` takes them back in the opposite order for the
downgrade, so the two directions are written once and cannot drift apart.

Revisions are history that nodes have run: a step emits exactly the DDL the revisions
emitted when each spelled it out (``scripts/dump_migration_ddl.py`` compares two builds
statement by statement).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

import sqlalchemy as sa
from alembic import op
from sqlalchemy.schema import SchemaItem

TZ = sa.DateTime(timezone=True)
ID = sa.String(length=36)


class Step(Protocol):
    """One reversible part of a revision."""

    def create(self) -> None: ...

    def drop(self) -> None: ...


def apply(steps: Sequence[Step]) -> None:
    """Run the steps of an upgrade, in order."""
    for step in steps:
        step.create()


def undo(steps: Sequence[Step]) -> None:
    """Take the steps of an upgrade back, last first."""
    for step in reversed(steps):
        step.drop()


def reversible(
    steps: Callable[[], Sequence[Step]],
) -> tuple[Callable[[], None], Callable[[], None]]:
    """A revision's ``upgrade`` and ``downgrade``, both from its one list of steps.

    ``steps`` is called on each run: a column belongs to the one table built from it,
    and a process may run a revision more than once (down and up again)."""

    def upgrade() -> None:
        apply(steps())

    def downgrade() -> None:
        undo(steps())

    return upgrade, downgrade


class Indexes:
    """Plain indexes on one table, name to columns: created in order, dropped in reverse."""

    def __init__(self, table: str, indexes: Mapping[str, list[str]]) -> None:
        self.table = table
        self.indexes = dict(indexes)

    def create(self) -> None:
        for name, columns in self.indexes.items():
            op.create_index(name, self.table, columns)

    def drop(self) -> None:
        for name in reversed(list(self.indexes)):
            op.drop_index(name, table_name=self.table)


class Table:
    """A table the revision adds (columns and constraints as ``op.create_table`` takes
    them), and the plain indexes it gets."""

    def __init__(
        self, name: str, *elements: SchemaItem, indexes: Mapping[str, list[str]] | None = None
    ) -> None:
        self.name = name
        self.elements = elements
        self.indexes = Indexes(name, indexes or {})

    def create(self) -> None:
        op.create_table(self.name, *self.elements)
        self.indexes.create()

    def drop(self) -> None:
        self.indexes.drop()
        op.drop_table(self.name)


def drop_tables(tables: Sequence[Table]) -> None:
    """Drop the tables, last first, with no DROP INDEX before each (DROP TABLE takes a
    table's indexes with it): how the downgrades of some revisions have always run."""
    for table in reversed(tables):
        op.drop_table(table.name)


def keyed(
    name: str, *elements: SchemaItem, indexes: Mapping[str, list[str]] | None = None
) -> Table:
    """A table whose rows are named by an ``id`` of 36 characters (a UUID): its first
    column and its primary key."""
    return Table(
        name,
        sa.Column("id", ID, nullable=False),
        *elements,
        sa.PrimaryKeyConstraint("id"),
        indexes=indexes,
    )


class Columns:
    """Columns added to a table that exists, in one batch (SQLite re-creates the table);
    dropped in reverse order."""

    def __init__(self, table: str, *columns: sa.Column[Any]) -> None:
        self.table = table
        self.columns = columns

    def create(self) -> None:
        with op.batch_alter_table(self.table) as batch:
            for column in self.columns:
                batch.add_column(column)

    def drop(self) -> None:
        with op.batch_alter_table(self.table) as batch:
            for column in reversed(self.columns):
                batch.drop_column(column.name)


class DialectStatements:
    """A step made of raw statements that differ by dialect (triggers, functions): a
    subclass says which statements set it up and which take it down."""

    def statements(self, dialect: str) -> list[str]:
        """The statements that set the step up on the dialect."""
        raise NotImplementedError

    def undo_statements(self, dialect: str) -> list[str]:
        """The statements that take the step down on the dialect."""
        raise NotImplementedError

    def create(self) -> None:
        for statement in self.statements(op.get_bind().dialect.name):
            op.execute(statement)

    def drop(self) -> None:
        for statement in self.undo_statements(op.get_bind().dialect.name):
            op.execute(statement)


class AppendOnly(DialectStatements):
    """Triggers by which the database itself refuses UPDATE and DELETE on a log table, so
    that neither a bug nor a careless script can rewrite history through the
    application's account. (TRUNCATE needs table ownership on PostgreSQL: deployments
    grant the node's role INSERT/SELECT only on the log; its hash chain shows any
    rewrite made as owner.)"""

    def __init__(self, table: str) -> None:
        self.table = table

    def statements(self, dialect: str) -> list[str]:
        """The statements that set the guard up on the dialect."""
        t = self.table
        if dialect == "postgresql":
            return [
                f"""CREATE OR REPLACE FUNCTION {t}_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION '{t} is append-only'; END; $$ LANGUAGE plpgsql""",
                f"""CREATE TRIGGER {t}_no_change BEFORE UPDATE OR DELETE ON {t}
       FOR EACH ROW EXECUTE FUNCTION {t}_append_only()""",
            ]
        return [
            f"""CREATE TRIGGER {t}_no_{event} BEFORE {event.upper()} ON {t}
       BEGIN SELECT RAISE(ABORT, '{t} is append-only'); END"""
            for event in ("update", "delete")
        ]

    def undo_statements(self, dialect: str) -> list[str]:
        """The statements that take the guard down on the dialect."""
        t = self.table
        if dialect == "postgresql":
            return [
                f"DROP TRIGGER IF EXISTS {t}_no_change ON {t}",
                f"DROP FUNCTION IF EXISTS {t}_append_only()",
            ]
        return [f"DROP TRIGGER IF EXISTS {t}_no_{event}" for event in ("delete", "update")]
