"""What each pooled connection may keep: SQLite's page cache is the setting's size, and
a setting that is not a size is refused by name."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from crossline.config import SQLITE_CACHE_MIB
from crossline.errors import ConfigError
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
