"""Build a node's content directly through the Store and the Linker (no extractor needed).

Two campaigns: one cross-border (US + IN) tied by a UPI handle and a phone number,
one US-only tied by a domain; a common value (a bank helpline) seen across both;
one lone report; victim PII on some reports; a quarantined row.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from crossline.domain import indicator_id, report_id
from crossline.link.campaigns import Linker
from crossline.store import Store

T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)

# name -> (jurisdiction, state, day offset, loss, currency, text, [kind:value], pii)
REPORTS: dict[str, tuple[Any, ...]] = {
    "us-1": (
        "US",
        "TX",
        0,
        "1200.00",
        "USD",
        "Caller said my SSN was suspended, pay via UPI fraudster@okaxis or call +12025550143",
        ["upi:fraudster@okaxis", "phone:+12025550143", "phone:+18001234567"],
        {"name": "Alice Victim", "phone": "+15125550100"},
    ),
    "us-2": (
        "US",
        "CA",
        2,
        "800.00",
        "USD",
        "Refund desk +12025550143 asked for gift cards",
        ["phone:+12025550143", "phone:+18001234567"],
        None,
    ),
    "in-1": (
        "IN",
        "Maharashtra",
        3,
        "45000.00",
        "INR",
        "Digital arrest call; paid to fraudster@okaxis",
        ["upi:fraudster@okaxis", "phone:+18001234567"],
        {"name": "Ravi Kumar", "phone": "+919876500001"},
    ),
    "in-2": (
        "IN",
        "Karnataka",
        5,
        "12000.00",
        "INR",
        "Customs parcel scam, UPI fraudster@okaxis",
        ["upi:fraudster@okaxis"],
        None,
    ),
    "us-3": (
        "US",
        "NY",
        1,
        "300.00",
        "USD",
        "Fake toll notice at toll-pay-now.com",
        ["domain:toll-pay-now.com", "phone:+18001234567"],
        None,
    ),
    "us-4": (
        "US",
        "FL",
        4,
        "150.00",
        "USD",
        "Text: unpaid toll, visit toll-pay-now.com",
        ["domain:toll-pay-now.com"],
        None,
    ),
    "us-5": (
        "US",
        "OH",
        6,
        None,
        None,
        "Robocall about car warranty +13125550199",
        ["phone:+13125550199"],
        None,
    ),
}
COMMON = {"phone:+18001234567"}  # a real bank's helpline quoted by everyone


def seed(store: Store) -> dict[str, str]:
    """Insert and link the reports; returns name -> report id, plus campaign ids."""
    linker = Linker(store, min_groups=3)
    ids = {name: report_id("test", name) for name in REPORTS}
    with store.transaction() as conn:
        rows = []
        for name, (jur, state, day, loss, cur, text, _vals, pii) in REPORTS.items():
            seen = T0 + timedelta(days=day)
            rows.append(
                {
                    "id": ids[name],
                    "source": "test",
                    "source_ref": name,
                    "jurisdiction": jur,
                    "channel": "call",
                    "received_at": seen,
                    "incident_at": seen,
                    "seen_at": seen,
                    "text": text,
                    "amount_lost": Decimal(loss) if loss else None,
                    "currency": cur,
                    "victim_country": jur,
                    "victim_state": state,
                    "victim_pii": pii,
                    "victim_key": f"victim-{name}",
                    "suspects": [],
                    "marking": "TLP:AMBER",
                    "synthetic": True,
                    "label": "government_impersonation" if jur == "IN" else "tech_support",
                    "import_id": "import-seed",
                    "created_at": T0,
                }
            )
        store.insert_reports(conn, rows)
        counts: dict[str, int] = defaultdict(int)
        first: dict[str, datetime] = {}
        for spec in REPORTS.values():
            for v in spec[6]:
                counts[v] += 1
                seen = T0 + timedelta(days=spec[2])
                first[v] = min(first.get(v, seen), seen)
        store.upsert_indicators(
            conn,
            [
                {
                    "id": indicator_id(*v.split(":", 1)),
                    "kind": v.split(":", 1)[0],
                    "value": v.split(":", 1)[1],
                    "report_count": n,
                    "first_seen": first[v],
                    "last_seen": first[v],
                    "common": v in COMMON,
                    "common_reason": "warning list: bank helpline" if v in COMMON else None,
                }
                for v, n in counts.items()
            ],
        )
        sightings = []
        for name, spec in REPORTS.items():
            text = spec[5]
            for v in spec[6]:
                value = v.split(":", 1)[1]
                start = text.find(value)
                sightings.append(
                    {
                        "report_id": ids[name],
                        "indicator_id": indicator_id(*v.split(":", 1)),
                        "field": "text",
                        "start": start if start >= 0 else -1,
                        "end": start + len(value) if start >= 0 else None,
                        "raw": value,
                    }
                )
        store.insert_sightings(conn, sightings)
        links = {
            ids[n]: [indicator_id(*v.split(":", 1)) for v in spec[6] if v not in COMMON]
            for n, spec in REPORTS.items()
        }
        linker.link(conn, links)
    with store.read() as conn:
        from sqlalchemy import select

        from crossline.store.schema import reports

        comp = dict(conn.execute(select(reports.c.source_ref, reports.c.component_id)).all())
    ids["cross_border"] = comp["us-1"]
    ids["toll"] = comp["us-3"]
    return ids
