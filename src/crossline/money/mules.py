"""Mule accounts: a score with the reasons that make it (pure functions).

Signals, and why each weighs what it does:

* victims   — money straight from several unrelated complainants' payments (the
  strongest sign: an ordinary account is rarely the payee of one complaint, never of
  several). A payee of earlier complaints is "already on layer 1 of earlier trails".
* trail     — the account sits deeper on complaints' trails and most of what it
  received is victims' money (so a shop paid by a mule once is not flagged).
* pass-through — money in and out within hours (≥ 80 % of inflow leaves within 6 h).
* fan-in / fan-out — many distinct senders / receivers within a day.
* new / dormant-then-busy — first used for a burst, or silent for a month then busy.

Patterns alone (the last three) are what payment aggregators, payroll and shops
also show, so without a victim or trail link their sum is capped below the mule
threshold: they make an account "low" risk, never a mule.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from crossline.money.accounts import CASHOUT_KINDS, kind_of
from crossline.money.model import Transfer
from crossline.money.trail import Trail

MULE_THRESHOLD = 0.5
PATTERN_CAP = 0.4
PASS_WINDOW = timedelta(hours=6)
BURST_WINDOW = timedelta(hours=24)
FAN_IN_MIN = 5
FAN_OUT_MIN = 4
DORMANT = timedelta(days=30)


@dataclass
class MuleScore:
    account: str
    score: float
    level: str  # high, medium, low
    reasons: list[str] = field(default_factory=list)
    victims: int = 0
    first_seen: datetime | None = None
    last_seen: datetime | None = None

    @property
    def is_mule(self) -> bool:
        return self.score >= MULE_THRESHOLD

    def to_dict(self) -> dict[str, Any]:
        return {
            "account": self.account,
            "score": round(self.score, 3),
            "level": self.level,
            "reasons": self.reasons,
            "victims": self.victims,
            "first_seen": self.first_seen.isoformat() if self.first_seen else None,
            "last_seen": self.last_seen.isoformat() if self.last_seen else None,
        }


def level_of(score: float) -> str:
    if score >= 0.75:
        return "high"
    if score >= MULE_THRESHOLD:
        return "medium"
    return "low"


def score_accounts(
    transfers: Iterable[Transfer], trails: Iterable[Trail], *, candidates: set[str] | None = None
) -> list[MuleScore]:
    """Scores of every account that receives money (or of ``candidates``), best first.

    ``transfers`` are the accounts' ledgers (complaints' first hops included);
    ``trails`` the traces of the complaints.
    """
    ledger: dict[str, list[Transfer]] = defaultdict(list)
    victims: dict[str, set[str]] = defaultdict(set)
    for t in transfers:
        if t.report_id:
            victims[t.to_account].add(t.report_id)
        ledger[t.to_account].append(t)
        if t.from_account != t.to_account:
            ledger[t.from_account].append(t)
    taint_in: dict[str, float] = defaultdict(float)
    trail_hits: dict[str, int] = defaultdict(int)
    for trail in trails:
        for node in trail.nodes.values():
            if node.layer >= 2 and not node.cashout:
                taint_in[node.account] += node.received
                trail_hits[node.account] += 1
    accounts = candidates if candidates is not None else set(ledger)
    out = []
    for account in accounts:
        kind = kind_of(account)
        if kind in CASHOUT_KINDS or kind == "complaint":
            continue
        events = sorted(ledger.get(account, ()), key=lambda t: t.at)
        if not events:
            continue
        out.append(_score(account, events, len(victims.get(account, ())), taint_in, trail_hits))
    return sorted(out, key=lambda s: (-s.score, s.account))


def _score(
    account: str,
    events: list[Transfer],
    n_victims: int,
    taint_in: dict[str, float],
    trail_hits: dict[str, int],
) -> MuleScore:
    inflow = [t for t in events if t.to_account == account]
    outflow = [t for t in events if t.from_account == account]
    total_in = sum(float(t.amount) for t in inflow)
    reasons: list[str] = []
    linked = 0.0
    if n_victims >= 2:
        linked += 0.6
        reasons.append(
            f"received the payments of {n_victims} complainants (layer 1 of their trails)"
        )
    elif n_victims == 1:
        linked += 0.35
        reasons.append("received a complainant's payment (layer 1 of a trail)")
    hits = trail_hits.get(account, 0)
    share = taint_in.get(account, 0.0) / total_in if total_in else 0.0
    if hits and share >= 0.25:
        linked += 0.45 if hits >= 2 else 0.3
        reasons.append(
            f"on the money trail of {hits} complaint{'s' if hits > 1 else ''}; "
            f"{min(share, 1.0):.0%} of its inflow is victims' money"
        )
    pattern = 0.0
    passed = _passed_through(inflow, outflow, total_in)
    if passed >= 0.8:
        pattern += 0.2
        reasons.append(f"pass-through: {passed:.0%} of its inflow left within 6 hours")
    senders = _max_distinct(inflow, lambda t: t.from_account)
    if senders >= FAN_IN_MIN:
        pattern += 0.1
        reasons.append(f"fan-in: {senders} senders within 24 hours")
    receivers = _max_distinct(outflow, lambda t: t.to_account)
    if receivers >= FAN_OUT_MIN:
        pattern += 0.1
        reasons.append(f"fan-out: {receivers} receivers within 24 hours")
    burst = _burst(events)
    if burst:
        pattern += 0.1
        reasons.append(burst)
    if not linked:
        pattern = min(pattern, PATTERN_CAP)
    score = min(1.0, linked + pattern)
    return MuleScore(
        account=account,
        score=score,
        level=level_of(score),
        reasons=reasons,
        victims=n_victims,
        first_seen=events[0].at,
        last_seen=events[-1].at,
    )


def _passed_through(inflow: list[Transfer], outflow: list[Transfer], total_in: float) -> float:
    """Share of the inflow that left within PASS_WINDOW of arriving."""
    if not inflow or not outflow or total_in <= 0:
        return 0.0
    times = [t.at for t in inflow]
    quick = 0.0
    j = 0
    for out in outflow:
        while j < len(times) and times[j] <= out.at:
            j += 1
        if j and out.at - times[j - 1] <= PASS_WINDOW:
            quick += float(out.amount)
    return min(1.0, quick / total_in)


def _max_distinct(events: list[Transfer], who: Any) -> int:
    best = 0
    start = 0
    for end in range(len(events)):
        while events[end].at - events[start].at > BURST_WINDOW:
            start += 1
        if end - start + 1 > best:
            best = max(best, len({who(t) for t in events[start : end + 1]}))
    return best


def _burst(events: list[Transfer]) -> str | None:
    """'new' (first use is a burst) or 'dormant then busy' (a month silent, then a burst)."""
    for i in range(len(events)):
        j = i
        while j + 1 < len(events) and events[j + 1].at - events[i].at <= timedelta(days=3):
            j += 1
        if j - i + 1 >= 5:
            if i == 0:
                return "new account: its first use is a burst of transfers"
            if events[i].at - events[i - 1].at >= DORMANT:
                gap = (events[i].at - events[i - 1].at).days
                return f"dormant for {gap} days, then a burst of transfers"
            return None
    return None
