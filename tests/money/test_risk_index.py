"""The registry's in-memory risk index answers exactly as the store query does.

Varied data: campaigns joined by phone numbers, UPI handles and bank accounts (one
number at two branches), a helpline that is common, TLP:RED reports (counted only by
their owner), unconfirmed reports from the public (never counted), values nobody
reported. Then more imports grow campaigns and merge two: an index warmed before them
(another server process) must answer as the store does again.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from crossline.config import Settings
from crossline.domain import Report, SuspectIdentifier
from crossline.money import registry
from crossline.money.risk_index import RiskIndex
from crossline.services.imports import importer_for
from crossline.store import Store
from crossline.store.visibility import EVERYTHING, OrgView

PHONES = [f"98{n:08d}" for n in range(11, 19)]
UPIS = [f"pay{n}@okaxis" for n in range(6)]
ACCOUNTS = [("ICIC0004417", "004401559321"), ("SBIN0011223", "31997755331"),
            ("PUNB0334455", "31997755331"), ("HDFC0000123", "50100020804403")]  # fmt: skip
HELPLINE = "1800 180 1111"
VIEWS = {
    "operator": EVERYTHING,
    "home": OrgView(org_id="org-home", home=True, everything=False),
    "other": OrgView(org_id="org-other", home=False, everything=False),
}
T0 = datetime(2025, 3, 1, tzinfo=UTC)


def reports(seed: int, n: int, prefix: str) -> list[Report]:
    """``n`` varied complaints; the same seed gives the same reports."""
    rng = random.Random(seed)
    out = []
    for k in range(n):
        fields = [SuspectIdentifier("suspect_mobile", rng.choice(PHONES), "phone")]
        if rng.random() < 0.6:
            fields.append(SuspectIdentifier("suspect_upi", rng.choice(UPIS), "upi"))
        if rng.random() < 0.4:
            ifsc, number = rng.choice(ACCOUNTS)
            fields.append(SuspectIdentifier("suspect_bank_account", number, "bank_account"))
            fields.append(SuspectIdentifier("suspect_ifsc", ifsc, "ifsc"))
        roll = rng.random()
        out.append(
            Report(
                source="citizen" if roll < 0.12 else "t",
                source_ref=f"{prefix}{k:03d}",
                jurisdiction="IN",
                text=f"They called, helpline {HELPLINE} was busy" if rng.random() < 0.5 else "",
                received_at=T0 + timedelta(hours=rng.randrange(2000)),
                marking="TLP:RED" if 0.12 <= roll < 0.22 else "TLP:AMBER",
                suspects=tuple(fields),
            )
        )
    return out


QUERIES = (
    [("phone", p) for p in PHONES]
    + [("any", p) for p in PHONES[:3]]
    + [("upi", u) for u in UPIS]
    + [("account", n) for _, n in ACCOUNTS]
    + [("account", f"{i}:{n}") for i, n in ACCOUNTS[:2]]
    + [("any", ACCOUNTS[0][1]), ("phone", HELPLINE), ("phone", "9899999999")]
    + [("upi", "nobody@okaxis"), ("account", "12345678901")]
)


def compare(store: Store, index: RiskIndex) -> None:
    for kind, value in QUERIES:
        for name, view in VIEWS.items():
            expected = registry.check(store, value, kind, view=view)
            got = index.check(value, kind, view=view)
            assert got == expected, (kind, value, name)


@pytest.fixture
def loaded(store: Store, settings: Settings) -> Store:
    importer_for(store, settings, classify=False).import_reports(reports(1, 80, "a"))
    return store


def test_index_answers_as_the_store_query(loaded: Store) -> None:
    index = RiskIndex(loaded)
    compare(loaded, index)  # filling
    compare(loaded, index)  # from memory
    assert index.stats["hits"] > 0 and index.stats["fallbacks"] > 0
    answers = [index.check(v, k, view=VIEWS["other"]) for k, v in QUERIES]
    assert {a["risk"] for a in answers} >= {"high", "unknown"}


def test_an_index_warmed_before_imports_follows_them(loaded: Store, settings: Settings) -> None:
    warm = RiskIndex(loaded)
    compare(loaded, warm)
    before = warm.version
    importer = importer_for(loaded, settings, classify=False)
    importer.import_reports(reports(2, 40, "b"))  # grows and merges campaigns
    # a value seen in no report before, now in one that ties it to a known campaign
    importer.import_reports(
        [Report(source="t", source_ref="c001", jurisdiction="IN", text="",
                suspects=(SuspectIdentifier("m", PHONES[0], "phone"),
                          SuspectIdentifier("u", "fresh@okaxis", "upi")))]
    )  # fmt: skip
    # a value asked about while nobody had reported it, now reported alone
    importer.import_reports(
        [Report(source="t", source_ref="n001", jurisdiction="IN", text="",
                suspects=(SuspectIdentifier("u", "nobody@okaxis", "upi"),))]
    )  # fmt: skip
    compare(loaded, warm)
    assert warm.version > before
    assert warm.check("fresh@okaxis", "upi")["report_count"] == 1


def test_index_stays_within_its_bounds(loaded: Store) -> None:
    index = RiskIndex(loaded, max_indicators=4, max_components=3)
    compare(loaded, index)
    assert len(index._values) <= 4 and len(index._components) <= 3


def test_an_index_follows_the_bulk_import_path(loaded: Store, settings: Settings) -> None:
    from crossline.ingest.bulk import BulkImporter

    warm = RiskIndex(loaded)
    compare(loaded, warm)
    bulk = BulkImporter(loaded, settings, workers=0, chunk_rows=16)
    lone = Report(source="t", source_ref="d-lone", jurisdiction="IN", text="",
                  suspects=(SuspectIdentifier("u", "nobody@okaxis", "upi"),))  # fmt: skip
    bulk.import_reports([*reports(3, 40, "d"), lone])
    compare(loaded, warm)
