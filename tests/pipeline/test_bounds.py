"""What one row may cost: the scanned text is bounded, a value is one sighting per field."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from crossline.config import Settings
from crossline.ingest.bounds import bounded_text
from crossline.ingest.pipeline import Importer
from crossline.store import Store
from crossline.store.schema import reports, sightings


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short", 64, None),
        ("x" * 100, 10, "x" * 10),
        ("₹" * 10, 7, "₹" * 2),  # 3-byte characters are never cut in half
        ("ab" * 8, 16, None),
    ],
    ids=["fits", "ascii-cut", "multibyte-cut", "exact-fit"],
)
def test_bounded_text(text: str, limit: int, expected: str | None) -> None:
    assert bounded_text(text, limit) == expected


def test_a_huge_narrative_costs_one_bounded_report(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    conf = replace(settings, max_text_bytes=4096)
    narrative = ("call 9876543210 now " * 5_000).strip()  # ~100 kB, one number 5,000 times
    path = tmp_path / "big.csv"
    path.write_text(f'acknowledgement_no,suspect_upi_id,description\n1,a.b@ybl,"{narrative}"\n')
    importer = Importer(store, conf)
    summary = importer.import_file(path)
    assert (summary.stored, summary.quarantined) == (1, 0)
    with store.read() as conn:
        row = conn.execute(select(reports.c.text, reports.c.extra)).one()
        sights = conn.execute(select(sightings.c.field, sightings.c.count)).all()
    assert len(row.text.encode()) <= 4096 and narrative.startswith(row.text)
    note = row.extra["text_attachment"]
    kept = settings.home / note["path"]
    assert kept.read_text() == narrative
    assert note["sha256"] == hashlib.sha256(narrative.encode()).hexdigest()
    by_field = dict(sights)
    assert set(by_field) == {"text", "suspect_upi_id"}
    assert by_field["text"] == row.text.count("9876543210")  # one row, with the count
    # Re-importing writes nothing new.
    again = importer.import_file(path)
    assert (again.stored, again.duplicates) == (0, 1)
    assert sorted(p.name for p in kept.parent.iterdir()) == [kept.name]
