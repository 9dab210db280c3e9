"""The append-only audit log: who read, searched, exported or changed what.

Each entry is chained to the previous one by a SHA-256 over its content and
the previous hash, so deleting or editing a row (which the database triggers
already refuse) would still be visible to :func:`verify_chain`.

Writes are batched by a background thread: a search then costs the searcher
no write transaction, and 50 concurrent readers do not queue on SQLite's single
writer. ``flush()`` writes what is pending (tests and shutdown call it).
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, text

from crossline.node.auth import Principal
from crossline.store.repository import Store, as_utc, utcnow
from crossline.store.schema_auth import audit_log

log = logging.getLogger("crossline.audit")

GENESIS = "0" * 64
ACTIONS = ("read", "search", "export", "create", "change", "delete", "login", "logout", "import")
FLUSH_EVERY = 0.25  # seconds


def entry_hash(prev_hash: str, entry: dict[str, Any]) -> str:
    """The chain hash of one entry: SHA-256 over the previous hash and canonical JSON."""
    body = {k: entry[k] for k in sorted(entry) if k not in ("seq", "hash", "prev_hash")}
    if isinstance(body.get("at"), datetime):
        body["at"] = as_utc(body["at"]).isoformat()  # type: ignore[union-attr]
    payload = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256((prev_hash + payload).encode()).hexdigest()


class AuditLog:
    """Records audit entries for one store; thread-safe."""

    def __init__(self, store: Store, *, background: bool = True) -> None:
        self.store = store
        self._pending: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        if background:
            self._thread = threading.Thread(target=self._run, name="audit-writer", daemon=True)
            self._thread.start()

    def record(
        self,
        who: Principal | str,
        action: str,
        target: str,
        target_id: str | None = None,
        *,
        outcome: str = "ok",
        detail: dict[str, Any] | None = None,
        ip: str | None = None,
    ) -> None:
        """Queue one entry (written within ``FLUSH_EVERY`` seconds, or at ``flush()``)."""
        if isinstance(who, Principal):
            actor, actor_id, org_id, role = who.actor, who.id, who.org_id, who.role
        else:
            actor, actor_id, org_id, role = who, None, None, None
        entry = {
            "at": utcnow(),
            "actor": actor[:160],
            "actor_id": actor_id,
            "org_id": org_id,
            "role": role,
            "action": action,
            "target": target,
            "target_id": (target_id or None) and str(target_id)[:255],
            "outcome": outcome,
            "detail": detail or None,
            "ip": (ip or None) and ip[:64],
        }
        with self._lock:
            self._pending.append(entry)
        if self._thread is None:
            self.flush()
        else:
            self._wake.set()

    def flush(self) -> int:
        """Write every pending entry now; returns how many were written."""
        with self._write_lock:
            with self._lock:
                batch, self._pending = self._pending, []
            if not batch:
                return 0
            try:
                with self.store.transaction() as conn:
                    _append(conn, self.store.dialect.name, batch)
            except Exception:
                # Keep them for the next attempt rather than lose an audit trail.
                with self._lock:
                    self._pending[:0] = batch
                raise
            return len(batch)

    def close(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self.flush()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(timeout=FLUSH_EVERY)
            self._wake.clear()
            try:
                self.flush()
            except Exception:  # pragma: no cover - logged, retried on the next tick
                log.exception("audit flush failed; will retry")
            self._stop.wait(FLUSH_EVERY)


def _append(conn: Connection, dialect: str, batch: Sequence[dict[str, Any]]) -> None:
    # The chain needs the last hash and the insert in one serialized step.
    if dialect == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(7254006)"))
    else:
        conn.execute(text("UPDATE organisations SET name = name WHERE 0"))
    prev = (
        conn.execute(select(audit_log.c.hash).order_by(audit_log.c.seq.desc()).limit(1)).scalar()
        or GENESIS
    )
    rows = []
    for entry in batch:
        h = entry_hash(prev, entry)
        rows.append({**entry, "prev_hash": prev, "hash": h})
        prev = h
    conn.execute(audit_log.insert(), rows)


def list_entries(
    store: Store,
    *,
    actor: str | None = None,
    action: str | None = None,
    target: str | None = None,
    since: datetime | None = None,
    limit: int = 100,
    before_seq: int | None = None,
) -> list[dict[str, Any]]:
    """Newest first; page with ``before_seq`` (the smallest ``seq`` already shown)."""
    a = audit_log.c
    q = select(audit_log).order_by(a.seq.desc()).limit(limit)
    if actor:
        q = q.where(a.actor == actor)
    if action:
        q = q.where(a.action == action)
    if target:
        q = q.where(a.target == target)
    if since:
        q = q.where(a.at >= since)
    if before_seq:
        q = q.where(a.seq < before_seq)
    with store.read() as conn:
        return [
            {**r._mapping, "at": as_utc(r.at).isoformat()}  # type: ignore[union-attr]
            for r in conn.execute(q)
        ]


def verify_chain(store: Store) -> tuple[int, int | None]:
    """(entries checked, seq of the first broken entry or None when the chain holds)."""
    prev = GENESIS
    n = 0
    with store.read() as conn:
        for row in conn.execute(select(audit_log).order_by(audit_log.c.seq)):
            entry = dict(row._mapping)
            entry["at"] = as_utc(entry["at"])
            if row.prev_hash != prev or entry_hash(prev, entry) != row.hash:
                return n, row.seq
            prev = row.hash
            n += 1
    return n, None
