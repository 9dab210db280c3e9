"""The append-only audit log: who read, searched, exported or changed what.

Each entry is chained to the previous one by a SHA-256 over its content and
the previous hash, so deleting or editing a row (which the database triggers
already refuse) would still be visible to :func:`crossline.store.audit_log.verify_chain`.

Writes are batched by a background thread: a search then costs the searcher
no write transaction, and 50 concurrent readers do not queue on SQLite's single
writer. ``flush()`` writes what is pending (tests and shutdown call it).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from crossline.node.auth import Principal
from crossline.store.audit_log import append as _append
from crossline.store.repository import Store, utcnow

log = logging.getLogger("crossline.audit")

ACTIONS = ("read", "search", "export", "create", "change", "delete", "login", "logout", "import")
FLUSH_EVERY = 0.25  # seconds


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
