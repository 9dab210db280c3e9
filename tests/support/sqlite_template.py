"""A brand-new SQLite database in a test starts as a copy of one migrated in this process.

Most tests build a node of their own, and a node's first ``Store.migrate`` runs every
Alembic revision: about 0.13 s of CPU each time, repeated thousands of times a run. Here
the migrations run in full once per test process, into a private template file; a
database that is still empty when its store is first migrated gets the template's pages
through SQLite's backup API (milliseconds), and the store's own ``migrate`` then runs as
usual and finds the schema at head. The PostgreSQL pass does the same with a template
database (``testdb.py``).

Only an empty database is ever filled: a file that does not exist or has no bytes, no
write-ahead log with content, and no schema object seen through the store's own
connection. Anything else (an existing node, a database taken down to an old revision)
is migrated as it is. The migrations themselves keep being tested: the template is built
by them, the migration tests drive Alembic directly, and tests marked
``real_migrations`` run them from an empty file (see ``conftest.py``).

The migrations only create schema objects (the one row they write is Alembic's own
revision), so the template holds nothing a test could see as another test's data.
"""

from __future__ import annotations

import atexit
import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from crossline.store import Store

Migrate = Callable[[Store], None]

_lock = threading.Lock()
_template: list[Path] = []
# False while a test marked ``real_migrations`` runs: every migrate is the real one.
enabled = True


def _template_path(migrate: Migrate) -> Path:
    """The migrated template of this process, built on first use by ``migrate`` (the
    unwrapped one) in a temporary directory removed when the process exits."""
    with _lock:
        if not _template:
            directory = Path(tempfile.mkdtemp(prefix="crossline-schema-"))
            atexit.register(shutil.rmtree, directory, ignore_errors=True)
            path = directory / "template.db"
            store = Store(f"sqlite:///{path}")
            try:
                migrate(store)
            finally:
                store.close()
            _template.append(path)
        return _template[0]


def _new_sqlite_file(store: Store) -> Path | None:
    """The file of ``store`` if it is a plain SQLite database file with nothing in it yet
    (missing or zero bytes, no write-ahead log with content); None otherwise."""
    url = store.engine.url
    if url.get_backend_name() != "sqlite" or url.query or not url.database:
        return None
    if url.database == ":memory:" or url.database.startswith("file:"):
        return None
    path = Path(url.database)
    for file in (path, path.with_name(path.name + "-wal")):
        if file.exists() and file.stat().st_size > 0:
            return None
    return path


def _fill_from_template(store: Store, migrate: Migrate) -> None:
    """Copy the template's pages into the store's empty database, through a connection of
    the store's own engine (its pragmas, WAL mode included, and its file's mode stay)."""
    if _new_sqlite_file(store) is None:
        return
    template = _template_path(migrate)
    try:
        with store.engine.connect() as conn:
            target = conn.connection.driver_connection
            if not isinstance(target, sqlite3.Connection):
                return
            # Another connection may have created something since the file was looked at.
            if target.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                return
            source = sqlite3.connect(template)
            try:
                source.backup(target)
            finally:
                source.close()
    except (sqlite3.Error, SQLAlchemyError, OSError):
        # Whatever keeps the copy from happening (a read-only directory, a fault a test
        # injects) is left for the real migration to meet and report in its own words.
        return


def wrap(migrate: Migrate) -> Migrate:
    """``Store.migrate`` that first fills a brand-new SQLite database from the template."""

    def migrate_from_template(self: Store) -> None:
        """Bring the schema to the newest Alembic revision (idempotent); a brand-new SQLite
        database starts as a copy of this process's migrated template."""
        if enabled:
            _fill_from_template(self, migrate)
        migrate(self)

    migrate_from_template.__wrapped__ = migrate  # type: ignore[attr-defined]
    return migrate_from_template
