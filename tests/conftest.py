"""Shared fixtures: a fresh store per test on SQLite, and on PostgreSQL when available.

PostgreSQL: set ``CROSSLINE_TEST_POSTGRES_URL`` to a server URL whose user may
create databases (``.ci/run`` does); a throw-away database is created for the
session and dropped at the end.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from crossline.config import Settings
from crossline.store import Store, open_store
from crossline.store.schema import metadata

PG_URL = os.environ.get("CROSSLINE_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
SHARED_DATA = Path(
    os.environ.get("CROSSLINE_SHARED_DATA")
    or Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
)


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    if not PG_URL:
        pytest.skip("CROSSLINE_TEST_POSTGRES_URL not set")
    name = f"crossline_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    base = PG_URL.rsplit("/", 1)[0]
    url = f"{base}/{name}"
    store = Store(url)
    store.migrate()
    store.close()
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=BACKENDS)
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings of a fresh node: SQLite in tmp_path, or an emptied PostgreSQL database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'crossline.db'}"
    else:
        url = request.getfixturevalue("pg_database")
        engine = create_engine(url)
        with engine.begin() as conn:
            names = ", ".join(t.name for t in metadata.sorted_tables)
            conn.execute(text(f"TRUNCATE {names}"))
        engine.dispose()
    return Settings(home=tmp_path / "home", database_url=url)


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    s = open_store(settings)
    yield s
    s.close()
