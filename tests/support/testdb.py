"""Which database a test's node uses: SQLite by default, PostgreSQL in the second CI pass.

``CROSSLINE_TEST_BACKEND=postgres`` (set by ``scripts/test`` for its second pass, with
``CROSSLINE_TEST_POSTGRES_URL``) makes every node a test builds for itself — fixtures
that build their own app, CLI runs with only ``--home`` — live in a fresh PostgreSQL
database, created from a migrated template in milliseconds and dropped at the end of
the session. Tests call :func:`database_url` where they used to write a SQLite URL.

Dropping a database costs a server checkpoint (seconds on a busy server), so databases
are recycled: :func:`release` empties one (TRUNCATE) and hands it to the next test;
only the pool is dropped at the end.
"""

from __future__ import annotations

import os
import threading
import uuid
from pathlib import Path

BACKEND = os.environ.get("CROSSLINE_TEST_BACKEND", "sqlite")
PG_URL = os.environ.get("CROSSLINE_TEST_POSTGRES_URL")
if BACKEND not in ("sqlite", "postgres"):
    raise RuntimeError(f"CROSSLINE_TEST_BACKEND={BACKEND!r}: expected sqlite or postgres")
if BACKEND == "postgres" and not PG_URL:
    raise RuntimeError("CROSSLINE_TEST_BACKEND=postgres needs CROSSLINE_TEST_POSTGRES_URL")

_lock = threading.Lock()
_template: list[str] = []
_created: list[str] = []
_free: list[str] = []
_PREFIX = f"crossline_t{uuid.uuid4().hex[:8]}"


def _admin():  # type: ignore[no-untyped-def]
    from sqlalchemy import create_engine

    assert PG_URL
    return create_engine(PG_URL, isolation_level="AUTOCOMMIT", poolclass=_null_pool())


def _null_pool():  # type: ignore[no-untyped-def]
    from sqlalchemy.pool import NullPool

    return NullPool


def _url(name: str) -> str:
    assert PG_URL
    return f"{PG_URL.rsplit('/', 1)[0]}/{name}"


def _ensure_template() -> str:
    if _template:
        return _template[0]
    from sqlalchemy import text

    from crossline.store import Store

    name = f"{_PREFIX}_tpl"
    engine = _admin()
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    _created.append(name)
    store = Store(_url(name))
    store.migrate()
    store.close()
    _template.append(name)
    return name


def fresh_postgres_url() -> str:
    """A migrated, empty PostgreSQL database of its own (new, or a released one)."""
    from sqlalchemy import text

    with _lock:
        if _free:
            return _url(_free.pop())
        template = _ensure_template()
        name = f"{_PREFIX}_{len(_created)}"
        engine = _admin()
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
        engine.dispose()
        _created.append(name)
    return _url(name)


def release(url: str) -> None:
    """Give a database back: emptied for the next test, or dropped if it cannot be reused
    (schema changed, locked by a connection left in a transaction)."""
    if BACKEND != "postgres" and not url.startswith("postgresql"):
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import SQLAlchemyError
    from sqlalchemy.pool import NullPool

    from crossline.ops.health import head_revision
    from crossline.store.schema import metadata

    name = url.rsplit("/", 1)[1]
    if name not in _created:
        return
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as conn:
            conn.execute(text("SET LOCAL lock_timeout = '3s'"))
            rev = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            if rev != head_revision():
                raise LookupError(rev)
            names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        ok = True
    except (SQLAlchemyError, LookupError):
        ok = False
    finally:
        engine.dispose()
    with _lock:
        if ok:
            _free.append(name)
            return
    admin = _admin()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
    with _lock:
        _created.remove(name)


def database_url(directory: Path, filename: str = "crossline.db") -> str:
    """The database URL for a node a test builds: SQLite in ``directory``, or (second pass)
    a fresh PostgreSQL database."""
    if BACKEND == "postgres":
        return fresh_postgres_url()
    return f"sqlite:///{Path(directory) / filename}"


def drop_all() -> None:
    """Drop every database made by this session (template last)."""
    if not _created:
        return
    from sqlalchemy import text

    engine = _admin()
    with engine.connect() as conn:
        for name in reversed(_created):
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()
    _created.clear()
    _template.clear()
    _free.clear()
