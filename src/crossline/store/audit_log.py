"""The audit log's table: appending chained entries, listing them, verifying the chain.

Each entry is chained to the previous one by a SHA-256 over its content and the
previous hash; :class:`crossline.node.audit.AuditLog` batches the writes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, text

from crossline.store.repository import Store, as_utc
from crossline.store.schema_auth import audit_log

GENESIS = "0" * 64


def entry_hash(prev_hash: str, entry: dict[str, Any]) -> str:
    """The chain hash of one entry: SHA-256 over the previous hash and canonical JSON."""
    body = {k: entry[k] for k in sorted(entry) if k not in ("seq", "hash", "prev_hash")}
    if isinstance(body.get("at"), datetime):
        body["at"] = as_utc(body["at"]).isoformat()  # type: ignore[union-attr]
    payload = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256((prev_hash + payload).encode()).hexdigest()


def append(conn: Connection, dialect: str, batch: Sequence[dict[str, Any]]) -> None:
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
    org_id: str | None = None,
) -> list[dict[str, Any]]:
    """Newest first; page with ``before_seq`` (the smallest ``seq`` already shown).

    With ``org_id``, only the entries of that organisation's users and tokens."""
    a = audit_log.c
    q = select(audit_log).order_by(a.seq.desc()).limit(limit)
    if org_id:
        q = q.where(a.org_id == org_id)
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
