"""The demo's planted cross-border campaigns form from the two synthetic files alone.

Each planted US number quoted by Indian complaints must put them in one campaign with
the US reports that quote it, and a planted campaign must not be split.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import testdb
from crossline.config import Settings
from crossline.demo_data import DEMO_DIR, planted_campaigns
from crossline.services.imports import importer_for
from crossline.store import Store, open_store
from crossline.store.schema import reports


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    home = tmp_path_factory.mktemp("planted")
    url = testdb.database_url(home, "planted.db")
    settings = Settings(home=home, database_url=url)
    store = open_store(settings)
    importer = importer_for(store, settings, classify=False)
    for name in ("sentinel_reports.csv", "ncrp_complaints.csv"):
        assert importer.import_file(DEMO_DIR / "synthetic" / name).reconciles
    yield store
    store.close()
    testdb.release(url)


def _components(store: Store) -> dict[str, str | None]:
    """source reference (acknowledgement or reference number) -> campaign id."""
    with store.read() as conn:
        q = reports.select().with_only_columns(reports.c.source_ref, reports.c.component_id)
        return {r.source_ref: r.component_id for r in conn.execute(q)}


@pytest.mark.parametrize(
    ("india", "us"),
    [
        ("amazon_crossborder", "auto_warranty"),
        ("apple_support_crossborder", "apple_support"),
    ],
    ids=["833-304-1447", "315-232-8257"],
)
def test_planted_cross_border_campaign_forms(synthetic: Store, india: str, us: str) -> None:
    truth = planted_campaigns()
    comp = _components(synthetic)
    refs = truth["ncrp"][india]["reports"] + truth["sentinel"][us]["reports"]
    found = {comp[ref] for ref in refs}
    assert len(found) == 1 and None not in found, found


@pytest.mark.parametrize(
    "name",
    ["digital_arrest", "telegram_tasks", "kyc_update", "stock_tips", "sextortion"],
)
def test_planted_indian_campaign_is_one_component(synthetic: Store, name: str) -> None:
    comp = _components(synthetic)
    acks = planted_campaigns()["ncrp"][name]["reports"]
    found = {comp[ack] for ack in acks}
    assert len(found) == 1 and None not in found, found
