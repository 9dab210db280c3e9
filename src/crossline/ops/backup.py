"""``crossline backup``: one consistent logical snapshot of the node in one file.

The file is a gzip'd tar holding ``manifest.json`` (format version, schema
revision, source engine, per-table row counts, columns and SHA-256 of the
canonical content — see :mod:`crossline.ops.snapshot`) and ``tables/<name>.jsonl``.
With ``include_home`` it also holds the files of the node's home directory other
than the SQLite database (the node's secret key, signing keys, evidence files,
call-record stores) under ``home/``, modes preserved (keys stay 0600).

Consistency: on PostgreSQL every table is read in one ``REPEATABLE READ, READ
ONLY`` transaction (one snapshot, imports go on meanwhile); on SQLite the
database is first copied with SQLite's online backup API, then read from the copy.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, create_engine

from crossline import __version__
from crossline.errors import StoreError
from crossline.filemodes import private_file
from crossline.filestamp import STAMP_FILES
from crossline.hashing import file_sha256
from crossline.ops import health, snapshot
from crossline.store import Store

FORMAT = "crossline-backup"
VERSION = 1
SQLITE_FILES = ("crossline.db", "crossline.db-wal", "crossline.db-shm", "crossline.db-journal")


@contextmanager
def consistent_read(store: Store, workdir: Path) -> Iterator[tuple[Connection, str]]:
    """A connection that sees one point in time, and how that was achieved."""
    if store.dialect.name == "postgresql":
        with store.engine.connect() as conn:
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                conn.exec_driver_sql("SET TRANSACTION READ ONLY")
                yield conn, "postgresql repeatable read, read only"
        return
    copy = workdir / "snapshot.sqlite"
    raw = store.engine.raw_connection()
    try:
        dst = sqlite3.connect(copy)
        try:
            raw.driver_connection.backup(dst)  # type: ignore[union-attr]
        finally:
            dst.close()
    finally:
        raw.close()
    engine = create_engine(f"sqlite:///{copy}")
    try:
        with engine.connect() as conn:
            yield conn, "sqlite online backup"
    finally:
        engine.dispose()


def home_files(home: Path, database_url: str) -> list[Path]:
    """Files under ``home`` worth keeping: everything but the live SQLite database and
    the running processes' stamp files."""
    if not home.is_dir():
        return []
    db_path = (
        Path(database_url.removeprefix("sqlite:///")).resolve()
        if database_url.startswith("sqlite:///")
        else None
    )
    out = []
    for path in sorted(home.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        resolved = path.resolve()
        if db_path and resolved.name.startswith(db_path.name) and resolved.parent == db_path.parent:
            continue
        if path.parent == home and (path.name in SQLITE_FILES or path.name in STAMP_FILES):
            continue
        out.append(path)
    return out


def backup(
    store: Store, out: Path, *, home: Path | None = None, include_home: bool = False
) -> dict[str, Any]:
    """Write a backup of ``store`` (and optionally ``home``'s files) to ``out``; the manifest."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    private_file(partial)  # owner-only before a byte of case data is written
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "crossline_version": __version__,
        "created_at": datetime.now(UTC).isoformat(),
        "source_engine": store.dialect.name,
        "tables": {},
        "home_files": [],
    }
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".backup-") as tmp:
        work = Path(tmp)
        with tarfile.open(partial, "w:gz", compresslevel=1) as tar:
            with consistent_read(store, work) as (conn, how):
                manifest["consistency"] = how
                revision = _revision(conn)
                manifest["schema_revision"] = revision
                tables, unknown = snapshot.tables_in(conn)
                manifest["skipped_tables"] = unknown
                manifest["order"] = [t.name for t in tables]  # parents before children
                for table in tables:
                    part = work / f"{table.name}.jsonl"
                    with part.open("wb") as fh:
                        rows, digest = snapshot.dump_table(conn, table, fh)
                    tar.add(part, arcname=f"tables/{table.name}.jsonl")
                    part.unlink()
                    manifest["tables"][table.name] = {
                        "rows": rows,
                        "sha256": digest,
                        "columns": snapshot.columns_of(table),
                    }
            if include_home and home is not None:
                for path in home_files(home, store.url):
                    rel = path.relative_to(home).as_posix()
                    tar.add(path, arcname=f"home/{rel}", recursive=False)
                    manifest["home_files"].append(
                        {
                            "path": rel,
                            "mode": oct(path.stat().st_mode & 0o777),
                            "size": path.stat().st_size,
                            "sha256": file_sha256(path),
                        }
                    )
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            info.mtime = int(datetime.now(UTC).timestamp())
            tar.addfile(info, io.BytesIO(data))
    os.replace(partial, out)  # never a half-written file under the final name
    return manifest


def _revision(conn: Connection) -> str:
    from alembic.runtime.migration import MigrationContext

    heads = MigrationContext.configure(conn).get_current_heads()
    if not heads:
        raise StoreError("the database has no schema revision: nothing to back up")
    revision = ",".join(sorted(heads))
    if revision != health.head_revision():
        raise StoreError(
            f"the database is at revision {revision}, this build at {health.head_revision()}: "
            "open it with this build (which migrates it) before backing up"
        )
    return revision
