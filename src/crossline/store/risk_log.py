"""The registry's change log: which indicators and campaign components a write touched.

Each recording bumps the one-row ``risk_stamp`` in the writer's own transaction (an
upsert: the row lock orders concurrent writers, so versions become visible in commit
order) and notes the keys at that version. A server process keeps the version its
in-memory risk index answers for; :func:`changes_since` tells it what to drop.

Kinds: ``indicator`` (its sightings, counts or common verdict changed), ``component``
(reports joined, left or were re-counted in it), ``account`` (a money-trail account's
mule score or freeze requests changed), ``all`` (a rewrite too broad to list,
such as a relink from scratch: every cached answer is dropped).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Connection, func, inspect, select, text

from crossline.store.schema_risk import risk_changes, risk_stamp

#: How many versions of changes are kept; a process further behind drops everything.
KEEP_VERSIONS = 5000
PRUNE_EVERY = 500

_BUMP = text(
    "INSERT INTO risk_stamp (id, version) VALUES (1, 1) "
    "ON CONFLICT (id) DO UPDATE SET version = risk_stamp.version + 1 RETURNING version"
)


@dataclass
class Changes:
    """What changed after a version: ``everything`` or the listed keys."""

    version: int
    everything: bool = False
    indicators: set[str] = field(default_factory=set)
    components: set[str] = field(default_factory=set)
    accounts: set[str] = field(default_factory=set)


def has_log(conn: Connection) -> bool:
    """Whether the database is at a revision that holds the change log."""
    return bool(inspect(conn).has_table(risk_stamp.name))


def record(
    conn: Connection,
    *,
    indicators: Iterable[str | None] = (),
    components: Iterable[str | None] = (),
    accounts: Iterable[str | None] = (),
    everything: bool = False,
) -> int | None:
    """Note what this transaction changes; the new version, or None if nothing to note."""
    rows = [{"kind": "indicator", "key": k} for k in sorted({k for k in indicators if k})]
    rows += [{"kind": "component", "key": k} for k in sorted({k for k in components if k})]
    rows += [{"kind": "account", "key": k} for k in sorted({account_key(a) for a in accounts if a})]
    if everything:
        rows.append({"kind": "all", "key": None})
    if not rows:
        return None
    version = int(conn.execute(_BUMP).scalar_one())
    conn.execute(risk_changes.insert(), [{**r, "version": version} for r in rows])
    if version % PRUNE_EVERY == 0:
        conn.execute(risk_changes.delete().where(risk_changes.c.version <= version - KEEP_VERSIONS))
    return version


def account_key(account: str) -> str:
    """How the log names a money-trail account (its keys are ids, shorter than accounts)."""
    return hashlib.sha256(account.encode()).hexdigest()[:32]


def stamp(conn: Connection) -> int:
    """The current version (0 before the first change)."""
    found = conn.execute(select(risk_stamp.c.version).where(risk_stamp.c.id == 1)).scalar()
    return int(found or 0)


def changes_since(conn: Connection, version: int) -> Changes:
    """Everything noted after ``version``; ``everything`` when the log no longer reaches
    back that far (pruned) or a broad rewrite happened."""
    now = stamp(conn)
    out = Changes(version=now)
    if now == version:
        return out
    if now < version:  # the database was replaced (a restore): start again
        out.everything = True
        return out
    c = risk_changes.c
    oldest = conn.execute(select(func.min(c.version))).scalar()
    if oldest is None or oldest > version + 1:
        out.everything = True
        return out
    q = select(c.kind, c.key).where(c.version > version, c.version <= now)
    for kind, key in conn.execute(q):
        if kind == "all":
            out.everything = True
            return out
        {"indicator": out.indicators, "account": out.accounts}.get(kind, out.components).add(key)
    return out
