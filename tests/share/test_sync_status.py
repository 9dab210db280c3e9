"""Where sync stands with each partner, as ``crossline sync status`` shows it."""

from __future__ import annotations

from datetime import UTC, datetime

from crossline.services.sync import sync_status
from crossline.store import Store
from crossline.store.schema_sync import sync_state

AT = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def test_sync_status_lists_each_partner_and_direction_in_order(store: Store) -> None:
    assert sync_status(store) == []
    rows = [
        {"partner": "us-node", "direction": "push", "objects": 3, "failures": 0,
         "last_attempt_at": AT, "last_success_at": AT, "last_error": None},
        {"partner": "in-node", "direction": "pull", "objects": 7, "failures": 2,
         "last_attempt_at": AT, "last_success_at": None, "last_error": "timed out"},
        {"partner": "in-node", "direction": "push", "objects": 0, "failures": 0,
         "last_attempt_at": None, "last_success_at": None, "last_error": None},
    ]  # fmt: skip
    with store.transaction() as conn:
        conn.execute(sync_state.insert(), rows)
    found = sync_status(store)
    assert [(s["partner"], s["direction"]) for s in found] == [
        ("in-node", "pull"),
        ("in-node", "push"),
        ("us-node", "push"),
    ]
    pull = found[0]
    assert pull["objects"] == 7 and pull["failures"] == 2 and pull["last_error"] == "timed out"
    assert pull["last_attempt_at"].startswith("2026-12-01T08:00:00")
    assert pull["last_success_at"] is None and found[1]["last_attempt_at"] is None
