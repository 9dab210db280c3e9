"""The test support's migrated template (``support/sqlite_template.py``) gives a new SQLite
database what the migrations would: the same schema and revision, the node's private file
modes and WAL; and it never touches a database that holds anything."""

from __future__ import annotations

import stat
from pathlib import Path

from sqlalchemy import Connection, text

from crossline.config import Settings
from crossline.store import Store, open_store
from support import sqlite_template


def _schema(conn: Connection) -> list[tuple[str, str, str]]:
    rows = conn.execute(text("SELECT type, name, sql FROM sqlite_master ORDER BY type, name"))
    return [(r.type, r.name, r.sql) for r in rows]


def _revision(conn: Connection) -> str:
    return str(conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one())


def _open(tmp_path: Path, name: str, *, template: bool) -> Store:
    settings = Settings(home=tmp_path / name, database_url=f"sqlite:///{tmp_path / name}.db")
    saved = sqlite_template.enabled
    sqlite_template.enabled = template
    try:
        return open_store(settings)
    finally:
        sqlite_template.enabled = saved


def test_copy_is_what_the_migrations_build(tmp_path: Path) -> None:
    copied = _open(tmp_path, "copied", template=True)
    migrated = _open(tmp_path, "migrated", template=False)
    try:
        with copied.read() as a, migrated.read() as b:
            assert _schema(a) == _schema(b) and len(_schema(a)) > 40
            assert _revision(a) == _revision(b)
            assert a.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
            assert a.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
    finally:
        copied.close()
        migrated.close()
    for path in tmp_path.glob("copied.db*"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_a_database_with_content_is_migrated_as_it_is(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        with store.transaction() as conn:  # its pooled connection stays open
            conn.execute(text("CREATE TABLE keepsake (note VARCHAR(20))"))
            conn.execute(text("INSERT INTO keepsake VALUES ('still here')"))
        store.migrate()
        with store.read() as conn:
            assert conn.execute(text("SELECT note FROM keepsake")).scalar_one() == "still here"
            assert _revision(conn)  # migrated around the table
    finally:
        store.close()
