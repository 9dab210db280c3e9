"""Migration 0002: the auth tables appear, the audit triggers hold, downgrade is clean."""

from __future__ import annotations

from importlib import resources

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import inspect, text

from crossline.config import Settings
from crossline.errors import StoreError
from crossline.store import open_store

AUTH = {"organisations", "users", "sessions", "api_tokens", "audit_log", "import_jobs"}


def alembic(store, target: str, *, down: bool = False) -> None:  # type: ignore[no-untyped-def]
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("crossline.store") / "migrations"))
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(cfg, target)


def tables(store) -> set[str]:  # type: ignore[no-untyped-def]
    return set(inspect(store.engine).get_table_names())


def test_upgrade_downgrade_upgrade(settings: Settings) -> None:
    store = open_store(settings)
    try:
        assert tables(store) >= AUTH
        alembic(store, "0001", down=True)
        assert not (AUTH & tables(store))
        assert "reports" in tables(store)
        alembic(store, "head")
        assert tables(store) >= AUTH
        with store.transaction() as conn:
            conn.execute(
                text(
                    "INSERT INTO audit_log (at, actor, action, target, outcome, prev_hash, hash)"
                    " VALUES (CURRENT_TIMESTAMP, 'cli', 'read', 'x', 'ok', 'p', 'h')"
                )
            )
        with pytest.raises(StoreError, match="append-only"), store.transaction() as conn:
            conn.execute(text("DELETE FROM audit_log"))
    finally:
        store.close()
