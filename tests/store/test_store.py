"""The store on SQLite and PostgreSQL: migrations, quarantine, campaign queries."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from crossline.domain import indicator_id, report_id
from crossline.link.campaigns import Linker
from crossline.store import Store
from crossline.store.read import campaigns as read_campaigns
from crossline.store.read import imports as read_imports
from crossline.store.read import indicators as read_indicators
from crossline.store.read.dashboard import recent_cross_border, stats
from crossline.store.schema import quarantine

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


def _report(name: str, jurisdiction: str, amount: str | None = None, currency: str | None = None):
    return {
        "id": report_id("t", name),
        "source": "t",
        "source_ref": name,
        "jurisdiction": jurisdiction,
        "marking": "TLP:AMBER",
        "synthetic": False,
        "created_at": T0,
        "seen_at": T0,
        "label": LABELS.get(name, "tech_support"),
        "amount_lost": Decimal(amount) if amount else None,
        "currency": currency,
        "text": f"report {name}",
    }


def _load(store: Store, spec: dict[str, tuple[str, list[str], str | None, str | None]]) -> None:
    with store.transaction() as conn:
        store.insert_reports(conn, [_report(n, j, a, c) for n, (j, _v, a, c) in spec.items()])
        values = {v for _j, vals, _a, _c in spec.values() for v in vals}
        store.upsert_indicators(
            conn,
            [
                {
                    "id": indicator_id("phone", v),
                    "kind": "phone",
                    "value": v,
                    "report_count": sum(v in vals for _j, vals, _a, _c in spec.values()),
                }
                for v in sorted(values)
            ],
        )
        store.insert_sightings(
            conn,
            [
                {
                    "report_id": report_id("t", n),
                    "indicator_id": indicator_id("phone", v),
                    "field": "suspect_mobile",
                    "start": -1,
                }
                for n, (_j, vals, _a, _c) in spec.items()
                for v in vals
            ],
        )
        Linker(store).link(
            conn,
            {
                report_id("t", n): [indicator_id("phone", v) for v in vals]
                for n, (_j, vals, _a, _c) in spec.items()
            },
        )


SPEC = {
    "us1": ("US", ["+18333041447"], "100.50", "USD"),
    "us2": ("US", ["+18333041447"], "20", "USD"),
    "in1": ("IN", ["+18333041447", "+919876543210"], "5000", "INR"),
    "in2": ("IN", ["+919812345678"], None, None),
    "in3": ("IN", ["+919812345678"], None, None),
}


@pytest.mark.real_migrations  # from an empty database, not the template of conftest.py
def test_migrate_is_idempotent(store: Store) -> None:
    store.migrate()
    store.migrate()
    with store.read() as conn:
        assert stats(conn)["reports"] == 0


def test_campaign_summary(store: Store) -> None:
    _load(store, SPEC)
    with store.read() as conn:
        every = read_campaigns.campaigns_page(conn, with_reports=10)
    assert every["total"] == 2 and [c["report_count"] for c in every["items"]] == [3, 2]
    big = every["items"][0]
    assert big["jurisdictions"] == {"IN": 1, "US": 2} and big["cross_border"]
    assert big["total_loss"] == {"INR": "5000.00", "USD": "120.50"}
    assert {r["source_ref"] for r in big["reports"]} == {"us1", "us2", "in1"}
    assert {r["campaign_id"] for r in big["reports"]} == {big["id"]}
    assert big["indicators"][0]["value"] == "+18333041447"
    assert "victim_pii" not in str(big)


# Campaigns of SPEC plus a second cross-border one and a single-country one, named by
# the smallest source_ref of their reports: filters must hold on every page, not just the first.
FILTER_SPEC = {
    **SPEC,
    "us4": ("US", ["+12025550100"], "10", "USD"),
    "gb1": ("GB", ["+12025550100"], "7", "GBP"),
    "us5": ("US", ["+12025550111"], None, None),
    "us6": ("US", ["+12025550111"], None, None),
    "us7": ("US", ["+12025550111"], None, None),
    "us8": ("US", ["+12025550111"], None, None),
}
LABELS = {"in2": "kyc_phishing", "in3": "kyc_phishing", "gb1": "investment", "us4": "investment"}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["us5", "in1", "in2", "gb1"]),  # ties of size by campaign id
        ({"cross_border": True}, ["in1", "gb1"]),
        ({"cross_border": True, "limit": 1, "offset": 1}, ["gb1"]),
        ({"jurisdiction": "IN"}, ["in1", "in2"]),
        ({"jurisdiction": "GB", "cross_border": True}, ["gb1"]),
        ({"label": "kyc_phishing"}, ["in2"]),
        ({"label": "investment", "cross_border": True}, ["gb1"]),
        ({"min_reports": 3}, ["us5", "in1"]),
        # Losses in one currency first, then every currency in USD; none is dropped.
        ({"sort": "loss", "currency": "GBP"}, ["gb1", "in1", "in2", "us5"]),
        # INR 5,000 + USD 120.50 (~USD 181) before USD 10 + GBP 7 (~USD 19); no loss last.
        ({"sort": "loss"}, ["in1", "gb1", "in2", "us5"]),
        ({"sort": "loss", "state": "nowhere"}, []),
        ({"jurisdiction": "FR"}, []),
    ],
    ids=[
        "all",
        "cross-border",
        "cross-border-second-page",
        "jurisdiction",
        "jurisdiction-and-cross-border",
        "scam-type",
        "scam-type-and-cross-border",
        "min-reports",
        "loss-in-currency",
        "loss-converted",
        "state-unknown",
        "nothing",
    ],
)
def test_campaign_filters_run_in_sql(store: Store, filters: dict, expected: list[str]) -> None:
    _load(store, FILTER_SPEC)
    with store.read() as conn:
        page = read_campaigns.campaigns_page(conn, with_reports=10, **filters)
        unpaged = {k: v for k, v in filters.items() if k not in ("limit", "offset")}
        total = read_campaigns.campaigns_page(conn, limit=1000, **unpaged)["total"]
    assert [min(r["source_ref"] for r in c["reports"]) for c in page["items"]] == expected
    assert page["total"] == total
    if filters.get("cross_border"):
        assert all(len(c["jurisdictions"]) > 1 for c in page["items"])


def test_recent_cross_border_only_lists_cross_border(store: Store) -> None:
    _load(store, FILTER_SPEC)
    with store.read() as conn:
        listed = recent_cross_border(conn, limit=10)
    assert sorted(len(c["jurisdictions"]) for c in listed) == [2, 2]


def test_quarantine_rows_are_not_duplicated(store: Store) -> None:
    row = {
        "id": "q1",
        "import_id": "i1",
        "file": "f.csv",
        "file_sha256": "ab" * 32,
        "format": "ncrp",
        "line": 7,
        "field": "incident_date",
        "reason": "incident_date '31/02/2024' is not a date (expected DD/MM/YYYY)",
        "raw": "x,y,z",
        "created_at": T0,
    }
    for _ in range(2):
        with store.transaction() as conn:
            store.quarantine_rows(conn, [row])
    with store.read() as conn:
        assert conn.execute(select(func.count()).select_from(quarantine)).scalar() == 1
        found = read_imports.find_quarantined(conn, "q")
    assert found[0]["line"] == 7 and "expected DD/MM/YYYY" in found[0]["reason"]


@pytest.mark.parametrize("query", ["+18333041447", "+919812345678"], ids=["us", "in"])
def test_find_indicator_and_sightings(store: Store, query: str) -> None:
    _load(store, SPEC)
    with store.read() as conn:
        found = read_indicators.find_indicators(conn, [(None, query)])
        assert len(found) == 1
        sight = read_indicators.sightings_of(conn, found[0]["id"])
    assert {s["field"] for s in sight} == {"suspect_mobile"}
    assert all(s["start"] is None for s in sight)
    assert len(sight) == found[0]["report_count"]
