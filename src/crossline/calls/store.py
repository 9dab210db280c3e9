"""The calls analytics store: Parquet call records plus one DuckDB file of results.

Layout under ``<home>/calls``::

    cdr/<import_id>.parquet          stored call records (the dataset analytics scan)
    quarantine/<import_id>.parquet   rejected rows with row number, field and reason
    calls.duckdb                     imports, features, campaigns, traceback hops
    tmp/                             DuckDB spill space for group-bys larger than memory

Call records stay in Parquet (columnar, compressed, readable by DuckDB, Polars and
Spark alike); DuckDB holds only what is derived from them, so the store can be
rebuilt from the Parquet files at any time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from crossline.config import Settings
from crossline.errors import NotFoundError, StoreError

_IMPORTS_DDL = """
CREATE TABLE IF NOT EXISTS imports (
    import_id VARCHAR PRIMARY KEY,
    kind VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    path VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    rows_in BIGINT NOT NULL,
    stored BIGINT NOT NULL,
    quarantined BIGINT NOT NULL,
    duplicates BIGINT NOT NULL,
    imported_at TIMESTAMPTZ NOT NULL,
    details VARCHAR
)
"""


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> Any:
    """First value of the first row of a query (None when it returns no rows).

    Reads the whole (one-row) result so the connection is free for the next statement.
    """
    rows = con.execute(sql, params or []).fetchall()
    return rows[0][0] if rows else None


def has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether the connection holds a table ``name`` (derived tables exist once computed)."""
    return bool(scalar(con, "SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [name]))


@dataclass(frozen=True, slots=True)
class CallsStore:
    """Where the calls analytics live; open DuckDB connections with :meth:`connect`.

    ``memory_limit`` caps DuckDB (it spills to ``tmp/`` beyond it); ``threads`` None
    lets DuckDB use every core.
    """

    root: Path
    memory_limit: str = "6GB"
    threads: int | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> CallsStore:
        return cls(settings.home / "calls")

    @property
    def cdr_dir(self) -> Path:
        return self.root / "cdr"

    @property
    def quarantine_dir(self) -> Path:
        return self.root / "quarantine"

    @property
    def db_path(self) -> Path:
        return self.root / "calls.duckdb"

    def cdr_files(self) -> list[Path]:
        return sorted(self.cdr_dir.glob("*.parquet")) if self.cdr_dir.exists() else []

    def cdr_glob(self) -> str:
        """Glob of the stored CDR parts; raises NotFoundError when nothing was imported."""
        if not self.cdr_files():
            raise NotFoundError(
                f"no call records in {self.cdr_dir}: import some first (crossline calls import)"
            )
        return str(self.cdr_dir / "*.parquet")

    def connect(self, read_only: bool = False) -> duckdb.DuckDBPyConnection:
        """A connection to ``calls.duckdb`` with the ``cdr`` view over the Parquet parts."""
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / "tmp").mkdir(exist_ok=True)
        try:
            con = duckdb.connect(str(self.db_path), read_only=read_only and self.db_path.exists())
        except duckdb.Error as exc:
            raise StoreError(f"cannot open {self.db_path}: {exc}") from exc
        con.execute(f"SET memory_limit = '{self.memory_limit}'")
        con.execute(f"SET temp_directory = '{self.root / 'tmp'}'")
        # Order-sensitive operators are not needed anywhere; dropping the guarantee
        # lets DuckDB stream aggregates with less memory.
        con.execute("SET preserve_insertion_order = false")
        if self.threads:
            con.execute(f"SET threads = {int(self.threads)}")
        if not (read_only and self.db_path.exists()):
            con.execute(_IMPORTS_DDL)
        if self.cdr_files():
            con.execute(
                "CREATE OR REPLACE TEMP VIEW cdr AS SELECT * FROM read_parquet("
                f"'{self.cdr_glob()}', union_by_name = true)"
            )
        return con

    def record_import(self, con: duckdb.DuckDBPyConnection, row: dict[str, Any]) -> None:
        """Add one line to the import manifest (``details`` is stored as JSON)."""
        values = dict(row)
        values["details"] = json.dumps(values.get("details") or {}, sort_keys=True)
        cols = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        con.execute(f"INSERT INTO imports ({cols}) VALUES ({marks})", list(values.values()))

    def find_import(self, con: duckdb.DuckDBPyConnection, kind: str, sha256: str) -> str | None:
        """Id of an earlier import of the same file content, if any."""
        hit = scalar(
            con, "SELECT import_id FROM imports WHERE kind = ? AND sha256 = ?", [kind, sha256]
        )
        return None if hit is None else str(hit)

    def imports(self, kind: str | None = None) -> list[dict[str, Any]]:
        """The import manifest, oldest first."""
        if not self.db_path.exists():
            return []
        con = self.connect(read_only=True)
        try:
            where = "WHERE kind = ?" if kind else ""
            rel = con.execute(
                f"SELECT * FROM imports {where} ORDER BY imported_at", [kind] if kind else []
            )
            names = [d[0] for d in rel.description]
            return [dict(zip(names, r, strict=True)) for r in rel.fetchall()]
        finally:
            con.close()
