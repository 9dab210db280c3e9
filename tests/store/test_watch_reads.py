"""Which of a batch's reports hold a value or sit in a campaign (the watchlist matcher's
reads), with values asked for in chunks."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crossline.store import Store
from crossline.store.watchlists import reports_in_campaigns, reports_sighting

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
# report -> (campaign, indicators sighted in it)
BATCH = {"r1": ("c1", ["i1", "i2"]), "r2": ("c1", ["i2"]), "r3": (None, ["i3"])}


def _load(store: Store) -> None:
    with store.transaction() as conn:
        store.insert_reports(conn, [
            {"id": r, "source": "t", "source_ref": r, "jurisdiction": "IN", "marking": "TLP:AMBER",
             "synthetic": False, "created_at": T0, "component_id": c}
            for r, (c, _i) in BATCH.items()
        ])  # fmt: skip
        store.insert_sightings(conn, [
            {"report_id": r, "indicator_id": i, "field": "text", "start": n, "end": n + 1,
             "raw": i}
            for r, (_c, inds) in BATCH.items() for n, i in enumerate(inds)
        ])  # fmt: skip


SIGHTING = [
    ("none-wanted", ["r1", "r2", "r3"], [], {}),
    ("one-value-two-reports", ["r1", "r2", "r3"], ["i2"], {"i2": {"r1", "r2"}}),
    ("only-the-batch", ["r2"], ["i1", "i2"], {"i2": {"r2"}}),
    ("unknown-value", ["r1"], ["nope"], {}),
]


@pytest.mark.parametrize(
    ("batch", "wanted", "expected"), [c[1:] for c in SIGHTING], ids=[c[0] for c in SIGHTING]
)
def test_reports_sighting(store: Store, batch: list, wanted: list, expected: dict) -> None:
    _load(store)
    with store.read() as conn:
        assert dict(reports_sighting(conn, batch, wanted)) == expected


CAMPAIGNS = [
    ("none-wanted", ["r1", "r2", "r3"], [], {}),
    ("campaign-of-two", ["r1", "r2", "r3"], ["c1", "c1"], {"c1": ["r1", "r2"]}),
    ("only-the-batch", ["r2", "r3"], ["c1"], {"c1": ["r2"]}),
]


@pytest.mark.parametrize(
    ("batch", "wanted", "expected"), [c[1:] for c in CAMPAIGNS], ids=[c[0] for c in CAMPAIGNS]
)
def test_reports_in_campaigns(store: Store, batch: list, wanted: list, expected: dict) -> None:
    _load(store)
    with store.read() as conn:
        got = reports_in_campaigns(conn, batch, wanted)
    assert {k: sorted(v) for k, v in got.items()} == expected
