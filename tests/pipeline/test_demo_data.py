"""The bundled sample: the FTC's eight DNC days and the robocall transcripts link up.

A callback number spoken in robocall transcripts and complained about in the
Do-Not-Call data must end up in one campaign holding both kinds of report.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from crossline.config import Settings
from crossline.demo_data import demo_files
from crossline.services.campaigns import campaign_detail
from crossline.services.imports import importer_for
from crossline.services.lookup import lookup
from crossline.store import Store, open_store
from crossline.store.read.campaigns import campaigns_page
from crossline.store.read.dashboard import stats
from support import testdb

# Imports the whole bundled sample (~100k rows) once: slow, and run in CI like the rest.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Store:
    home = tmp_path_factory.mktemp("demo")
    settings = Settings(home=home, database_url=testdb.database_url(home, "demo.db"))
    store = open_store(settings)
    importer = importer_for(store, settings, batch_size=20_000)
    summaries = [importer.import_file(f) for f in demo_files()]
    assert all(s.reconciles for s in summaries)
    dnc = sum(s.rows_read for s in summaries if s.format == "ftc_dnc_numbers")
    assert dnc == 91_448
    return store


@pytest.mark.parametrize(
    ("typed", "min_dnc", "min_transcripts"),
    [("833-304-1447", 150, 20), ("(315) 232-8257", 55, 1)],
    ids=["auto-warranty", "apple-support"],
)
def test_spoken_callback_number_joins_dnc_complaints(
    loaded: Store, typed: str, min_dnc: int, min_transcripts: int
) -> None:
    found = lookup(loaded, typed, region="US")["indicators"]
    phone = next(i for i in found if i["kind"] == "phone")
    campaign = phone["campaign"]
    assert campaign is not None
    detail = campaign_detail(loaded, campaign["id"], reports_limit=1000)
    sources = Counter(r["source"] for r in detail["reports"])
    dnc = sum(n for s, n in sources.items() if s.startswith("ftc_dnc"))
    transcripts = sum(n for s, n in sources.items() if "robocall" in s)
    assert dnc >= min_dnc and transcripts >= min_transcripts, sources


def test_no_giant_component(loaded: Store) -> None:
    with loaded.read() as conn:
        top = campaigns_page(conn, limit=1)["items"][0]
        total = stats(conn)["reports"]
    assert top["report_count"] < total / 100


def test_reimport_adds_nothing(loaded: Store, tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, database_url=loaded.url)
    importer = importer_for(loaded, settings, batch_size=20_000, classify=False)
    again = importer.import_file(demo_files()[0])
    assert again.stored == 0 and again.duplicates == again.rows_read


def test_script_clusters_link_transcripts_and_stay_tight(loaded: Store) -> None:
    from crossline.link.content import link_content

    assert link_content(loaded)["joined"] == 0  # already linked on import: idempotent
    with loaded.read() as conn:
        camps = campaigns_page(conn, limit=10_000)["items"]
    transcripts = 1101
    by_script = [c for c in camps if any(i["kind"] == "script" for i in c["indicators"])]
    assert len(by_script) >= 20
    # the auto-warranty script cluster and its callback number are one campaign
    warranty = [c for c in by_script if any(i["value"] == "+18333041447" for i in c["indicators"])]
    assert warranty
    largest_script_only = max(
        c["report_count"] for c in by_script if all(i["kind"] == "script" for i in c["indicators"])
    )
    assert largest_script_only <= transcripts / 10
