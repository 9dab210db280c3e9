"""Following a victim's money forward through layers of accounts (pure functions).

Model: every account is a pool holding *tainted* money (traceable to the victims'
payments being traced) and *clean* money (everything else). Transfers are replayed
in time order; a transfer out of a pool carries tainted money in proportion to the
pool's tainted share at that moment (*proportional* or "haircut" attribution).

Why proportional, not FIFO: FIFO needs the order in which every unit of money
entered the account, including the opening balance and inflows the node never saw;
when those are missing FIFO silently assigns the victim's money to the wrong
outflow, and a holding account is missed. Proportional attribution never reports
less than a share of each outflow as tainted, so every account downstream of a
tainted pool is found (recall is what a freeze needs: a hold on an account that
holds nothing costs a bank a check, a missed account loses the money). What it
reports per account is an *estimate* of the victim money there, bounded by the
amounts actually moved (conservation: what leaves an account is never more than
what entered it plus its known balance).

* Splits and merges fall out of the pool model: a pool sends to many, receives from many.
* Cycles are safe: each transfer is replayed once, in time order.
* Money the node never saw arrive (an outflow larger than the pool) makes the
  balance unknown; the account is then asked to check it (status ``balance_unknown``).
* Fees: an account whose remaining taint is below ``hold_tolerance`` of what it
  received has passed the money on (the rest went to fees or rounding).
* Cash-out points (ATM, cash agents, crypto purchases, international wires, card
  spend, merchants) end a branch: the money has left the banking system.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from crossline.money.accounts import is_cashout, kind_of
from crossline.money.model import Transfer


@dataclass(frozen=True, slots=True)
class TraceParams:
    """Bounds and tolerances of a trace."""

    horizon: timedelta = timedelta(days=30)  # follow money this long after it arrived
    max_depth: int = 8  # layers of accounts after the first payee
    min_taint: float = 0.01  # currency units: smaller tainted shares are not followed
    min_taint_share: float = 0.00001  # ... nor shares below this fraction of the seed
    hold_tolerance: float = 0.005  # < this share of what arrived left: passed through (fees)
    lookback: timedelta = timedelta(days=2)  # inflows before arrival that make the opening pool


@dataclass
class TrailNode:
    """One account reached by the money."""

    account: str
    layer: int
    first_in: datetime
    received: float = 0.0
    sent: float = 0.0
    held: float = 0.0  # victim money estimated still here (proportional share)
    balance: float = 0.0  # all money estimated still here (tainted + clean)
    total_in: float = 0.0  # all money seen arriving (opening balance included)
    unseen_in: float = 0.0  # money that left without having been seen arriving
    cashout: bool = False
    cashout_channel: str | None = None
    truncated: bool = False  # deeper than max_depth: not followed further
    bank_hint: str | None = None
    parents: set[str] = field(default_factory=set)
    transactions: list[dict[str, Any]] = field(default_factory=list)

    def status(self, params: TraceParams) -> str:
        if self.cashout:
            return "cashed_out"
        if self.truncated:
            return "truncated"
        if self.may_hold(params):
            return "holding" if not self.unseen_in else "balance_unknown"
        return "passed_through"

    def may_hold(self, params: TraceParams) -> bool:
        """May still hold victim money (a hold request is worth sending)."""
        if self.cashout or self.truncated:
            return False
        if self.unseen_in > 0:
            # Money left that the node never saw arrive: the balance is unknown, so the
            # bank is asked to check it (the victim's money may be there).
            return True
        return self.balance >= max(params.min_taint, params.hold_tolerance * self.total_in)

    def hold_amount(self, params: TraceParams) -> float:
        """What a hold request asks for: the victim money that reached the account, capped
        by the balance when the balance is known."""
        if not self.may_hold(params):
            return 0.0
        if self.unseen_in > 0:
            return self.received
        return min(self.received, max(self.balance, self.held))

    def to_dict(self, params: TraceParams) -> dict[str, Any]:
        return {
            "account": self.account,
            "kind": kind_of(self.account),
            "layer": self.layer,
            "first_in": self.first_in.isoformat(),
            "received": round(self.received, 2),
            "sent": round(self.sent, 2),
            "held": round(self.held, 2) if not self.cashout else 0.0,
            "balance": None if self.unseen_in or self.cashout else round(self.balance, 2),
            "hold_amount": round(self.hold_amount(params), 2),
            "cashed_out": round(self.received, 2) if self.cashout else 0.0,
            "status": self.status(params),
            "cashout_channel": self.cashout_channel,
            "parents": sorted(self.parents),
            "transactions": self.transactions[:50],
        }


@dataclass(frozen=True, slots=True)
class TrailEdge:
    transfer: Transfer
    tainted: float


@dataclass
class Trail:
    """The result of a trace: accounts reached, tainted transfers, totals."""

    seeds: list[Transfer]
    nodes: dict[str, TrailNode]
    edges: list[TrailEdge]
    params: TraceParams

    @property
    def seeded(self) -> float:
        return sum(float(s.amount) for s in self.seeds)

    def holders(self) -> list[TrailNode]:
        """Accounts that may still hold victim money, most money first."""
        out = [n for n in self.nodes.values() if n.may_hold(self.params)]
        return sorted(out, key=lambda n: (-n.hold_amount(self.params), n.layer, n.account))

    def totals(self) -> dict[str, float]:
        held = sum(n.held for n in self.nodes.values() if not n.cashout)
        cashed = sum(n.received for n in self.nodes.values() if n.cashout)
        return {
            "seeded": round(self.seeded, 2),
            "held": round(held, 2),
            "holdable": round(sum(n.hold_amount(self.params) for n in self.holders()), 2),
            "cashed_out": round(cashed, 2),
            "fees_or_untraced": round(max(0.0, self.seeded - held - cashed), 2),
        }

    def to_dict(self) -> dict[str, Any]:
        """JSON for the CLI and the web app: nodes, edges and a nested tree."""
        nodes = sorted(self.nodes.values(), key=lambda n: (n.layer, n.first_in, n.account))
        return {
            "seeds": [s.to_dict() for s in self.seeds],
            "currency": self.seeds[0].currency if self.seeds else None,
            "totals": self.totals(),
            "nodes": [n.to_dict(self.params) for n in nodes],
            "edges": [
                {
                    "txn_id": e.transfer.txn_id,
                    "reference": e.transfer.reference,
                    "at": e.transfer.at.isoformat(),
                    "from": e.transfer.from_account,
                    "to": e.transfer.to_account,
                    "amount": float(e.transfer.amount),
                    "tainted": round(e.tainted, 2),
                    "channel": e.transfer.channel,
                }
                for e in self.edges
            ],
            "tree": self.tree(),
        }

    def tree(self) -> list[dict[str, Any]]:
        """Each account under the account its money first came from (merges shown once)."""
        first_parent: dict[str, str] = {}
        for e in self.edges:
            first_parent.setdefault(e.transfer.to_account, e.transfer.from_account)
        children: dict[str, list[str]] = defaultdict(list)
        for child, parent in first_parent.items():
            if parent != child:
                children[parent].append(child)

        def build(account: str, seen: frozenset[str]) -> dict[str, Any]:
            node = self.nodes.get(account)
            out: dict[str, Any] = {"account": account}
            if node is not None:
                out.update(
                    layer=node.layer,
                    held=round(node.held, 2) if not node.cashout else 0.0,
                    received=round(node.received, 2),
                    status=node.status(self.params),
                )
            out["children"] = [
                build(c, seen | {c})
                for c in sorted(children.get(account, ()))
                if c not in seen  # a cycle is shown once
            ]
            return out

        roots = sorted({s.from_account for s in self.seeds})
        return [build(r, frozenset({r})) for r in roots]


@dataclass
class _Pool:
    taint: float = 0.0
    clean: float = 0.0
    total_in: float = 0.0
    unseen: float = 0.0


class Ledger:
    """Transfers indexed by account and time, built once and traced many times."""

    def __init__(self, transfers: Iterable[Transfer]) -> None:
        self.by_account: dict[str, list[Transfer]] = defaultdict(list)
        seen_ids: set[tuple[str, str]] = set()
        seen_refs: set[tuple[str, str]] = set()
        # One payment known from a complaint and from a bank statement is one payment:
        # the bank's record is kept (it has the bank's time and reference).
        for t in sorted(transfers, key=lambda t: t.source == "complaint"):
            if t.key in seen_ids:
                continue
            if t.reference:
                ref = (t.to_account, t.reference)
                if ref in seen_refs:
                    continue
                seen_refs.add(ref)
            seen_ids.add(t.key)
            self.by_account[t.from_account].append(t)
            if t.to_account != t.from_account:
                self.by_account[t.to_account].append(t)
        for items in self.by_account.values():
            items.sort(key=lambda t: t.at)

    def get(self, account: str) -> list[Transfer]:
        return self.by_account.get(account, [])


def trace(
    seeds: list[Transfer],
    transfers: Iterable[Transfer] | Ledger,
    params: TraceParams | None = None,
) -> Trail:
    """Follow the money of ``seeds`` (a complaint's payments) through ``transfers``.

    ``transfers`` is any superset of the reachable ones (the store fetches them by a
    bounded search; tests pass whole generated networks, as a :class:`Ledger` when
    tracing many complaints over the same data).
    """
    params = params or TraceParams()
    ledger = transfers if isinstance(transfers, Ledger) else Ledger(transfers)
    seed_ids = {s.key for s in seeds}
    # The bank's own record of the victim's payment is the seed, not new money.
    seed_refs = {(s.to_account, s.reference) for s in seeds if s.reference}

    def skip(t: Transfer) -> bool:
        return t.key in seed_ids or (t.to_account, t.reference) in seed_refs

    nodes: dict[str, TrailNode] = {}
    pools: dict[str, _Pool] = {}
    edges: list[TrailEdge] = []
    heap: list[tuple[datetime, int, Transfer]] = []
    done: set[tuple[str, str]] = set()
    seq = 0
    threshold = max(params.min_taint, params.min_taint_share * sum(float(s.amount) for s in seeds))

    def load(account: str, t0: datetime, layer: int) -> None:
        nonlocal seq
        history = [t for t in ledger.get(account) if not skip(t)]
        opening = _opening(history, account, t0, params)
        pools[account] = _Pool(clean=opening, total_in=opening)
        until = t0 + params.horizon
        for t in history:
            if t0 <= t.at <= until and t.key not in done:
                seq += 1
                heapq.heappush(heap, (t.at, seq, t))

    def reach(t: Transfer, tainted: float, layer: int) -> None:
        node = nodes.get(t.to_account)
        if node is None:
            node = nodes[t.to_account] = TrailNode(
                t.to_account, layer, t.at, bank_hint=t.to_bank or None
            )
            if is_cashout(t.channel, t.to_account):
                node.cashout, node.cashout_channel = True, t.channel
                pools[t.to_account] = _Pool()
            elif layer > params.max_depth:
                node.truncated = True
                pools[t.to_account] = _Pool()
            else:
                load(t.to_account, t.at, layer)
        node.received += tainted
        node.parents.add(t.from_account)
        node.transactions.append(
            {
                "txn_id": t.txn_id,
                "reference": t.reference,
                "at": t.at.isoformat(),
                "amount": float(t.amount),
                "tainted": round(tainted, 2),
            }
        )
        edges.append(TrailEdge(t, tainted))

    for s in sorted(seeds, key=lambda s: s.at):
        reach(s, float(s.amount), 1)
        pools[s.to_account].taint += float(s.amount)
        pools[s.to_account].total_in += float(s.amount)
        done.add(s.key)

    while heap:
        _at, _seq, t = heapq.heappop(heap)
        if t.key in done:
            continue
        done.add(t.key)
        amount = float(t.amount)
        tainted = 0.0
        sender = pools.get(t.from_account)
        if sender is not None:
            pool = sender.taint + sender.clean
            if pool > 0:
                if amount > pool:
                    # More leaves than the node saw arrive: the balance is unknown. The
                    # missing money is taken to be at least this outflow (not just the
                    # shortfall, which would empty the pool and lose the trail whenever
                    # one deposit is missing from the data); the pool keeps its size.
                    tainted = sender.taint * amount / (pool + amount)
                    sender.taint -= tainted
                    sender.clean = pool - sender.taint
                    sender.unseen += amount
                else:
                    tainted = sender.taint * amount / pool
                    sender.taint -= tainted
                    sender.clean -= amount - tainted
            else:
                sender.unseen += amount
            if tainted:
                nodes[t.from_account].sent += tainted
        receiver = pools.get(t.to_account)
        if tainted >= threshold and t.from_account in nodes:
            if receiver is None or t.to_account not in nodes:
                layer = nodes[t.from_account].layer + 1
                reach(t, tainted, layer)
                receiver = pools[t.to_account]
            else:
                reach(t, tainted, nodes[t.to_account].layer)
        elif receiver is None:
            continue  # an account off the trail: nothing to follow
        # (a share below the threshold still counts in a pool already on the trail)
        receiver.taint += tainted
        receiver.clean += amount - tainted
        receiver.total_in += amount

    for account, node in nodes.items():
        pool = pools[account]
        if not node.cashout:
            node.held, node.balance = pool.taint, pool.taint + pool.clean
            # Rounding of split amounts is not money the node failed to see.
            node.unseen_in = pool.unseen if pool.unseen > params.min_taint else 0.0
            node.total_in = pool.total_in
    return Trail(seeds=list(seeds), nodes=nodes, edges=edges, params=params)


def _opening(history: Iterable[Transfer], account: str, t0: datetime, params: TraceParams) -> float:
    """Clean money in ``account`` just before ``t0``: the last known balance, else the
    net of recent inflows (never negative; unknown opening balances count as zero)."""
    balance: float | None = None
    net = 0.0
    since = t0 - params.lookback
    for t in history:
        if t.at >= t0:
            break
        if t.from_account == account and t.balance_after is not None:
            balance, net = float(t.balance_after), 0.0
            continue
        if balance is None and t.at < since:
            continue
        if t.to_account == account:
            net += float(t.amount)
        if t.from_account == account:
            net -= float(t.amount)
    return max(0.0, (balance or 0.0) + net)
