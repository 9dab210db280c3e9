"""Rows turned into database driver parameters, in whatever process works them.

A bulk import's worker processes build the parameters of the rows they produce (each
column's own SQLAlchemy bind processor: JSON text, dates as SQLite stores them ...)
so the one writer process only hands them to the driver. An :class:`Encoder` is
picklable: it travels as its dialect's class and the table and column names, and
compiles its statement once in each process that uses it. Parameters are positional
(``?`` for sqlite3, ``%s`` for psycopg), in the order of :attr:`Encoder.columns`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cached_property
from typing import Any

from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.engine import Dialect

from crossline.store.schema import metadata

# Placeholder styles that take a tuple per row, by driver.
_POSITIONAL = {"sqlite": "qmark", "postgresql": "format"}

DriverDialect = tuple[type[Dialect], str]
"""A SQLAlchemy dialect's class and a positional paramstyle its driver takes."""
SQLITE: DriverDialect = (SQLiteDialect_pysqlite, "qmark")


def positional_dialect(dialect: Dialect) -> DriverDialect:
    """What an :class:`Encoder` for a store whose engine has ``dialect`` is built from."""
    return type(dialect), _POSITIONAL[dialect.name]


class Encoder:
    """Driver parameters of rows of ``table`` with ``columns`` (a tuple per row)."""

    def __init__(
        self,
        dialect: DriverDialect,
        table: str,
        columns: Sequence[str],
        trailing: Sequence[str] = (),
    ) -> None:
        self.dialect = dialect
        self.table = table
        self.columns = tuple(columns)
        self.trailing = tuple(trailing)  # columns the writer appends (:meth:`tail`)

    def __reduce__(self) -> tuple[Any, ...]:
        return Encoder, (self.dialect, self.table, self.columns, self.trailing)

    @cached_property
    def _instance(self) -> Dialect:
        cls, style = self.dialect
        return cls(paramstyle=style)

    def _processors_of(self, names: Sequence[str]) -> tuple[Callable[[Any], Any] | None, ...]:
        table = metadata.tables[self.table]
        dialect = self._instance
        return tuple(
            table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names
        )

    @cached_property
    def _processors(self) -> tuple[Callable[[Any], Any] | None, ...]:
        return self._processors_of(self.columns)

    @cached_property
    def _tail_processors(self) -> tuple[Callable[[Any], Any] | None, ...]:
        return self._processors_of(self.trailing)

    def compile(self, stmt: Any) -> str:
        """The SQL of ``stmt`` (an insert into this table) for these columns; raises if
        its parameters would not be in this encoder's order."""
        compiled = stmt.compile(dialect=self._instance, column_keys=list(self.columns))
        order = tuple(compiled.positiontup or ())
        if sorted(order) != sorted(self.columns):
            raise ValueError(f"{self.table}: statement binds {order}, rows hold {self.columns}")
        if order != self.columns:
            raise ValueError(f"{self.table}: columns must be given in the table's order")
        return compiled.string

    @cached_property
    def insert_sql(self) -> str:
        """``INSERT INTO table (columns, trailing columns) VALUES (...)``."""
        dialect = self._instance
        quote = dialect.identifier_preparer.quote
        names = (*self.columns, *self.trailing)
        mark = "?" if dialect.paramstyle == "qmark" else "%s"
        return (
            f"INSERT INTO {quote(self.table)} ({', '.join(quote(n) for n in names)}) "
            f"VALUES ({', '.join(mark for _ in names)})"
        )

    def tail(self, values: Sequence[Any]) -> tuple[Any, ...]:
        """The parameters of the trailing columns (to append to each encoded row)."""
        return tuple(
            v if fn is None else fn(v) for fn, v in zip(self._tail_processors, values, strict=True)
        )

    def encode(self, values: Sequence[Any]) -> tuple[Any, ...]:
        """One row's parameters from its values, in :attr:`columns` order."""
        # None goes through the processor too: a JSON column stores it as JSON null,
        # as SQLAlchemy's own insert does.
        return tuple(
            v if fn is None else fn(v) for fn, v in zip(self._processors, values, strict=True)
        )

    def encode_dicts(self, rows: Sequence[dict[str, Any]]) -> list[tuple[Any, ...]]:
        """Parameters of rows given as dicts (a missing key is NULL)."""
        cols = self.columns
        return [self.encode([row.get(c) for c in cols]) for row in rows]


def table_order(table: str, columns: Sequence[str]) -> tuple[str, ...]:
    """``columns`` in the order of the table's definition (as statements bind them)."""
    wanted = set(columns)
    return tuple(c.name for c in metadata.tables[table].columns if c.name in wanted)
