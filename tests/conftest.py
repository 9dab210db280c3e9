"""Shared fixtures: a fresh store per test on SQLite, and on PostgreSQL when available.

PostgreSQL: set ``CROSSLINE_TEST_POSTGRES_URL`` to a server URL whose user may
create databases (``.ci/run`` does); a throw-away database is created for the
session and dropped at the end.

Second pass (``CROSSLINE_TEST_BACKEND=postgres``, run by ``scripts/test``): tests
that build nodes of their own (fixtures with their own app, CLI runs with only
``--home``) get PostgreSQL databases instead of SQLite files (see ``testdb.py``).
Only store-touching tests run in that pass, and not those using the ``settings``
fixture: the first pass already ran them on both engines.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

import crossline.config
from crossline.config import Settings
from crossline.store import Store, open_store
from crossline.store.schema import metadata
from support import sqlite_template, testdb

PG_URL = os.environ.get("CROSSLINE_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
SHARED_DATA = Path(
    os.environ.get("CROSSLINE_SHARED_DATA")
    or Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
)


# A brand-new SQLite database starts as a copy of one migrated once per process (see
# ``sqlite_template.py``). Like the wrapper of ``sqlite_url`` below, this is in place
# before any test module is imported; the class attribute serves every import of Store.
Store.migrate = sqlite_template.wrap(Store.migrate)  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _real_migrations(request: pytest.FixtureRequest) -> Iterator[None]:
    """Tests marked ``real_migrations`` run every migration on their new databases."""
    if request.node.get_closest_marker("real_migrations") is None:
        yield
        return
    sqlite_template.enabled = False
    try:
        yield
    finally:
        sqlite_template.enabled = True


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


@pytest.fixture(scope="session", autouse=True)
def _cheap_password_hashing() -> Iterator[None]:
    """Argon2 at minimum cost in every test: the real parameters cost ~0.3 s per hash here,
    and many tests create users or log in. Verification reads the parameters from each hash,
    so the code path is the same. The hash checked for unknown usernames is made at the
    same cost, so that a wrong username still costs what a wrong password does."""
    from argon2 import PasswordHasher

    from crossline.node import security

    saved = security._HASHER, security._DUMMY_HASH
    security._HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    security._DUMMY_HASH = security._HASHER.hash("not a password of anyone")
    yield
    security._HASHER, security._DUMMY_HASH = saved


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


# -- the PostgreSQL pass ----------------------------------------------------------------

# Fixtures and source words that mean "this test reaches a database".
STORE_FIXTURES = frozenset(
    {"store", "env", "fresh_env", "site", "page", "loaded", "ops_node", "synthetic_store"}
)
STORE_HINTS = re.compile(
    r"open_store|Store\(|Settings\(|--home|CROSSLINE_HOME|create_app|import_paths|"
    r"Importer\(|build_env|testdb|database_url"
)


@cache
def _touches_store(path: str) -> bool:
    try:
        return bool(STORE_HINTS.search(Path(path).read_text(encoding="utf-8")))
    except OSError:
        return True


# Directories whose tests share one costly session fixture (the web site with its demo
# data and browser, the synthetic call-record store, the Spark session): under
# pytest-xdist (``--dist loadgroup``) each such directory runs whole on one worker, so
# the fixture is built once, while the other tests spread over every worker.
SESSION_GROUPS = frozenset({"web", "calls", "spark"})
# The browser tests are the longest group by far (a third of the second pass), so they
# form two: these modules build a node of their own, or only add to the shared site
# (the capability pages), and run beside the rest on another worker. Each group's worker
# launches its own browser and, where needed, its own shared site.
SECOND_GROUP = {
    ("web", name): "web-own-nodes"
    for name in (
        "test_public_browser.py",
        "test_done_when_walk.py",
        "test_casework_browser.py",
        "test_capability_pages.py",
    )
}


# Modules outside those directories whose module fixture costs minutes (a node loaded
# with all the demo data): spread over two workers, each would build it.
MODULE_GROUPS = {("pipeline", "test_demo_data.py"): "demo-data"}


def _group_by_session_fixture(items: list[pytest.Item]) -> None:
    root = Path(__file__).resolve().parent
    for item in items:
        parts = Path(str(item.path)).resolve().relative_to(root).parts
        if parts and parts[0] in SESSION_GROUPS:
            group = SECOND_GROUP.get(parts[:2], parts[0])
            item.add_marker(pytest.mark.xdist_group(group))
        elif parts[:2] in MODULE_GROUPS:
            item.add_marker(pytest.mark.xdist_group(MODULE_GROUPS[parts[:2]]))


class _XdistGroupIds:
    """Make the ``@group`` suffix a pytest-xdist worker gives a grouped test's id stick.

    The worker's own ``pytest_collection_modifyitems`` writes it to ``item._nodeid``,
    which pytest 9 no longer reads (a node's id is ``item._id``): every test then went
    out on its own, and each worker built the web site, the browser, the call records
    and the Spark session for itself. Run after that hook, this sets the id the way
    pytest 9 keeps it; with a pytest-xdist that sets it itself, it finds nothing to do.
    """

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        try:
            from _pytest.nodeid import NodeId
        except ImportError:  # a pytest that reads ``item._nodeid`` itself: nothing to do
            return
        for item in items:
            grouped = item.__dict__.get("_nodeid")
            if isinstance(grouped, str) and "@" in grouped and grouped != item.nodeid:
                item._id = NodeId.parse(grouped)  # type: ignore[attr-defined]


# First, so that the marks are there when the pytest-xdist worker's hook reads them.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    _group_by_session_fixture(items)
    if testdb.BACKEND != "postgres":
        return
    keep, drop = [], []
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        # ran on PostgreSQL in the first pass; Spark jobs read Parquet exports, and the
        # export from PostgreSQL is a parametrized case of the first pass
        covered = "settings" in names or "spark" in Path(str(item.path)).parts
        store_bound = bool(names & STORE_FIXTURES) or _touches_store(str(item.path))
        (drop if covered or not store_bound else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(scope="session", autouse=True)
def _drop_test_databases() -> Iterator[None]:
    yield
    testdb.drop_all()


# Second pass: a node's default database (``--home`` alone) is a PostgreSQL one. The
# wrapper replaces ``crossline.config.sqlite_url`` before any test module is imported, so
# modules that import the name directly get it too; outside a test it is SQLite as usual.
_ORIGINAL_SQLITE_URL = crossline.config.sqlite_url
_test_urls: list[dict[str, str]] = []


def _default_url(path: Path) -> str:
    if not _test_urls:
        return _ORIGINAL_SQLITE_URL(path)
    urls = _test_urls[-1]
    key = str(Path(path).resolve())
    if key not in urls:
        urls[key] = testdb.fresh_postgres_url()
    return urls[key]


if testdb.BACKEND == "postgres":
    crossline.config.sqlite_url = _default_url


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(_XdistGroupIds(), "crossline-xdist-group-ids")
    if testdb.PG_URL:
        # Code that lets a store's engine be garbage-collected open (short CLI commands)
        # leaves psycopg connections to the collector; SQLite's stay silent about it. The
        # first pass runs the store fixtures on PostgreSQL too, so it needs the same rule.
        config.addinivalue_line(
            "filterwarnings", "ignore:.*was deleted while still open:ResourceWarning"
        )
        config.addinivalue_line(
            "filterwarnings",
            "ignore:Exception ignored in.*BaseConnection.__del__"
            ":pytest.PytestUnraisableExceptionWarning",
        )


@pytest.fixture(autouse=True)
def _default_database() -> Iterator[None]:
    """Second pass: the PostgreSQL databases handed out as default ones during a test are
    the same for every use of one home, and are recycled after it."""
    if testdb.BACKEND != "postgres":
        yield
        return
    _test_urls.append({})
    try:
        yield
    finally:
        for url in _test_urls.pop().values():
            testdb.release(url)
