"""One import runner for complaint files and money trails: a batch whose transaction
fails because the database went away is retried, and every row is stored once."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from crossline.config import Settings
from crossline.errors import StoreUnavailableError
from crossline.ingest import runner
from crossline.ingest.pipeline import Importer
from crossline.money.service import import_transfers
from crossline.store import Store
from crossline.store.schema import imports, reports
from crossline.store.schema_money import transfers

TESTS = Path(__file__).resolve().parents[1]
COMPLAINTS = TESTS / "data" / "ingest" / "sentinel.csv"
TRAIL = TESTS / "money" / "data" / "trail.csv"


def _complaints(store: Store, settings: Settings) -> Any:
    return Importer(store, settings, batch_size=2).import_file(COMPLAINTS)


def _trail(store: Store, settings: Settings) -> Any:
    return import_transfers(store, TRAIL, batch_size=2)


KINDS: dict[str, tuple[Callable[[Store, Settings], Any], Any]] = {
    "complaints": (_complaints, reports),
    "money-trail": (_trail, transfers),
}


@contextmanager
def _outage(store: Store, failing: set[int]) -> Iterator[list[int]]:
    """Write transactions numbered in ``failing`` (1 = the import's start row) raise as
    a database that went away does; the others run as usual."""
    real = store.transaction
    calls: list[int] = []

    @contextmanager
    def flaky() -> Iterator[Any]:
        calls.append(len(calls) + 1)
        if calls[-1] in failing:
            raise StoreUnavailableError("database is unavailable: connection refused")
        with real() as conn:
            yield conn

    store.transaction = flaky  # type: ignore[method-assign]
    try:
        yield calls
    finally:
        store.transaction = real  # type: ignore[method-assign]


def _count(store: Store, table: Any) -> int:
    with store.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


@pytest.fixture(autouse=True)
def _no_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "RETRY_DELAYS", (0.0, 0.0, 0.0))


@pytest.mark.parametrize("kind", list(KINDS), ids=list(KINDS))
@pytest.mark.parametrize("failing", [{2}, {2, 3}, {4}], ids=["first-batch", "twice", "later"])
def test_a_batch_is_retried_while_the_database_is_away(
    store: Store, settings: Settings, kind: str, failing: set[int]
) -> None:
    run, table = KINDS[kind]
    with _outage(store, failing) as calls:
        summary = run(store, settings)
    assert set(calls) >= failing
    assert summary.reconciles and summary.stored > 0
    assert _count(store, table) == summary.stored
    with store.read() as conn:
        status = conn.execute(
            select(imports.c.status).where(imports.c.id == summary.import_id)
        ).scalar_one()
    assert status == "done"
    # Nothing was lost or stored twice: the same file again finds every row stored.
    again = run(store, settings)
    assert again.rows_read == summary.rows_read and again.stored == 0
    assert again.duplicates == summary.stored + summary.duplicates
    assert _count(store, table) == summary.stored


@pytest.mark.parametrize("kind", list(KINDS), ids=list(KINDS))
def test_an_outage_longer_than_the_retries_fails_the_import(
    store: Store, settings: Settings, kind: str
) -> None:
    run, table = KINDS[kind]
    attempts = len(runner.RETRY_DELAYS) + 1
    with _outage(store, set(range(2, 2 + attempts))), pytest.raises(StoreUnavailableError):
        run(store, settings)
    with store.read() as conn:
        status = conn.execute(select(imports.c.status)).scalars().all()
    assert status == ["failed"] and _count(store, table) == 0
