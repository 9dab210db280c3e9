"""Worker processes build each report's rows as driver parameters (the writer only
adds the time of the write): the rows are the row path's, value for value, encoded by
each column's own SQLAlchemy type."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from crossline.classify import classify_many
from crossline.domain import Location, Report, SuspectIdentifier, VictimPII
from crossline.ingest.bulk.normalise import fingerprint
from crossline.ingest.bulk.prepare import (
    SIGHTING_COLUMNS,
    VICTIM_COLUMNS,
    Context,
    Worked,
    encoders,
    prepare,
)
from crossline.ingest.stages import (
    extract_reports,
    indicator_rows,
    marking_of,
    report_row,
    sighting_rows,
    victim_rows,
)

SECRET = b"k" * 32
BASE = Report(
    source="sentinel",
    source_ref="R-1",
    jurisdiction="US",
    received_at=datetime(2024, 3, 1, tzinfo=UTC),
    text="Caller from (415) 555-0101, call me back on my number 4155550100",
    amount_lost=Decimal("12.50"),
    victim_location=Location("US", "CA"),
    victim=VictimPII(name="A", phone="4155550100"),
    suspects=(SuspectIdentifier("phone", "4155550101", "phone"),),
    extra={"line": 4, "company": "Acme", "when": datetime(2024, 1, 2, tzinfo=UTC)},
)
REPORTS = {
    "full": BASE,
    "no text": replace(BASE, source_ref="R-2", text=None),
    "no victim": replace(BASE, source_ref="R-3", victim=VictimPII()),
    "card and iban": replace(
        BASE, source_ref="R-4", text="paid to IBAN GB82 WEST 1234 5698 7654 32 via 4111111111111111"
    ),
    "bad suspect": replace(
        BASE, source_ref="R-5", suspects=(SuspectIdentifier("phone", "12", "phone"),)
    ),
}


def _classifier(texts: list[str], **kw: object) -> list[object]:
    return classify_many(texts, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("classifier", [None, _classifier], ids=["unclassified", "classified"])
@pytest.mark.parametrize("name", sorted(REPORTS))
def test_rows_are_the_row_paths(name: str, classifier: object, tmp_path: Path) -> None:
    report = REPORTS[name]
    ctx = Context(SECRET, 1 << 16, tmp_path, classifier, import_id="imp-1")  # type: ignore[arg-type]
    worked = prepare([report], ctx)
    assert isinstance(worked, Worked) and worked.ids == [report.id]
    (extracted,) = extract_reports([report], SECRET)
    label = (
        classifier(
            [report.text or ""],
            channels=[report.channel],
            source_categories=[report.category],
            sources=[report.source],
        )[0]
        if classifier
        else None
    )  # type: ignore[operator]  # noqa: E501
    want = report_row(
        report, extracted, import_id="imp-1", secret=SECRET, now=None, classification=label
    )  # type: ignore[arg-type]
    del want["created_at"]  # the writer's, at the time of the write
    want.update(content_sha=fingerprint(report), version=1, marking=marking_of(report, None))
    assert sorted(worked.report_columns) == sorted(want)
    enc = encoders(ctx.dialect, worked.report_columns)
    assert worked.reports == [enc.reports.encode([want[c] for c in worked.report_columns])]
    sights = sighting_rows(report.id, extracted)
    victims = victim_rows(report.id, extracted)
    assert all(tuple(r) == SIGHTING_COLUMNS for r in sights)
    assert all(tuple(r) == VICTIM_COLUMNS for r in victims)
    assert worked.sightings == [enc.sightings.encode_dicts(sights)]
    assert worked.victims == [enc.victims.encode_dicts(victims)]
    inds, _links = indicator_rows([(report, extracted)])
    rows = sorted(inds, key=lambda r: (r["kind"], r["value"]))
    assert worked.indicators == enc.indicators.encode_dicts(rows)
