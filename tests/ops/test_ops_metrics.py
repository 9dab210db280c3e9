"""The metrics contract: names other areas rely on, safe labels, exposition text."""

from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families

from crossline import metrics

CONTRACT = [
    ("IMPORTS", "crossline_imports"),
    ("IMPORT_ROWS", "crossline_import_rows"),
    ("ROWS_QUARANTINED", "crossline_rows_quarantined"),
    ("ALERTS_RAISED", "crossline_alerts_raised"),
    ("SYNC_LAG_SECONDS", "crossline_sync_lag_seconds"),
    ("SYNC_RUNS", "crossline_sync_runs"),
    ("SHARED_RECORDS", "crossline_shared_records"),
    ("FREEZE_REQUESTS", "crossline_freeze_requests"),
    ("EVIDENCE_ITEMS", "crossline_evidence_items"),
    ("REQUEST_SECONDS", "crossline_http_request_duration_seconds"),
    ("STORE_ERRORS", "crossline_store_errors"),
]


def sample(name: str, **labels: str) -> float:
    text = metrics.render()[0].decode()
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
                return s.value
    return 0.0


@pytest.mark.parametrize(("attr", "name"), CONTRACT, ids=[a for a, _ in CONTRACT])
def test_named_metric_exists(attr: str, name: str) -> None:
    assert getattr(metrics, attr)._name == name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ncrp", "ncrp"),
        ("", "other"),
        (None, "other"),
        ("Priya Sharma +91 98765 43210", "Priya_Sharma_91_98765_43210"),
        ("x" * 200, "x" * 64),
        ('a"b\nc', "a_b_c"),
    ],
    ids=["plain", "empty", "none", "spaces", "long", "quotes"],
)
def test_label_is_bounded_and_safe(raw: object, expected: str) -> None:
    assert metrics.label(raw) == expected


def test_record_import_counts_rows() -> None:
    before = sample("crossline_rows_quarantined_total", format="test_fmt")
    metrics.record_import("test_fmt", stored=5, duplicates=1, quarantined=2, seconds=0.2)
    assert sample("crossline_rows_quarantined_total", format="test_fmt") == before + 2
    assert sample("crossline_import_rows_total", format="test_fmt", result="stored") >= 5
    assert sample("crossline_imports_total", format="test_fmt", outcome="ok") >= 1


def test_request_histogram_uses_status_class() -> None:
    metrics.observe_request("GET", "/api/v1/test/{id}", 404, 0.003)
    assert (
        sample(
            "crossline_http_request_duration_seconds_count",
            method="GET",
            route="/api/v1/test/{id}",
            status="4xx",
        )
        >= 1
    )
