"""The bulk path's fingerprint is the row path's, report for report (it is stored as
``content_sha`` and decides what is a new version)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from crossline.domain import Location, Report, SuspectIdentifier, VictimPII
from crossline.ingest import versions
from crossline.ingest.base import ReadOptions
from crossline.ingest.bulk.normalise import fingerprint
from crossline.ingest.formats import detect
from support.shared_data import SHARED

DEMO = Path(__file__).resolve().parents[2] / "src" / "crossline" / "demo_data"
FILES = {
    "ncrp-demo": DEMO / "synthetic" / "ncrp_complaints.csv",
    "sentinel-demo": DEMO / "synthetic" / "sentinel_reports.csv",
    "ftc-dnc-day": DEMO / "ftc-dnc-reported-numbers" / "2021-04-14.json",
    "ftc-transcripts": DEMO / "ftc-robocall-transcripts" / "metadata.csv",
    "cfpb-sample": SHARED / "data" / "cfpb-complaints-sample" / "complaints_sample.csv",
}
BASE = Report(
    source="sentinel",
    source_ref="R-1",
    jurisdiction="US",
    received_at=datetime(2024, 3, 1, tzinfo=UTC),
    text="Caller from (415) 555-0101",
    amount_lost=Decimal("12.50"),
    victim_location=Location("US", "CA"),
    victim=VictimPII(name="A", phone="4155550100"),
    suspects=(SuspectIdentifier("phone", "4155550101", "phone"),),
    extra={"line": 4, "company": "Acme", "ids": ["1", "2"], "n": 3, "ok": True},
)
MADE = {
    "plain": BASE,
    "long-text": replace(BASE, text="x" * 5000),
    "decimal-in-extra": replace(BASE, extra={"paid": Decimal("1.10"), "line": 2}),
    "nested-dataclass-in-extra": replace(BASE, extra={"where": Location("IN")}),
    "tuple-in-extra": replace(BASE, extra={"ids": ("a", "b")}),
    "unicode": replace(BASE, text="पैसे वापस नहीं आए ₹ 5,000 \u2028"),
}


@pytest.mark.parametrize("name", list(MADE), ids=list(MADE))
def test_fingerprint_of_made_reports(name: str) -> None:
    report = MADE[name]
    assert fingerprint(report) == versions.fingerprint(report)


@pytest.mark.parametrize("name", list(FILES), ids=list(FILES))
def test_fingerprint_of_every_report_of_a_real_file(name: str) -> None:
    path = FILES[name]
    if not path.is_file():
        pytest.skip(f"{path} is not present")
    reports = [
        item
        for _, item in zip(range(2000), detect(path).read(path, ReadOptions()), strict=False)
        if isinstance(item, Report)
    ]
    assert reports
    assert [fingerprint(r) for r in reports] == [versions.fingerprint(r) for r in reports]
