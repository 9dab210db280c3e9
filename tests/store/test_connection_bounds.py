"""What each pooled connection may keep: SQLite's page cache is the setting's size, all
connections of the process share one heap budget, and a setting that is not a size is
refused by name."""

from __future__ import annotations

from contextlib import ExitStack

import pytest
from sqlalchemy import text

from crossline.config import SQLITE_CACHE_MIB
from crossline.errors import ConfigError
from crossline.ops import malloc
from crossline.store import Store


@pytest.mark.parametrize(
    ("setting", "mib"), [(None, SQLITE_CACHE_MIB), ("16", 16), ("1", 1)], ids=["default", "16", "1"]
)
def test_sqlite_page_cache_is_the_setting(tmp_path, monkeypatch, setting, mib) -> None:
    if setting is None:
        monkeypatch.delenv("CROSSLINE_SQLITE_CACHE_MIB", raising=False)
    else:
        monkeypatch.setenv("CROSSLINE_SQLITE_CACHE_MIB", setting)
    store = Store(f"sqlite:///{tmp_path / 'c.db'}")
    try:
        with store.read() as conn:
            # Negative: a size in KiB (a positive number would count pages).
            assert conn.execute(text("PRAGMA cache_size")).scalar() == -mib * 1024
    finally:
        store.close()


@pytest.mark.parametrize("setting", ["0", "-5", "lots"])
def test_a_cache_size_that_is_not_a_size_is_refused(tmp_path, monkeypatch, setting) -> None:
    monkeypatch.setenv("CROSSLINE_SQLITE_CACHE_MIB", setting)
    with pytest.raises(ConfigError, match="CROSSLINE_SQLITE_CACHE_MIB"):
        Store(f"sqlite:///{tmp_path / 'c.db'}")


@pytest.fixture
def heap_limit_reset():
    """The heap limit is the process's, not the store's: lift it after the test."""
    yield
    import sqlite3

    sqlite3.connect(":memory:").execute("PRAGMA soft_heap_limit=0").fetchall()


def test_every_connection_runs_under_the_heap_budget(tmp_path, monkeypatch, heap_limit_reset):
    monkeypatch.setenv("CROSSLINE_SQLITE_HEAP_MIB", "24")
    store = Store(f"sqlite:///{tmp_path / 'c.db'}")
    try:
        with store.read() as one, store.read() as two:
            for conn in (one, two):
                assert conn.execute(text("PRAGMA soft_heap_limit")).scalar() == 24 * 2**20
    finally:
        store.close()


def test_without_a_budget_there_is_no_heap_limit(tmp_path, monkeypatch, heap_limit_reset):
    monkeypatch.delenv("CROSSLINE_SQLITE_HEAP_MIB", raising=False)
    store = Store(f"sqlite:///{tmp_path / 'c.db'}")
    try:
        with store.read() as conn:
            assert conn.execute(text("PRAGMA soft_heap_limit")).scalar() == 0
    finally:
        store.close()


@pytest.mark.parametrize("setting", ["-1", "lots"])
def test_a_heap_budget_that_is_not_a_size_is_refused(tmp_path, monkeypatch, setting) -> None:
    monkeypatch.setenv("CROSSLINE_SQLITE_HEAP_MIB", setting)
    with pytest.raises(ConfigError, match="CROSSLINE_SQLITE_HEAP_MIB"):
        Store(f"sqlite:///{tmp_path / 'c.db'}")


def test_page_caches_of_many_connections_share_the_budget(tmp_path, monkeypatch, heap_limit_reset):
    """Eight connections each reading a 12 MiB database with a 200 MiB cache each would
    keep ~100 MiB; under an 8 MiB budget SQLite's heap stays near 8 MiB, however many
    connections the pool opens."""
    native = malloc.native_heap()
    if "sqlite" not in native:
        pytest.skip("SQLite's memory counter is not reachable on this platform")
    monkeypatch.delenv("CROSSLINE_SQLITE_CACHE_MIB", raising=False)  # 200 MiB each
    monkeypatch.setenv("CROSSLINE_SQLITE_HEAP_MIB", "8")
    store = Store(f"sqlite:///{tmp_path / 'c.db'}")
    try:
        with store.transaction() as conn:
            conn.execute(text("CREATE TABLE filler (id INTEGER PRIMARY KEY, x TEXT)"))
            conn.execute(
                text(
                    "WITH RECURSIVE n(i) AS"
                    " (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30000)"
                    " INSERT INTO filler (x) SELECT hex(randomblob(200)) FROM n"
                )
            )
        with ExitStack() as held:
            conns = [held.enter_context(store.read()) for _ in range(8)]
            for conn in conns:
                assert conn.execute(text("SELECT sum(length(x)) FROM filler")).scalar() > 0
            used = malloc.native_heap()["sqlite"] - native["sqlite"]
    finally:
        store.close()
    assert used < 8 * 2**20 * 1.5
