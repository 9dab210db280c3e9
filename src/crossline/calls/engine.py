"""The few operations the calls analytics need from a SQL engine.

Feature extraction and campaign detection are written once, as SQL text plus a
little Python between the statements (a weighted median, connected components of
a small cell graph, campaign ids). They run on DuckDB for one machine and on
Apache Spark for data that does not fit one (:mod:`crossline.spark.engine`). Both
engines implement this protocol; the SQL is DuckDB's dialect and the Spark engine
rewrites the handful of constructs Spark SQL spells differently
(:mod:`crossline.spark.dialect`).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol, runtime_checkable

import duckdb
import numpy as np
import pyarrow as pa


@runtime_checkable
class SqlEngine(Protocol):
    """Create tables from SELECTs, read small results back, register small tables."""

    name: str

    def create(self, table: str, select: str, *, temp: bool = False) -> None:
        """Materialise ``select`` as ``table`` (``temp``: scratch, not an output)."""

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        """All rows of a (small) query."""

    def columns(self, sql: str) -> dict[str, np.ndarray]:
        """A (small) query's result as one numpy array per column."""

    def register(self, table: str, data: pa.Table) -> None:
        """Make a small in-memory table queryable as ``table``."""


class DuckEngine:
    """:class:`SqlEngine` over a DuckDB connection (tables live in the connection's file)."""

    name = "duckdb"

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def create(self, table: str, select: str, *, temp: bool = False) -> None:
        kind = "TEMP TABLE" if temp else "TABLE"
        self.con.execute(f"CREATE OR REPLACE {kind} {table} AS {select}")

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return self.con.execute(sql).fetchall()

    def columns(self, sql: str) -> dict[str, np.ndarray]:
        return {k: np.asarray(v) for k, v in self.con.execute(sql).fetchnumpy().items()}

    def register(self, table: str, data: pa.Table) -> None:
        self.con.register("_incoming", data)
        try:
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT * FROM _incoming")
        finally:
            self.con.unregister("_incoming")


def as_engine(con: duckdb.DuckDBPyConnection | SqlEngine) -> SqlEngine:
    """Wrap a DuckDB connection; pass an engine through unchanged."""
    if isinstance(con, duckdb.DuckDBPyConnection):
        return DuckEngine(con)
    return con


def scalar(engine: SqlEngine, sql: str) -> Any:
    """First value of the first row of a query (None when it returns no rows)."""
    found: Sequence[tuple[Any, ...]] = engine.rows(sql)
    return found[0][0] if found else None


class StepClock:
    """Wall and CPU seconds per named step (CPU: every thread of this process)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self._start = (time.perf_counter(), time.process_time())

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        """Time the body of the ``with`` block as step ``name``."""
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.seconds[name] = time.perf_counter() - wall
            self.cpu[name] = time.process_time() - cpu

    def total(self) -> None:
        """Record the time since the clock was made as step ``total``."""
        self.seconds["total"] = time.perf_counter() - self._start[0]
        self.cpu["total"] = time.process_time() - self._start[1]
