"""The suspect registry's in-memory risk index: the same answers as
:func:`crossline.money.registry.check`, without its grouped queries on every call.

Per server process it keeps, for the values asked about, what an answer is made of:
per indicator its counted reports (count, first and last seen, the campaign components
they sit in, whether any is TLP:RED) and per component its counted reports. Entries
are filled on first use and bounded (least recently used go first), so memory stays
flat however many distinct values banks ask about.

Every process answers the same: before answering it reads the database's version
stamp (one primary-key read) and, when another process or an import moved it, drops
only the entries the change log names (``store.risk_log``). A value or component
touched by a TLP:RED report is answered by the store query itself, because who may
count those reports depends on the asker. The money-trail side of an answer (mule
scores, freeze requests per account) is kept the same way.

A server process reads the stamp at most every ``stamp_every`` seconds
(:data:`SERVING_STAMP_EVERY`): a fully kept answer then costs no database statement at
all, and an import's effect reaches every process within that time (the process that
committed it at once: the store counts such commits). Built without it,
the index reads the stamp on every answer.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, func, select

from crossline.domain import indicator_id
from crossline.money import registry
from crossline.store.queries_citizen import counts_as_evidence
from crossline.store.read import indicators as read_indicators
from crossline.store.repository import Store, as_utc, chunks
from crossline.store.risk_log import account_key, changes_since, has_log, stamp
from crossline.store.schema import indicators, reports, sightings
from crossline.store.schema_money import freeze_requests, mule_scores
from crossline.store.visibility import EVERYTHING, OrgView

RED = "TLP:RED"
#: Bounds: values (and components) whose parts are kept, per process.
MAX_INDICATORS = 200_000
MAX_COMPONENTS = 100_000
MAX_ACCOUNTS = 100_000
#: Seconds between stamp reads in a server process: how soon an import is seen.
SERVING_STAMP_EVERY = 0.05


@dataclass(frozen=True)
class Counted:
    """One value's counted reports (evidence, any marking but RED) and what they touch."""

    kind: str
    value: str
    common: bool
    report_count: int
    first_seen: datetime | None
    last_seen: datetime | None
    components: frozenset[str]
    red: bool  # some counted report is TLP:RED: who may count it depends on the asker
    victim_reports: int


@dataclass(frozen=True)
class Component:
    """A campaign component's counted reports (RED aside) and whether it holds RED ones."""

    report_count: int
    red: bool


@dataclass(frozen=True)
class Account:
    """A money-trail account's mule score (None: not scored) and freeze requests."""

    mule: Any
    holds: int


class MustRead(Exception):
    """An answer asked from memory alone needs the database."""


class _Connection:
    """The store connection of one answer, opened only if something must be read (and
    never when ``read`` is false: then :class:`MustRead`)."""

    def __init__(self, store: Store, read: bool, stack: ExitStack) -> None:
        self.store = store
        self.read = read
        self._stack = stack
        self._conn: Connection | None = None

    def __call__(self) -> Connection:
        if self._conn is None:
            if not self.read:
                raise MustRead
            self._conn = self._stack.enter_context(self.store.read())
        return self._conn

    @classmethod
    @contextmanager
    def lazy(cls, store: Store, read: bool = True) -> Iterator[_Connection]:
        with ExitStack() as stack:  # closes the connection if one was opened
            yield cls(store, read, stack)


class RiskIndex:
    """Registry answers from memory, kept in step with the database (thread-safe)."""

    def __init__(
        self,
        store: Store,
        *,
        max_indicators: int = MAX_INDICATORS,
        max_components: int = MAX_COMPONENTS,
        max_accounts: int = MAX_ACCOUNTS,
        stamp_every: float = 0.0,
    ) -> None:
        self.store = store
        self.max_indicators = max_indicators
        self.max_components = max_components
        self.max_accounts = max_accounts
        self.stamp_every = stamp_every
        self.clock = time.monotonic
        self._stamp_read_at: float | None = None
        self._commits_seen = -1  # the store's risk_commits when the stamp was last read
        self.version = -1  # nothing known yet
        self._lock = threading.Lock()
        self._values: OrderedDict[str, Counted | None] = OrderedDict()
        self._components: OrderedDict[str, Component] = OrderedDict()
        self._accounts: OrderedDict[str, Account] = OrderedDict()
        self._enabled: bool | None = None
        self.stats = {"hits": 0, "misses": 0, "fallbacks": 0, "reloads": 0}

    def __len__(self) -> int:
        return len(self._values) + len(self._components) + len(self._accounts)

    # -- answering ---------------------------------------------------------------------

    def check(self, value: str, kind: str = "any", *, view: OrgView = EVERYTHING) -> dict[str, Any]:
        """The registry's answer for ``value`` as ``view`` may learn it."""
        answer = self._answer(value, kind, view, read=True)
        assert answer is not None
        return answer

    def kept(
        self, value: str, kind: str = "any", *, view: OrgView = EVERYTHING
    ) -> dict[str, Any] | None:
        """The same answer from memory alone (no statement, nothing waited for), or None
        when answering needs the database: an event loop may call this."""
        try:
            return self._answer(value, kind, view, read=False)
        except MustRead:
            return None

    def _answer(self, value: str, kind: str, view: OrgView, *, read: bool) -> dict[str, Any] | None:
        pairs, accounts = registry.candidates(kind, value)
        with _Connection.lazy(self.store, read) as conn:
            if self._enabled is None:
                self._enabled = has_log(conn())
            if not self._enabled:
                return registry.check(self.store, value, kind, view=view) if read else None
            version = self._sync(conn)
            if kind in ("any", "account"):
                for pair in registry.accounts_by_number(conn(), kind, value):
                    if pair not in pairs:
                        pairs.append(pair)
                        accounts.append(f"{pair[0]}:{pair[1]}")
            ids = sorted({indicator_id(k, v) for k, v in pairs if k in registry.SUBJECT_KINDS})
            found = self._counted(conn, ids, version)
            counted = [c for c in found if c is not None and (c.report_count or c.red)]
            comps = sorted({cid for c in counted for cid in c.components})
            sizes = self._sizes(conn, comps, version)
            if any(c.red for c in counted) or any(s.red for s in sizes.values()):
                if not read:
                    return None
                self.stats["fallbacks"] += 1
                return registry.check(self.store, value, kind, view=view)
            history = self._history(conn, accounts, version)
        inds = [c for c in counted if c.report_count]
        campaigns = sum(1 for s in sizes.values() if s.report_count >= 2)
        biggest = max((s.report_count for s in sizes.values()), default=0)
        mules = [a.mule for a in history if a.mule is not None]
        holds = sum(a.holds for a in history)
        answer = registry.answer_of(value, kind, inds, campaigns, biggest, mules, holds)
        answer["matched_kind"] = registry.matched_kind(inds)
        victims = {indicator_id(c.kind, c.value): c.victim_reports for c in inds}
        answer["flags"] = registry.flags_of(inds, victims)
        return answer

    # -- keeping in step ---------------------------------------------------------------

    def _sync(self, conn: _Connection) -> int:
        """Drop what changed since this process last looked; the version now answered."""
        now = self.clock()
        read_at = self._stamp_read_at
        commits = self.store.risk_commits  # before the stamp: a later commit reads again
        if (
            read_at is not None
            and self.version >= 0
            and now - read_at < self.stamp_every
            and commits == self._commits_seen
        ):
            return self.version
        current = stamp(conn())
        self._stamp_read_at = now
        self._commits_seen = commits
        if current == self.version:
            return current
        changes = changes_since(conn(), max(self.version, 0))
        with self._lock:
            if self.version < 0 or changes.everything:
                self._values.clear()
                self._components.clear()
                self._accounts.clear()
            else:
                for iid in changes.indicators:
                    self._values.pop(iid, None)
                for key in changes.accounts:
                    self._accounts.pop(key, None)
                if changes.components:
                    for cid in changes.components:
                        self._components.pop(cid, None)
                    # A value whose reports moved between components: its set is stale.
                    stale = [
                        iid
                        for iid, c in self._values.items()
                        if c is not None and not c.components.isdisjoint(changes.components)
                    ]
                    for iid in stale:
                        self._values.pop(iid, None)
            self.version = max(self.version, changes.version)
            self.stats["reloads"] += 1
        return changes.version

    def _counted(self, conn: _Connection, ids: list[str], version: int) -> list[Counted | None]:
        known, missed = self._lookup(
            conn, self._values, ids, load_counted, self.max_indicators, version
        )
        self.stats["misses" if missed else "hits"] += 1
        return [known[i] for i in ids]

    def _sizes(self, conn: _Connection, comps: list[str], version: int) -> dict[str, Component]:
        known, _ = self._lookup(
            conn, self._components, comps, load_components, self.max_components, version
        )
        return known

    def _history(self, conn: _Connection, accounts: list[str], version: int) -> list[Account]:
        """Mule score and freeze requests of each of ``accounts`` (kept by log key)."""
        keys = {account_key(a): a for a in accounts}
        known, _ = self._lookup(
            conn,
            self._accounts,
            list(keys),
            lambda c, missing: load_accounts(c, {k: keys[k] for k in missing}),
            self.max_accounts,
            version,
        )
        return [known[k] for k in keys]

    def _lookup(
        self,
        conn: _Connection,
        cache: OrderedDict[str, Any],
        keys: list[str],
        load: Callable[[Connection, list[str]], dict[str, Any]],
        cap: int,
        version: int,
    ) -> tuple[dict[str, Any], bool]:
        """The entries of ``keys``: kept ones (now most recently used), the rest loaded
        and kept; and whether any had to be loaded."""
        with self._lock:
            known = {k: cache[k] for k in keys if k in cache}
            for k in known:
                cache.move_to_end(k)
        missing = [k for k in keys if k not in known]
        if missing:
            fresh = load(conn(), missing)
            known.update(fresh)
            self._keep(cache, fresh, cap, version)
        return known, bool(missing)

    def _keep(self, cache: OrderedDict[str, Any], fresh: dict[str, Any], cap: int, v: int) -> None:
        with self._lock:
            # Read before a newer change was applied here: keeping it could keep it stale.
            if v != self.version:
                return
            cache.update(fresh)
            while len(cache) > cap:
                cache.popitem(last=False)


def load_counted(conn: Connection, ids: list[str]) -> dict[str, Counted | None]:
    """What the index keeps for each indicator id (None: not stored)."""
    out: dict[str, Counted | None] = dict.fromkeys(ids)
    i, s, r = indicators.c, sightings.c, reports.c
    evidence = counts_as_evidence()
    victims = read_indicators.victim_contact_counts(conn, ids)
    for part in chunks(ids):
        base = {
            row.id: row
            for row in conn.execute(select(i.id, i.kind, i.value, i.common).where(i.id.in_(part)))
        }
        agg: dict[str, dict[str, Any]] = {
            iid: {"n": 0, "first": None, "last": None, "red": False, "comps": set()} for iid in base
        }
        q = (
            select(
                s.indicator_id,
                r.marking,
                func.count(func.distinct(r.id)),
                func.min(r.seen_at),
                func.max(r.seen_at),
            )
            .join(reports, r.id == s.report_id)
            .where(s.indicator_id.in_(part), evidence)
            .group_by(s.indicator_id, r.marking)
        )
        for iid, marking, n, first, last in conn.execute(q):
            a = agg[iid]
            if marking == RED:
                a["red"] = a["red"] or n > 0
                continue
            # A report has one marking: the counts of the markings add up.
            a["n"] += n
            first, last = as_utc(first), as_utc(last)
            if first is not None and (a["first"] is None or first < a["first"]):
                a["first"] = first
            if last is not None and (a["last"] is None or last > a["last"]):
                a["last"] = last
        q = (
            select(s.indicator_id, r.component_id)
            .join(reports, r.id == s.report_id)
            .where(
                s.indicator_id.in_(part),
                r.component_id.is_not(None),
                and_(evidence, r.marking != RED),
            )
            .distinct()
        )
        for iid, cid in conn.execute(q):
            agg[iid]["comps"].add(cid)
        for iid, row in base.items():
            a = agg[iid]
            out[iid] = Counted(
                kind=row.kind,
                value=row.value,
                common=bool(row.common),
                report_count=a["n"],
                first_seen=a["first"],
                last_seen=a["last"],
                components=frozenset(a["comps"]),
                red=a["red"],
                victim_reports=victims.get(iid, 0),
            )
    return out


def load_components(conn: Connection, comps: list[str]) -> dict[str, Component]:
    """Counted reports per component (RED ones only flagged)."""
    r = reports.c
    counts: dict[str, list[int]] = {c: [0, 0] for c in comps}
    for part in chunks(comps):
        q = (
            select(r.component_id, r.marking, func.count())
            .where(r.component_id.in_(part), counts_as_evidence())
            .group_by(r.component_id, r.marking)
        )
        for cid, marking, n in conn.execute(q):
            counts[cid][1 if marking == RED else 0] += n
    return {c: Component(report_count=n, red=red > 0) for c, (n, red) in counts.items()}


def load_accounts(conn: Connection, accounts: dict[str, str]) -> dict[str, Account]:
    """What the index keeps for each account, by its log key (``accounts``: key -> account)."""
    by_account = {a: k for k, a in accounts.items()}
    mules: dict[str, Any] = {}
    holds: dict[str, int] = {}
    for part in chunks(sorted(by_account)):
        for row in conn.execute(select(mule_scores).where(mule_scores.c.account.in_(part))):
            mules[row.account] = row
        q = (
            select(freeze_requests.c.account, func.count())
            .where(freeze_requests.c.account.in_(part))
            .group_by(freeze_requests.c.account)
        )
        holds.update({a: int(n) for a, n in conn.execute(q)})
    return {k: Account(mules.get(a), holds.get(a, 0)) for k, a in accounts.items()}
