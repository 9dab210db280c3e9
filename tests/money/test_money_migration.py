"""Migration 0007: the money tables match their declared schema; downgrade is clean."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect

from crossline.config import Settings
from crossline.store import open_store
from crossline.store.schema_money import MONEY_TABLES


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("crossline.store") / "migrations"))
    return cfg


def _alembic(store, target: str, *, down: bool = False) -> None:  # type: ignore[no-untyped-def]
    cfg = _config()
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(cfg, target)


def test_money_tables_match_the_schema_and_downgrade(settings: Settings) -> None:
    store = open_store(settings)
    try:
        insp = inspect(store.engine)
        for table in MONEY_TABLES:
            columns = {c["name"] for c in insp.get_columns(table.name)}
            assert columns == set(table.c.keys()), table.name
            indexes = {i["name"] for i in insp.get_indexes(table.name)}
            assert indexes == {i.name for i in table.indexes}, table.name
        from alembic.script import ScriptDirectory

        before = ScriptDirectory.from_config(_config()).get_revision("0007").down_revision
        _alembic(store, str(before), down=True)
        names = set(inspect(store.engine).get_table_names())
        assert not names & {t.name for t in MONEY_TABLES}
        assert "reports" in names
        _alembic(store, "head")
        assert {t.name for t in MONEY_TABLES} <= set(inspect(store.engine).get_table_names())
    finally:
        store.close()
