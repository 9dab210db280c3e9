"""One set of report filters: the stored search (SQL) and the check a partner's shared
records go through (:func:`report_matches`) pick the same reports."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from crossline.domain import report_id
from crossline.store import Store
from crossline.store.read.reports import ReportFilters, report_matches, search_reports

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)

# name: (jurisdiction, channel, label, source, text, category)
REPORTS = {
    "a": ("IN", "call", "tech_support", "ncrp", "Caller said he was from Microsoft", None),
    "b": ("IN", "sms", "investment", "ncrp", "Crypto returns", "Investment scam"),
    "c": ("US", "call", "tech_support", "ic3", "Refund desk called", "Tech support"),
    "d": ("GB", "email", None, "af", "", None),
}


def _row(name: str) -> dict[str, Any]:
    jurisdiction, channel, label, source, text, category = REPORTS[name]
    return {
        "id": report_id(source, name),
        "source": source,
        "source_ref": name,
        "jurisdiction": jurisdiction,
        "channel": channel,
        "label": label,
        "text": text,
        "category": category,
        "marking": "TLP:AMBER",
        "synthetic": False,
        "created_at": T0,
        "seen_at": T0,
    }


CASES: list[tuple[str, ReportFilters, set[str]]] = [
    ("no-filter", {}, {"a", "b", "c", "d"}),
    ("empty-values-match-all", {"q": "", "jurisdiction": None, "label": ""}, {"a", "b", "c", "d"}),
    ("jurisdiction", {"jurisdiction": "IN"}, {"a", "b"}),
    ("channel", {"channel": "call"}, {"a", "c"}),
    ("label", {"label": "tech_support"}, {"a", "c"}),
    ("source", {"source": "ic3"}, {"c"}),
    ("every-filter", {"jurisdiction": "IN", "channel": "call", "source": "ncrp"}, {"a"}),
    ("q-in-text-any-case", {"q": "MICROSOFT"}, {"a"}),
    ("q-in-category", {"q": "scam"}, {"b"}),
    ("q-in-text-or-category", {"q": "tech"}, {"c"}),
    ("q-and-jurisdiction", {"q": "re", "jurisdiction": "US"}, {"c"}),
    ("nothing-matches", {"label": "romance"}, set()),
]


@pytest.mark.parametrize(("filters", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_search_and_shared_records_filter_alike(
    store: Store, filters: ReportFilters, expected: set[str]
) -> None:
    rows = [_row(n) for n in REPORTS]
    with store.transaction() as conn:
        store.insert_reports(conn, rows)
    names = {r["id"]: r["source_ref"] for r in rows}
    with store.read() as conn:
        page = search_reports(conn, limit=50, offset=0, **filters)
    assert {names[i["id"]] for i in page["items"]} == expected
    assert page["total"] == len(expected)
    assert {r["source_ref"] for r in rows if report_matches(r, filters)} == expected
