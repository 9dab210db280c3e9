"""Migrations upgrade a populated database: data held at revision 0002 survives the
upgrade to head with the same reports, sightings, indicators and campaigns.

Today's importer writes today's schema, so the data is loaded at head and the store
taken down to 0002 (the downgrades drop only what later revisions added) before the
upgrade under test."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from faultkit import state

from crossline.config import Settings
from crossline.ops.health import current_revision, head_revision
from crossline.services.imports import importer_for
from crossline.store import Store, open_store

DEMO = resources.files("crossline") / "demo_data" / "synthetic"


def alembic(store: Store, target: str, *, down: bool = False) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("crossline.store") / "migrations"))
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(cfg, target)


def test_populated_database_upgrades_from_0002_to_head(settings: Settings) -> None:
    store = open_store(settings)  # at head, empty
    try:
        importer = importer_for(store, settings, classify=False)
        for name in ("sentinel_reports.csv", "ncrp_complaints.csv"):
            assert importer.import_file(DEMO / name).reconciles
        alembic(store, "0002", down=True)
        assert current_revision(store) == "0002"
        before = state(store)
        assert before["reports"] > 400 and len(before["membership"]) > 20
        alembic(store, "head")
        assert current_revision(store) == head_revision()
        assert state(store) == before
        # ... and the upgraded store keeps working: a re-import adds nothing.
        again = importer_for(store, settings, classify=False).import_file(
            DEMO / "ncrp_complaints.csv"
        )
        assert again.stored == 0 and state(store)["reports"] == before["reports"]
    finally:
        store.close()
