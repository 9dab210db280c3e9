"""Use cases of money trails shared by the CLI and the API: import a trail file, trace,
refresh freeze requests when more trail data arrives."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import select

from crossline.domain import Rejected, make_id
from crossline.ingest.pipeline import file_sha256
from crossline.money import readers
from crossline.money import store as mstore
from crossline.money.freeze import create_requests
from crossline.money.model import Transfer
from crossline.store.repository import Store, chunks, utcnow
from crossline.store.schema_money import freeze_requests, transfers


@dataclass
class TransferImport:
    """The reconciliation of one trail import: rows_read = stored + duplicates + quarantined."""

    import_id: str
    path: str
    format: str
    rows_read: int = 0
    stored: int = 0
    duplicates: int = 0
    quarantined: int = 0
    freeze_requests: int = 0
    seconds: float = 0.0

    @property
    def reconciles(self) -> bool:
        return self.rows_read == self.stored + self.duplicates + self.quarantined

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "reconciles": self.reconciles}


def import_transfers(
    store: Store,
    path: str | Path,
    fmt: str | None = None,
    *,
    source: str | None = None,
    batch_size: int = 5000,
    refresh: bool = True,
) -> TransferImport:
    """Import a trail file (CSV, JSON or PaySim); then re-trace the complaints whose
    trails touch the accounts it brought, so new holders get their freeze requests."""
    path = Path(path)
    started = time.perf_counter()
    name, items = readers.read(path, fmt, source=source)
    first = list(islice(items, 1))  # unreadable files fail before anything is recorded
    sha = file_sha256(path)
    now = utcnow()
    summary = TransferImport(make_id("import", sha, str(path), now.isoformat()), str(path), name)
    with store.transaction() as conn:
        store.start_import(
            conn,
            {
                "id": summary.import_id,
                "path": str(path),
                "sha256": sha,
                "format": name,
                "source": source or name,
                "started_at": now,
                "status": "running",
                "rows_read": 0,
                "stored": 0,
                "duplicates": 0,
                "quarantined": 0,
            },
        )
    touched: set[str] = set()
    try:
        for batch in _batches(_chain(first, items), batch_size):
            touched |= _batch(store, batch, summary, sha)
    except BaseException as exc:
        store.finish_import(
            summary.import_id, status="failed", finished_at=utcnow(), error=str(exc)[:2000]
        )
        raise
    if refresh and touched:
        summary.freeze_requests = len(create_requests(store, complaints_touching(store, touched)))
    store.finish_import(summary.import_id, status="done", finished_at=utcnow())
    summary.seconds = round(time.perf_counter() - started, 3)
    return summary


def _batch(
    store: Store, batch: list[Transfer | Rejected], summary: TransferImport, sha: str
) -> set[str]:
    now = utcnow()
    rejected = [i for i in batch if isinstance(i, Rejected)]
    unique: dict[str, Transfer] = {}
    for t in batch:
        if isinstance(t, Transfer):
            unique.setdefault(t.id, t)
    candidates = sum(1 for t in batch if isinstance(t, Transfer))
    with store.transaction() as conn:
        known = mstore.existing_transfer_ids(conn, list(unique))
        fresh = [t for t in unique.values() if t.id not in known]
        mstore.insert_transfers(conn, [t.row(import_id=summary.import_id, now=now) for t in fresh])
        store.quarantine_rows(
            conn,
            [
                {
                    "id": make_id("quarantine", sha, str(q.line)),
                    "import_id": summary.import_id,
                    "file": summary.path,
                    "file_sha256": sha,
                    "format": summary.format,
                    "line": q.line,
                    "field": q.field,
                    "reason": q.reason,
                    "raw": q.raw,
                    "created_at": now,
                }
                for q in rejected
            ],
        )
        summary.rows_read += len(batch)
        summary.stored += len(fresh)
        summary.duplicates += candidates - len(fresh)
        summary.quarantined += len(rejected)
        store.update_import(
            conn,
            summary.import_id,
            rows_read=summary.rows_read,
            stored=summary.stored,
            duplicates=summary.duplicates,
            quarantined=summary.quarantined,
        )
    return {t.from_account for t in fresh} | {t.to_account for t in fresh}


def complaints_touching(store: Store, accounts: Iterable[str]) -> list[str]:
    """Complaints whose first payee or an already-requested account is among ``accounts``."""
    found: set[str] = set()
    with store.read() as conn:
        for part in chunks(sorted(accounts)):
            found.update(
                conn.execute(
                    select(transfers.c.report_id).where(
                        transfers.c.report_id.is_not(None), transfers.c.to_account.in_(part)
                    )
                ).scalars()
            )
            found.update(
                conn.execute(
                    select(freeze_requests.c.report_id).where(freeze_requests.c.account.in_(part))
                ).scalars()
            )
    return sorted(found)


def refresh_all(store: Store) -> int:
    """Re-trace every complaint with a payment (after a failed hook, or new trail data)."""
    with store.read() as conn:
        ids = sorted(
            set(
                conn.execute(
                    select(transfers.c.report_id).where(transfers.c.report_id.is_not(None))
                ).scalars()
            )
        )
    return len(create_requests(store, ids))


def _chain(first: list[Any], rest: Iterator[Any]) -> Iterator[Any]:
    yield from first
    yield from rest


def _batches(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while batch := list(islice(items, size)):
        yield batch
