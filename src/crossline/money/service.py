"""Use cases of money trails shared by the CLI and the API: import a trail file, trace,
refresh freeze requests when more trail data arrives."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import select

from crossline.domain import Rejected
from crossline.hashing import file_sha256
from crossline.ingest.runner import ImportRunner, Reconciled, chain, new_import_id, quarantine_rows
from crossline.money import readers
from crossline.money import store as mstore
from crossline.money.freeze import create_requests
from crossline.money.model import Transfer
from crossline.store.repository import Store, chunks, utcnow
from crossline.store.schema_money import freeze_requests, transfers


@dataclass
class TransferImport(Reconciled):
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
    name, items = readers.read(path, fmt, source=source)
    first = list(islice(items, 1))  # unreadable files fail before anything is recorded
    return _run(
        store,
        chain(first, items),
        path=str(path),
        sha=file_sha256(path),
        fmt=name,
        source=source or name,
        batch_size=batch_size,
        refresh=refresh,
    )


def import_records(store: Store, objs: list[Any], *, source: str = "api") -> TransferImport:
    """Import transfers posted as JSON objects (the API)."""
    import hashlib
    import json

    sha = hashlib.sha256(json.dumps(objs, sort_keys=True, default=str).encode()).hexdigest()
    return _run(
        store,
        readers.records(objs, source),
        path=f"api:{source}",
        sha=sha,
        fmt="transfers_api",
        source=source,
        batch_size=5000,
        refresh=True,
    )


def _run(
    store: Store,
    items: Iterator[Any],
    *,
    path: str,
    sha: str,
    fmt: str,
    source: str,
    batch_size: int,
    refresh: bool,
) -> TransferImport:
    now = utcnow()
    summary = TransferImport(new_import_id(sha, path, now), path, fmt)
    touched: set[str] = set()

    def refresh_holds(s: TransferImport) -> None:
        # Re-trace the complaints whose trails touch the accounts this import brought.
        if refresh and touched:
            s.freeze_requests = len(create_requests(store, complaints_touching(store, touched)))

    return ImportRunner(store, batch_size=batch_size).run(
        summary,
        items,
        sha=sha,
        source=source,
        started_at=now,
        step=lambda batch, s: touched.update(_batch(store, batch, s, sha)),
        finish=refresh_holds,
    )


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
        # The same file imported twice at once (or a complaint's hops arriving): one
        # check-and-insert at a time, or both find a transfer new.
        store.dialect.key_lock(conn, mstore.TRANSFERS_KEY)
        known = mstore.existing_transfer_ids(conn, list(unique))
        fresh = [t for t in unique.values() if t.id not in known]
        mstore.insert_transfers(conn, [t.row(import_id=summary.import_id, now=now) for t in fresh])
        store.quarantine_rows(conn, quarantine_rows(rejected, summary, sha, now))
        summary.rows_read += len(batch)
        summary.stored += len(fresh)
        summary.duplicates += candidates - len(fresh)
        summary.quarantined += len(rejected)
        store.update_import(conn, summary.import_id, **summary.progress())
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


def _paid_complaints(conn: Any) -> list[str]:
    """The ids of the complaints with a payment on the money trail, sorted."""
    query = select(transfers.c.report_id).where(transfers.c.report_id.is_not(None)).distinct()
    return sorted(conn.execute(query).scalars())


def refresh_all(store: Store) -> int:
    """Re-trace every complaint with a payment (after a failed hook, or new trail data)."""
    with store.read() as conn:
        ids = _paid_complaints(conn)
    return len(create_requests(store, ids))


def compute_mules(store: Store, params: Any = None) -> list[Any]:
    """Trace every complaint, score the accounts on the trails, store the scores."""
    from sqlalchemy import or_

    from crossline.money.model import transfer_from_row
    from crossline.money.mules import score_accounts
    from crossline.money.trail import trace
    from crossline.store.schema_money import mule_scores

    trails = []
    ledgers: dict[str, Transfer] = {}
    with store.read() as conn:
        ids = _paid_complaints(conn)
        for rid in ids:
            seeds = mstore.complaint_hops(conn, rid)
            fetched = mstore.reachable_transfers(conn, seeds, params)
            trails.append(trace(seeds, fetched.transfers, params))
        accounts = {a for tr in trails for a, n in tr.nodes.items() if not n.cashout}
        for part in chunks(sorted(accounts), 400):
            rows = conn.execute(
                select(transfers).where(
                    or_(transfers.c.from_account.in_(part), transfers.c.to_account.in_(part))
                )
            ).all()
            for r in rows:
                t = transfer_from_row(r)
                ledgers.setdefault(t.id, t)
    scores = score_accounts(ledgers.values(), trails, candidates=accounts)
    now = utcnow()
    with store.transaction() as conn:
        for part in chunks(sorted(accounts)):
            conn.execute(mule_scores.delete().where(mule_scores.c.account.in_(part)))
        # The registry answers with these scores: the accounts rescored (and any
        # score dropped) are read again by every server process.
        store.note_risk_changes(conn, accounts=[*accounts, *(s.account for s in scores)])
        if scores:
            conn.execute(
                mule_scores.insert(),
                [
                    {
                        "account": s.account,
                        "score": s.score,
                        "level": s.level,
                        "reasons": s.reasons,
                        "victims": s.victims,
                        "first_seen": s.first_seen,
                        "last_seen": s.last_seen,
                        "updated_at": now,
                    }
                    for s in scores
                ],
            )
    return scores


def list_mules(store: Store, *, min_score: float = 0.5, limit: int = 100) -> list[dict[str, Any]]:
    """Stored mule scores, highest first."""
    from crossline.store.schema_money import mule_scores

    with store.read() as conn:
        rows = conn.execute(
            select(mule_scores)
            .where(mule_scores.c.score >= min_score)
            .order_by(mule_scores.c.score.desc(), mule_scores.c.account)
            .limit(limit)
        ).all()
    out = []
    for r in rows:
        m = dict(r._mapping)
        for key in ("first_seen", "last_seen", "updated_at"):
            value = m[key]
            if value is not None and value.tzinfo is None:
                from datetime import UTC

                value = value.replace(tzinfo=UTC)
            m[key] = value.isoformat() if value else None
        m["score"] = round(m["score"], 3)
        out.append(m)
    return out
