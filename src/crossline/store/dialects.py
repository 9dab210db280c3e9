"""What differs between SQLite and PostgreSQL: engine options and the indicator upsert.

Everything else is shared SQLAlchemy Core in :mod:`crossline.store.repository`.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    case,
    create_engine,
    event,
    func,
    literal_column,
    select,
    text,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql import Insert

from crossline.config import db_pool_size, sqlite_cache_mib, sqlite_heap_mib
from crossline.store.schema import indicators


class Dialect:
    """Base: engine creation and the upsert statement for indicators."""

    name = "generic"
    # The dialect's INSERT (with ON CONFLICT), and its SQL functions picking the smaller
    # and the larger of two values.
    insert: Any = None
    least = "least"
    greatest = "greatest"

    def engine(self, url: str) -> Engine:
        # Bound values are case data (victims' names, numbers): never in logs or error texts.
        return create_engine(url, hide_parameters=True)

    def upsert_indicators(self) -> Insert:
        """INSERT ... ON CONFLICT (kind, value) DO UPDATE: counts add, first/last seen widen."""
        stmt = self.insert(indicators)
        ex = stmt.excluded
        cur = indicators.c
        return stmt.on_conflict_do_update(
            index_elements=[cur.kind, cur.value],
            set_={
                "report_count": cur.report_count + ex.report_count,
                "first_seen": self.pick(self.least, cur.first_seen, ex.first_seen),
                "last_seen": self.pick(self.greatest, cur.last_seen, ex.last_seen),
                "meta": func.coalesce(cur.meta, ex.meta),
            },
        )

    def pick(self, function: str, a: Any, b: Any) -> Any:
        """SQL for ``function`` (:attr:`least` or :attr:`greatest`) of two values, the one
        value when the other is NULL."""
        # LEAST/GREATEST ignore NULLs in PostgreSQL.
        return getattr(func, function)(a, b)

    def link_lock(self, conn: Connection) -> None:
        """Serialize linking steps: a plan read from the store must not go stale before
        it is written, or two concurrent imports could split one campaign."""
        raise NotImplementedError

    def key_lock(self, conn: Connection, key: str) -> None:
        """Serialize transactions that hold the same ``key`` until they end: a check
        and the write it allows (a budget read, then charged) become one step."""
        raise NotImplementedError


class SQLiteDialect(Dialect):
    name = "sqlite"
    insert = staticmethod(sqlite.insert)
    least = "min"
    greatest = "max"

    def engine(self, url: str) -> Engine:
        engine = create_engine(url, connect_args={"timeout": 30}, hide_parameters=True)
        # Each pooled connection keeps its own page cache, filled as pages are read and
        # never given back while it lives: the pool times this bounds the process's
        # memory (CROSSLINE_SQLITE_CACHE_MIB; `crossline serve` keeps it small).
        cache_kib = sqlite_cache_mib() * 1024
        # ... unless the process has a budget for SQLite's heap (CROSSLINE_SQLITE_HEAP_MIB,
        # set by `crossline serve`): SQLite's soft heap limit is the process's, and once it
        # is reached each connection's cache recycles its own pages instead of growing, so
        # every cache together stays within the budget whatever the pool opens.
        heap_bytes = sqlite_heap_mib() * 2**20

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            # WAL lets readers (the web app, lookups) run during an import.
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA temp_store=MEMORY")
            cur.execute(f"PRAGMA cache_size=-{cache_kib:d}")  # negative: KiB, not pages
            if heap_bytes:
                cur.execute(f"PRAGMA soft_heap_limit={heap_bytes:d}")
            cur.close()

        return engine

    def link_lock(self, conn: Connection) -> None:
        # A write takes SQLite's RESERVED lock at once: other writers wait (busy timeout).
        conn.execute(text("UPDATE imports SET status = status WHERE 0"))

    def key_lock(self, conn: Connection, key: str) -> None:
        # SQLite has one writer at a time: taking the write lock now serializes every key.
        self.link_lock(conn)

    def pick(self, function: str, a: Any, b: Any) -> Any:
        # SQLite's scalar min()/max() return NULL if any argument is NULL: coalesce first.
        return getattr(func, function)(func.coalesce(a, b), func.coalesce(b, a))


class PostgresDialect(Dialect):
    name = "postgresql"
    insert = staticmethod(postgresql.insert)

    def engine(self, url: str) -> Engine:
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
        # Each uvicorn worker runs sync routes on up to 40 threads: size the pool for a
        # busy worker (CROSSLINE_DB_POOL_SIZE, overflow as much again; see operations.md).
        size = db_pool_size(10)
        engine = create_engine(
            url,
            pool_pre_ping=True,
            hide_parameters=True,
            pool_size=size,
            max_overflow=size,
        )
        event.listen(engine, "before_cursor_execute", _no_nul, retval=True)
        return engine

    def link_lock(self, conn: Connection) -> None:
        conn.execute(text("SELECT pg_advisory_xact_lock(7254001)"))

    def key_lock(self, conn: Connection, key: str) -> None:
        # A transaction-scoped advisory lock on a 64-bit number derived from the key.
        number = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
        conn.execute(text("SELECT pg_advisory_xact_lock(:n)"), {"n": number})


def _clean(value: Any) -> Any:
    if isinstance(value, str) and "\x00" in value:
        return value.replace("\x00", "\ufffd")
    return value


def _no_nul(
    _conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool
) -> tuple[str, Any]:
    """PostgreSQL text cannot hold NUL characters (SQLite can): a NUL that arrived in a file
    or a request is stored as U+FFFD rather than failing the whole batch."""
    if isinstance(parameters, dict):
        parameters = {k: _clean(v) for k, v in parameters.items()}
    elif isinstance(parameters, list | tuple) and parameters:
        if isinstance(parameters[0], dict):
            parameters = [{k: _clean(v) for k, v in p.items()} for p in parameters]
        elif isinstance(parameters[0], list | tuple):
            parameters = [tuple(_clean(v) for v in p) for p in parameters]
        else:
            parameters = tuple(_clean(v) for v in parameters)
    return statement, parameters


def dialect_for(url: str) -> Dialect:
    """The dialect for a database URL."""
    if url.startswith("sqlite"):
        return SQLiteDialect()
    if url.startswith("postgresql"):
        return PostgresDialect()
    from crossline.errors import ConfigError

    raise ConfigError(
        f"unsupported database URL {url.split(':', 1)[0]!r}: use sqlite:// or postgresql://"
    )


def dialect_of(conn: Connection) -> Dialect:
    """The dialect of an open connection (for code given a connection, not the store)."""
    return dialect_for(conn.dialect.name)  # "sqlite" / "postgresql": what a URL begins with


def json_key_count(dialect_name: str, column: Any) -> Any:
    """SQL for the number of keys of a JSON object column (0 for NULL or a non-object).

    Neither engine has a portable "length of an object": SQLite walks it with
    ``json_each`` (a scalar gives one row whose key is NULL, hence ``count(key)``),
    PostgreSQL with ``json_object_keys``, which fails on anything but an object.
    """
    if dialect_name == "postgresql":
        obj = case(
            (func.json_typeof(column) == "object", column), else_=literal_column("'{}'::json")
        )
        keys = func.json_object_keys(obj).table_valued("key").render_derived()
    else:
        keys = func.json_each(column).table_valued("key")
    return select(func.count(keys.c.key)).select_from(keys).scalar_subquery()
