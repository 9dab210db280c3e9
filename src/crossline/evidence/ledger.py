"""The custody log in the database, and the signed record of each chain's head.

Entries go into ``custody_log`` (append-only: the migration installs triggers that refuse
UPDATE and DELETE). A hash chain alone cannot show that its last entries were cut off,
so the node also keeps ``<home>/evidence/heads.json``: the seq and hash of each case's
newest entry, signed with the node key and rewritten atomically after every append.
"""

from __future__ import annotations

import fcntl
import json
import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select

from crossline.config import Settings
from crossline.errors import StoreError
from crossline.evidence.custody import FIELDS, Problem, make_entry
from crossline.share.identity import NodeIdentity, canonical_json, verify
from crossline.store import Store
from crossline.store.schema_evidence import custody_log

COLUMNS = {"case": "case_ref", "item": "item_id"}  # entry field -> column, where they differ


def row_entry(row: Any) -> dict[str, Any]:
    """An entry as hashed and exported, from its row."""
    m = row._mapping
    return {f: m[COLUMNS.get(f, f)] if f != "detail" else (m["detail"] or {}) for f in FIELDS}


def entries_of(conn: Connection, case: str) -> list[dict[str, Any]]:
    """A case's chain in stored order."""
    rows = conn.execute(
        select(custody_log).where(custody_log.c.case_ref == case).order_by(custody_log.c.seq)
    )
    return [row_entry(r) for r in rows]


def last_entry(conn: Connection, case: str) -> dict[str, Any] | None:
    row = conn.execute(
        select(custody_log)
        .where(custody_log.c.case_ref == case)
        .order_by(custody_log.c.seq.desc())
        .limit(1)
    ).first()
    return row_entry(row) if row else None


def cases(conn: Connection) -> list[str]:
    """Every case with a custody chain."""
    return list(
        conn.execute(select(custody_log.c.case_ref).distinct().order_by("case_ref")).scalars()
    )


def count_entries(conn: Connection, case: str) -> int:
    return int(
        conn.execute(
            select(func.count()).select_from(custody_log).where(custody_log.c.case_ref == case)
        ).scalar()
        or 0
    )


def insert_entry(conn: Connection, entry: Mapping[str, Any]) -> None:
    conn.execute(
        custody_log.insert().values(
            **{COLUMNS.get(f, f): entry[f] for f in FIELDS},
        )
    )


def append(
    conn: Connection, identity: NodeIdentity, *, case: str, action: str, actor: str, **kw: Any
) -> dict[str, Any]:
    """Sign and insert the next entry of ``case`` inside the caller's transaction.

    Two writers racing on one case both compute the same seq: the primary key lets only
    one through, and the other's transaction fails rather than fork the chain.
    """
    entry = make_entry(
        identity, prev=last_entry(conn, case), case=case, action=action, actor=actor, **kw
    )
    insert_entry(conn, entry)
    return entry


def log(
    store: Store,
    settings: Settings,
    identity: NodeIdentity,
    *,
    case: str,
    action: str,
    actor: str,
    **kw: Any,
) -> dict[str, Any]:
    """Append one entry in a transaction of its own (retried when a writer races it)."""
    for attempt in range(5):
        try:
            with store.transaction() as conn:
                entry = append(conn, identity, case=case, action=action, actor=actor, **kw)
            break
        except StoreError:
            if attempt == 4:
                raise
    Heads(settings, identity).record([entry])
    return entry


class Heads:
    """The signed file of chain heads: ``{"heads": {case: {seq, hash}}, "signature"}``."""

    def __init__(self, settings: Settings, identity: NodeIdentity) -> None:
        self.path = settings.home / "evidence" / "heads.json"
        self.identity = identity

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_suffix(".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text())
        except FileNotFoundError:
            return {"heads": {}}
        except (OSError, ValueError):
            return {"heads": {}, "unreadable": True}
        return data if isinstance(data, dict) else {"heads": {}, "unreadable": True}

    def record(self, entries: list[Mapping[str, Any]]) -> None:
        """Move the heads of the entries' cases forward (never backward)."""
        with self._locked():
            heads = dict(self._read().get("heads") or {})
            for e in entries:
                old = heads.get(e["case"])
                if old is None or int(old.get("seq", 0)) < int(e["seq"]):
                    heads[e["case"]] = {"seq": e["seq"], "hash": e["hash"]}
            body = {"heads": heads, "key_id": self.identity.key_id}
            out = {**body, "signature": self.identity.sign(canonical_json(body))}
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".heads-")
            with os.fdopen(fd, "w") as fh:
                json.dump(out, fh, indent=1, sort_keys=True)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)

    def load(self) -> tuple[dict[str, Any], list[Problem]]:
        """The heads, and a problem when the file is unreadable or its signature fails."""
        data = self._read()
        where = str(Path("evidence") / "heads.json")
        if data.get("unreadable"):
            return {}, [Problem(where, "file is unreadable")]
        if "signature" not in data:
            return dict(data.get("heads") or {}), []
        body = {k: v for k, v in data.items() if k != "signature"}
        try:
            verify(
                self.identity.public_key,
                canonical_json(body),
                str(data["signature"]),
                what="heads.json",
            )
        except Exception as exc:  # IntegrityError: say it, do not trust the heads
            return {}, [Problem(where, str(exc))]
        return dict(data.get("heads") or {}), []
