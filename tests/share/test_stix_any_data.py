"""STIX export of any data passes the OASIS validator strictly (rule 103 off).

Every bundled dataset on its own, the test fixtures and messy files, and stores filled
with randomly generated reports (dated or not, URLs with and without a scheme).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stix2validator import ValidationOptions, validate_instance
from stix_support import VALIDATOR_OPTIONS, bundle_of, by_type

import testdb
from crossline.cli import cli
from crossline.config import Settings
from crossline.demo_data import DEMO_DIR
from crossline.domain import Report, SuspectIdentifier
from crossline.ingest.pipeline import Importer
from crossline.store import open_store

TESTS = Path(__file__).resolve().parents[1] / "data" / "ingest"
TRANSCRIPTS = DEMO_DIR / "ftc-robocall-transcripts" / "metadata.csv"
DATASETS = {
    "ftc-transcripts": [TRANSCRIPTS],
    # Every day file, cut to its first numbers (the validator takes ~1 s per 1,000 objects).
    "ftc-dnc-numbers": sorted((DEMO_DIR / "ftc-dnc-reported-numbers").glob("*.json")),
    "synthetic-sentinel": [DEMO_DIR / "synthetic" / "sentinel_reports.csv"],
    "synthetic-ncrp": [DEMO_DIR / "synthetic" / "ncrp_complaints.csv"],
    "test-fixtures": [
        TESTS / n
        for n in ("ncrp.csv", "sentinel.csv", "cfpb.csv", "ftc_dnc.csv", "transcripts.csv")
    ],
    "messy": sorted((TESTS / "messy").glob("*.csv")),
}


def problems(bundle: dict[str, Any]) -> list[str]:
    results = validate_instance(bundle, ValidationOptions(**VALIDATOR_OPTIONS))
    return [str(e) for e in [*results.errors, *(results.warnings or [])]]


def check_dates(bundle: dict[str, Any]) -> None:
    for obj in bundle["objects"]:
        if "first_seen" in obj:
            assert "last_seen" in obj and obj["first_seen"] <= obj["last_seen"], obj["id"]
            assert not obj["first_seen"].startswith("1970"), obj["id"]
        if obj["type"] == "url":
            assert "://" in obj["value"], obj["value"]


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_each_dataset_exports_a_valid_bundle(name: str, tmp_path: Path) -> None:
    conf = Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path / 'db.sqlite'}")
    store = open_store(conf)
    try:
        importer = Importer(store, conf)
        for path in DATASETS[name]:
            if path.suffix == ".json":  # a day file of reported numbers: its first 40
                day = tmp_path / path.name
                day.write_text(json.dumps(json.loads(path.read_text())[:40]))
                path = day
            importer.import_file(path)
        bundle = bundle_of(store, conf)
    finally:
        store.close()
    assert by_type(bundle).get("indicator"), name
    assert problems(bundle) == []
    check_dates(bundle)


def test_undated_campaigns_have_no_seen_dates(tmp_path: Path) -> None:
    conf = Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path / 'db.sqlite'}")
    store = open_store(conf)
    try:
        Importer(store, conf).import_reports(
            [_report(i, ["+18333041447", "www.fema.gov/claims"], None) for i in range(3)]
        )
        bundle = bundle_of(store, conf)
    finally:
        store.close()
    (camp,) = by_type(bundle)["campaign"]
    assert "first_seen" not in camp and "last_seen" not in camp
    assert [u["value"] for u in by_type(bundle)["url"]] == ["http://www.fema.gov/claims"]
    assert all("first_seen" not in s for s in by_type(bundle)["sighting"])
    assert problems(bundle) == []


def test_cli_export_of_the_ftc_transcripts_alone(tmp_path: Path) -> None:
    runner = CliRunner()
    db = testdb.database_url(tmp_path / "home", "x.db")
    base = ["--home", str(tmp_path / "home"), "--db", db]
    try:
        result = runner.invoke(cli, [*base, "ingest", str(TRANSCRIPTS)])
        assert result.exit_code == 0, result.output
        out = tmp_path / "bundle.json"
        result = runner.invoke(cli, [*base, "stix", "export", "--out", str(out)])
        assert result.exit_code == 0, result.output
    finally:
        testdb.release(db)
    bundle = json.loads(out.read_text())
    assert by_type(bundle).get("campaign")
    assert problems(bundle) == []
    check_dates(bundle)


def _report(i: int, values: list[str], when: datetime | None) -> Report:
    return Report(
        source="gen",
        source_ref=f"r{i}",
        jurisdiction="US",
        channel="call",
        received_at=when,
        text="Caller said: " + " and ".join(values),
        suspects=tuple(SuspectIdentifier("contact", v) for v in values),
    )


VALUES = st.sampled_from(
    [
        "+18333041447", "(202) 555-0143", "+91 98765 43210", "kyc.help@ybl", "refund@paytm",
        "www.fema.gov", "http://evil.top/login", "hxxps[:]//pay-now[.]xyz/a?b=1",
        "scam@example.net", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
        "GB82WEST12345698765432", "secure-bank-login.com/verify",
    ]
)  # fmt: skip
DATES = st.one_of(
    st.none(),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2030, 1, 1)).map(
        lambda d: d.replace(tzinfo=UTC)
    ),
)


@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=st.lists(st.tuples(st.lists(VALUES, min_size=1, max_size=3), DATES), max_size=8))
def test_generated_stores_export_valid_bundles(
    rows: list[tuple[list[str], datetime | None]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    tmp = tmp_path_factory.mktemp("gen")
    conf = Settings(home=tmp, database_url=f"sqlite:///{tmp / 'db.sqlite'}")
    store = open_store(conf)
    try:
        reports = [_report(i, values, when) for i, (values, when) in enumerate(rows)]
        Importer(store, conf).import_reports(reports)
        bundle = bundle_of(store, conf)
    finally:
        store.close()
    assert problems(bundle) == []
    check_dates(bundle)
