"""Writers that store a row only if its id is new, run at once with the same rows.

A push and a pull of one partner, a file uploaded twice, two server processes noticing
one match: the same deterministic ids reach the store from concurrent transactions.
Each row must be stored once, by one of them, and none of the writers may fail on the
others' rows (on PostgreSQL a check made before another transaction commits misses its
rows; on SQLite a read taken before the write lock does).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from crossline.config import Settings
from crossline.store import Store
from crossline.store.schema import reports
from crossline.store.schema_citizen import citizen_reports
from crossline.store.schema_matching import alerts
from crossline.store.schema_money import freeze_requests, transfers
from support.money_env import DATA, NCRP_JSON
from support.race import at_once

WRITERS = 6


def _complaints_arrive(store: Store, _settings: Settings) -> Callable[[], Any]:
    from crossline.ingest.base import ReadOptions
    from crossline.ingest.formats import detect
    from crossline.money.hook import on_arrival

    read = detect(NCRP_JSON).read(NCRP_JSON, ReadOptions(source="ncrp"))
    complaints = [r for r in read if not hasattr(r, "reason")]
    return lambda: on_arrival(store, complaints, datetime.now(UTC))


def _trail_imported(store: Store, _settings: Settings) -> Callable[[], Any]:
    from crossline.money.service import import_transfers

    return lambda: import_transfers(store, DATA / "trail.csv", refresh=False)


def _alerts_noticed(store: Store, _settings: Settings) -> Callable[[], Any]:
    from crossline.share.alerts import store_alerts

    rows = [
        {
            "id": f"00000000-0000-5000-8000-{n:012d}",
            "kind": "value",
            "origin": "local",
            "summary": {"message": f"alert {n}"},
            "created_at": datetime(2026, 1, 1, tzinfo=UTC),
        }
        for n in range(5)
    ]

    def write() -> list[dict[str, Any]]:
        with store.transaction() as conn:
            return store_alerts(conn, [dict(r) for r in rows])

    return write


def _form_sent_twice(store: Store, settings: Settings) -> Callable[[], Any]:
    from crossline.services import citizens

    form = citizens.CitizenReportIn(
        what_happened="a caller said my parcel held drugs", reported_value="+919811122233"
    )
    return lambda: citizens.submit_report(
        store, settings, form, nonce="one-form", origin="web", address="198.51.100.7"
    )


CASES = {
    "complaint hops and freeze requests": (_complaints_arrive, [transfers, freeze_requests]),
    "a trail file imported twice": (_trail_imported, [transfers]),
    "alerts noticed twice": (_alerts_noticed, [alerts]),
    "a citizen's form sent twice": (_form_sent_twice, [citizen_reports, reports]),
}


def _counts(store: Store, tables: list[Any]) -> list[int]:
    with store.read() as conn:
        return [conn.execute(select(func.count()).select_from(t)).scalar() for t in tables]


@pytest.mark.parametrize("case", list(CASES))
def test_the_same_rows_written_at_once_are_stored_once(
    settings: Settings, case: str, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    from crossline.store import open_store

    make, tables = CASES[case]
    alone = Settings(home=tmp_path / "alone", database_url=f"sqlite:///{tmp_path / 'alone.db'}")
    with open_store(alone) as once:  # what one writer alone stores
        make(once, alone)()
        expected = _counts(once, tables)
    with open_store(settings) as store:
        _, errors = at_once(make(store, settings), WRITERS)
        counted = _counts(store, tables)
    assert not errors, errors
    assert not [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert all(expected) and counted == expected
