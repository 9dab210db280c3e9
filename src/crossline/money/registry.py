"""The suspect registry: is this phone number, UPI handle, account or wallet known?

Banks, carriers and partners ask with a value; the answer is a risk level, the
reasons, counts of reports and campaigns, first/last seen, and the mule score when
the value is an account on money trails. It is built from an allow-list of
aggregate fields: no report, no victim, no complaint text can reach it.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select, true

from crossline.domain import indicator_id
from crossline.errors import CrosslineError, ValidationError
from crossline.indicators.kinds import ATTRIBUTE_KINDS, LINKABLE_KINDS
from crossline.indicators.lookup import lookup_candidates
from crossline.indicators.normalize import normalize
from crossline.indicators.payments import ifsc
from crossline.indicators.typed import typed_account, typed_raw_phone
from crossline.money.accounts import account_key
from crossline.store.queries_citizen import counts_as_evidence
from crossline.store.read import indicators as read_indicators
from crossline.store.repository import Store, as_utc
from crossline.store.schema import indicators, reports, sightings
from crossline.store.schema_auth import import_jobs, organisations
from crossline.store.schema_money import freeze_requests, mule_scores
from crossline.store.visibility import EVERYTHING, OrgView

KINDS = ("any", "phone", "upi", "account", "iban", "wallet", "crypto", "email", "url", "domain")
#: Indicator kinds a registry answer may be about: the subject asked for, never a branch
#: (IFSC) or a bank (SWIFT), which say where an account is, not whose.
SUBJECT_KINDS = frozenset(LINKABLE_KINDS - ATTRIBUTE_KINDS)
RISK_LEVELS = ("high", "medium", "low", "unknown")
#: Every key an answer may have. A test pins it: nothing else can leak out.
ANSWER_FIELDS = frozenset(
    {
        "query", "kind", "matched", "matched_kind", "risk", "reasons", "flags",
        "report_count", "campaign_count", "first_seen", "last_seen", "mule_score",
        "freeze_requests",
    }
)  # fmt: skip


def candidates(kind: str, value: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(indicator (kind, value) pairs, money-trail account keys) that ``value`` may be."""
    pairs, accounts = _candidates(kind, value)
    return list(pairs), list(accounts)


@functools.lru_cache(maxsize=65_536)
def _candidates(kind: str, value: str) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    # Pure, and banks ask about the same values again and again: parsing a phone number
    # is most of a cached answer's time. Bounded: memory stays flat whatever is asked.
    pairs, accounts = _read(kind, value)
    return tuple(pairs), tuple(accounts)


def _read(kind: str, value: str) -> tuple[list[tuple[str, str]], list[str]]:
    value = value.strip()
    if not value:
        raise ValidationError("empty value: give a phone number, UPI handle, account or wallet")
    if kind not in KINDS:
        raise ValidationError(f"unknown kind {kind!r}: expected one of {', '.join(KINDS)}")
    if ifsc(value) is not None:
        raise ValidationError(
            f"{value!r} is a branch code (IFSC), not a subject: the registry answers about "
            "an account (give its number, with or without the IFSC), a phone number, a UPI "
            "handle or a wallet",
            field="value",
        )
    pairs: list[tuple[str, str]] = []
    accounts: list[str] = []

    def try_pair(k: str, region: str | None = None) -> None:
        try:
            found = normalize(k, value, region)
        except CrosslineError:
            return
        if (k, found.value) not in pairs:
            pairs.append((k, found.value))

    if kind == "any":
        # Never a branch or a bank: an IFSC written with an account is not the subject.
        pairs.extend((k, v) for k, v in lookup_candidates(value) if k and k in SUBJECT_KINDS)
    elif kind == "phone":
        for region in (None, "IN", "US"):
            try_pair("phone", region)
        pairs.extend(("phone_raw", d) for d in typed_raw_phone(value))
    elif kind == "account":
        account = typed_account(value)
        if account is not None:
            pairs.append(("bank_account", account.key))
    elif kind == "crypto":
        from crossline.indicators.crypto import crypto_address

        address = crypto_address(value)
        if address is not None:
            pairs.append((address.kind, address.value))
    elif kind != "wallet":
        try_pair(kind)
    for k, v in pairs:
        if k in ("upi", "bank_account", "iban") or k in _crypto_kinds():
            accounts.append(f"{k}:{v}")
    if kind in ("any", "account", "wallet"):
        try:
            key = account_key(value, kind="wallet" if kind == "wallet" else None)
            if key not in accounts and not key.startswith("ext:"):
                accounts.append(key)
        except CrosslineError:
            pass
    if not pairs and not accounts:
        raise ValidationError(
            f"{value!r} is not a valid {kind if kind != 'any' else 'phone, handle or account'}",
            field="value",
        )
    return pairs, accounts


def accounts_by_number(conn: Any, kind: str, value: str) -> list[tuple[str, str]]:
    """Every stored account whose number is the one asked about (leading zeros, spaces
    and the IFSC aside): a bare number matches the account at every branch holding it."""
    if kind not in ("any", "account"):
        return []
    account = typed_account(value)
    if account is None:
        return []
    found = read_indicators.find_accounts(conn, account.significant)
    return [
        ("bank_account", a["value"])
        for a in found
        if not account.ifsc or a["value"].startswith(account.ifsc) or ":" not in a["value"]
    ]


def _crypto_kinds() -> tuple[str, ...]:
    from crossline.indicators.kinds import CRYPTO_KINDS

    return CRYPTO_KINDS


def check(
    store: Store, value: str, kind: str = "any", *, view: OrgView = EVERYTHING
) -> dict[str, Any]:
    """The registry's answer for ``value`` (see the module docstring).

    Counts come only from the reports the asker may learn of: a TLP:RED report counts
    only for the organisation that owns it (``view``), so a value seen only in other
    organisations' RED reports is unknown to the asker.
    """
    pairs, accounts = candidates(kind, value)
    # Unconfirmed reports from the public never count (a flood must not flag a number).
    counted = and_(_countable(view), counts_as_evidence())
    r, s = reports.c, sightings.c
    with store.read() as conn:
        for pair in accounts_by_number(conn, kind, value):
            if pair not in pairs:
                pairs.append(pair)
                accounts.append(f"{pair[0]}:{pair[1]}")
        ids = [indicator_id(k, v) for k, v in pairs if k in SUBJECT_KINDS]
        inds = (
            conn.execute(
                select(
                    indicators.c.kind,
                    indicators.c.value,
                    func.count(func.distinct(r.id)).label("report_count"),
                    indicators.c.common,
                    func.min(r.seen_at).label("first_seen"),
                    func.max(r.seen_at).label("last_seen"),
                )
                .join(sightings, s.indicator_id == indicators.c.id)
                .join(reports, r.id == s.report_id)
                .where(indicators.c.id.in_(ids), counted)
                .group_by(indicators.c.id, indicators.c.kind, indicators.c.value)
                .group_by(indicators.c.common)
                .order_by(indicators.c.id)  # the order the risk index answers in
            ).all()
            if ids
            else []
        )
        sizes = (
            conn.execute(
                select(r.component_id, func.count())
                .where(
                    r.component_id.in_(
                        select(r.component_id)
                        .join(sightings, s.report_id == r.id)
                        .where(s.indicator_id.in_(ids), counted)
                    ),
                    counted,
                )
                .group_by(r.component_id)
            ).all()
            if ids
            else []
        )
        campaigns = sum(1 for _, n in sizes if n >= 2)
        biggest = max((n for _, n in sizes), default=0)
        mules, holds = account_history(conn, accounts)
        victims = read_indicators.victim_contact_counts(
            conn, [indicator_id(row.kind, row.value) for row in inds]
        )
    answer = answer_of(value, kind, inds, campaigns, biggest or 0, mules, holds)
    answer["matched_kind"] = matched_kind(inds)
    answer["flags"] = flags_of(inds, victims)
    return answer


def account_history(conn: Connection, accounts: Sequence[str]) -> tuple[list[Any], int]:
    """The mule scores of ``accounts`` and how many freeze requests name them."""
    if not accounts:
        return [], 0
    mules = conn.execute(select(mule_scores).where(mule_scores.c.account.in_(accounts))).all()
    holds = conn.execute(
        select(func.count()).where(freeze_requests.c.account.in_(accounts))
    ).scalar_one()
    return list(mules), holds


def matched_kind(inds: list[Any]) -> str | None:
    """The kind the answer is about (``phone+upi`` when the value was read as several)."""
    kinds = sorted({"phone" if r.kind == "phone_raw" else r.kind for r in inds})
    return kinds[0] if len(kinds) == 1 else ("+".join(kinds) or None)


def flags_of(inds: list[Any], victims: dict[str, int]) -> list[str]:
    """What the asker must check before acting on the answer."""
    flags: list[str] = []
    branches = sorted({r.value.rpartition(":")[0] for r in inds if r.kind == "bank_account"})
    if len(branches) > 1:
        shown = ", ".join(b or "(no branch given)" for b in branches)
        flags.append(f"ambiguous: the account number is held at {len(branches)} branches ({shown})")
    for r in inds:
        if r.kind == "phone_raw":
            flags.append(f"{r.value}: not a valid number (likely spoofed), matched as reported")
        n = victims.get(indicator_id(r.kind, r.value), 0)
        if n:
            flags.append(
                f"{r.value} is also given as a complainant's own contact in {n} report"
                f"{'s' if n > 1 else ''}: check whose it is before acting"
            )
    return flags


def _countable(view: OrgView) -> Any:
    """Reports the asker may learn of: any but TLP:RED, and RED ones its organisation owns."""
    jobs, orgs = import_jobs.c, organisations.c
    if view.everything and view.org_id is None:  # the operator on the command line
        return true()
    if view.home:
        others = select(jobs.import_id).join(organisations, orgs.id == jobs.org_id)
        owned = or_(
            reports.c.import_id.is_(None),
            reports.c.import_id.not_in(
                others.where(orgs.is_home.is_(False), jobs.import_id.is_not(None))
            ),
        )
    else:
        owned = reports.c.import_id.in_(
            select(jobs.import_id).where(jobs.org_id == view.org_id, jobs.import_id.is_not(None))
        )
    return or_(reports.c.marking != "TLP:RED", reports.c.marking.is_(None), owned)


def answer_of(
    value: str,
    kind: str,
    inds: list[Any],
    campaigns: int,
    biggest: int,
    mules: list[Any],
    holds: int,
) -> dict[str, Any]:
    """The answer from its parts: counted values, campaigns, mule scores, holds."""
    reports = sum(r.report_count for r in inds)
    common = [r for r in inds if r.common]
    mule = max(mules, key=lambda m: m.score, default=None)
    reasons: list[str] = []
    risk = "unknown"
    if reports:
        reasons.append(f"seen in {reports} report{'s' if reports > 1 else ''}")
    if campaigns:
        reasons.append(
            f"ties {campaigns} campaign{'s' if campaigns > 1 else ''} (largest: {biggest} reports)"
        )
    if mule is not None:
        reasons.append(f"mule score {mule.score:.2f}: " + "; ".join(mule.reasons))
    if holds:
        reasons.append(f"freeze requested on {holds} complaint trail{'s' if holds > 1 else ''}")
    if common and len(common) == len(inds):
        risk = "low"
        reasons.append("a common value (e.g. a helpline): shared by unrelated reports, not a link")
    elif (mule is not None and mule.score >= 0.75) or reports >= 3 or biggest >= 5:
        risk = "high"
    elif (mule is not None and mule.score >= 0.5) or reports or holds:
        risk = "medium"
    elif mule is not None:
        risk = "low"
    firsts = [as_utc(r.first_seen) for r in inds if r.first_seen] + [
        as_utc(m.first_seen) for m in mules if m.first_seen
    ]
    lasts = [as_utc(r.last_seen) for r in inds if r.last_seen] + [
        as_utc(m.last_seen) for m in mules if m.last_seen
    ]
    answer = {
        "query": value,
        "kind": kind,
        "matched": [{"kind": r.kind, "value": r.value} for r in inds],
        "risk": risk,
        "reasons": reasons,
        "report_count": reports,
        "campaign_count": campaigns,
        "first_seen": min(firsts).isoformat() if firsts else None,
        "last_seen": max(lasts).isoformat() if lasts else None,
        "mule_score": round(mule.score, 3) if mule is not None else None,
        "freeze_requests": holds,
    }
    return answer


#: Clients whose buckets a :class:`TokenBucket` keeps at most.
MAX_BUCKET_CLIENTS = 10_000


@dataclass
class TokenBucket:
    """Per-client rate limit: ``rate`` requests a second, bursts up to ``burst``.

    In memory: a restart only refills the buckets. At most ``max_clients`` buckets are
    kept: past that, full ones go first (a full bucket is what an unknown client gets),
    then the least recently used.
    """

    rate: float = 20.0
    burst: float = 40.0
    clock: Callable[[], float] = time.monotonic
    max_clients: int = MAX_BUCKET_CLIENTS
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __len__(self) -> int:
        return len(self._buckets)

    def take(self, client: str) -> float:
        """0 if the request may go ahead, else the seconds to wait."""
        now = self.clock()
        with self._lock:
            # Taken out and put back: the dict's order is the order of last use.
            tokens, last = self._buckets.pop(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            wait = 0.0 if tokens >= 1.0 else (1.0 - tokens) / self.rate
            self._buckets[client] = (tokens - 1.0 if not wait else tokens, now)
            if len(self._buckets) > self.max_clients:
                self._shrink(now)
            return wait

    def _shrink(self, now: float) -> None:
        # Down to nine tenths of the bound, not to the bound: the scan over every bucket
        # then runs once per tenth of max_clients new clients, not on each new one.
        keep = self.max_clients - self.max_clients // 10
        rate, burst = self.rate, self.burst
        full = [c for c, (t, last) in self._buckets.items() if t + (now - last) * rate >= burst]
        for c in full:
            del self._buckets[c]
        while len(self._buckets) > keep:
            del self._buckets[next(iter(self._buckets))]
