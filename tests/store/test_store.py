"""The store on SQLite and PostgreSQL: migrations, quarantine, campaign queries."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from crossline.domain import indicator_id, report_id
from crossline.link.campaigns import Linker
from crossline.store import Store, queries
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
        "label": "tech_support",
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


def test_migrate_is_idempotent(store: Store) -> None:
    store.migrate()
    store.migrate()
    with store.read() as conn:
        assert queries.stats(conn)["reports"] == 0


def test_campaign_summary_and_filters(store: Store) -> None:
    _load(store, SPEC)
    with store.read() as conn:
        every = queries.list_campaigns(conn)
        cross = queries.list_campaigns(conn, cross_border=True)
        india = queries.list_campaigns(conn, jurisdiction="IN")
        us_only = queries.list_campaigns(conn, jurisdiction="US")
    assert [c["report_count"] for c in every] == [3, 2]
    big = every[0]
    assert big["jurisdictions"] == {"IN": 1, "US": 2} and big["cross_border"]
    assert big["total_loss"] == {"INR": "5000.00", "USD": "120.50"}
    assert {r["source_ref"] for r in big["reports"]} == {"us1", "us2", "in1"}
    assert big["indicators"][0]["value"] == "+18333041447"
    assert [c["id"] for c in cross] == [big["id"]]
    assert len(india) == 2 and [c["id"] for c in us_only] == [big["id"]]
    assert "victim_pii" not in str(big)


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
        found = queries.find_quarantined(conn, "q")
    assert found[0]["line"] == 7 and "expected DD/MM/YYYY" in found[0]["reason"]


@pytest.mark.parametrize("query", ["+18333041447", "+919812345678"], ids=["us", "in"])
def test_find_indicator_and_sightings(store: Store, query: str) -> None:
    _load(store, SPEC)
    with store.read() as conn:
        found = queries.find_indicators(conn, [(None, query)])
        assert len(found) == 1
        sight = queries.sightings_of(conn, found[0]["id"])
    assert {s["field"] for s in sight} == {"suspect_mobile"}
    assert all(s["start"] is None for s in sight)
    assert len(sight) == found[0]["report_count"]
