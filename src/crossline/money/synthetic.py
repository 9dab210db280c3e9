"""A seeded generator of layered mule networks, with the ground truth.

Victims pay layer-1 mules of a ring; each mule keeps a commission (1-3 %) and,
after a delay of minutes, splits the rest over 1-3 accounts of the next layer (so
layers merge); layer-4 mules cash out (ATM, crypto purchase, international wire,
card spend). Some mules sit on a receipt (the money a freeze can still catch).
Decoys make the precision test honest: ordinary person-to-person payments, payroll
(fan-out), shops (fan-in), payment aggregators (fan-in, pass-through within hours,
fan-out to a settlement account), friends sending mules small sums, and dormant
accounts that were used months before.

The truth: every ring account is a mule; each receipt is forwarded as such (its
parts are that victim's money), so the generator knows exactly which accounts still
hold part of each victim's money at the end: the commission each mule kept of it,
or the whole receipt a mule sat on.
"""

from __future__ import annotations

import heapq
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from crossline.money.model import Transfer

BANKS = ("SBIN", "HDFC", "ICIC", "UTIB", "PUNB", "BARB", "KKBK", "YESB", "CNRB", "UBIN")
PSPS = ("okaxis", "oksbi", "okhdfcbank", "ybl", "paytm", "ibl")
START = datetime(2024, 1, 1, tzinfo=UTC)
SOURCE = "bank-feed"


@dataclass
class Network:
    """Generated transfers, complaints (first hops) and the truth."""

    transfers: list[Transfer]
    complaints: list[Transfer]
    mules: set[str]
    legit: set[str]
    cashouts: set[str]
    holders: dict[str, set[str]] = field(default_factory=dict)  # report id -> accounts
    final_held: dict[str, float] = field(default_factory=dict)


class _Names:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.n = 0

    def account(self) -> str:
        self.n += 1
        r = self.rng
        if r.random() < 0.35:
            return f"upi:user{self.n:07d}@{r.choice(PSPS)}"
        bank = r.choice(BANKS)
        return f"bank_account:{bank}0{r.randrange(10**6):06d}:{r.randrange(10**10, 10**14)}"


def generate(
    seed: int = 7,
    *,
    victims: int = 200,
    ring_size: int = 25,
    legit_factor: int = 4,
    complaint_rate: float = 0.8,
    bank_record_rate: float = 0.9,
    days: int = 30,
) -> Network:
    """A network with ``victims`` victims spread over rings of ~``ring_size`` victims."""
    rng = random.Random(seed)
    names = _Names(rng)
    transfers: list[Transfer] = []
    txn = [0]

    def add(at: datetime, src: str, dst: str, amount: float, channel: str, **kw: object) -> None:
        txn[0] += 1
        transfers.append(
            Transfer(
                txn_id=f"T{seed}-{txn[0]:08d}",
                at=at,
                from_account=src,
                to_account=dst,
                amount=Decimal(f"{amount:.2f}"),
                channel=channel,
                source=SOURCE,
                reference=kw.get("reference") or f"UTR{seed}{txn[0]:010d}",  # type: ignore[arg-type]
                fraud_label=kw.get("label"),  # type: ignore[arg-type]
            )
        )

    rings = max(1, victims // ring_size)
    layers: list[list[list[str]]] = []
    mules: set[str] = set()
    cashouts: set[str] = set()
    ring_cashouts: list[list[tuple[str, str]]] = []
    for r in range(rings):
        sizes = (rng.randint(5, 9), rng.randint(3, 6), rng.randint(2, 4), rng.randint(1, 3))
        ring = [[names.account() for _ in range(n)] for n in sizes]
        layers.append(ring)
        mules.update(a for layer in ring for a in layer)
        outs = [(f"cash:ATM-{r:03d}-{i}", "atm") for i in range(2)] + [
            (f"ext:exchange-wallet-{r:03d}", "crypto"),
            (f"iban:{_iban(rng)}", "wire_intl"),
            (f"merchant:giftcards-{r:03d}", "card"),
        ]
        ring_cashouts.append(outs)
        cashouts.update(a for a, _ in outs)

    # Dormant-then-busy mules: a little activity months before the ring uses them.
    for acc in sorted(mules):
        if rng.random() < 0.4:
            other = names.account()
            add(
                START - timedelta(days=rng.randint(60, 200)),
                other,
                acc,
                rng.uniform(200, 2000),
                "upi",
            )

    # Victims' payments and the rings' forwarding, replayed through an event queue.
    # at, seq, account, amount, ring, layer, victim: each receipt is one victim's money
    events: list[tuple[datetime, int, str, float, int, int, int]] = []
    seq = 0
    complaints: list[Transfer] = []
    complaint_of: dict[int, str] = {}
    for v in range(victims):
        r = rng.randrange(rings)
        payee = rng.choice(layers[r][0])
        at = START + timedelta(seconds=rng.randrange(days * 86400))
        amount = round(min(900_000.0, rng.lognormvariate(10.3, 0.9)), 2)
        victim_account = names.account()
        utr = f"UTRV{seed}{v:08d}"
        if rng.random() < bank_record_rate:  # the bank's own record of the payment, same UTR
            add(at, victim_account, payee, amount, "upi", reference=utr, label=1)
        if rng.random() < complaint_rate:
            rid = f"cmp-{seed}-{v:06d}"
            complaints.append(
                Transfer(
                    txn_id=f"{rid}:1",
                    at=at,
                    from_account=f"complaint:{rid}",
                    to_account=payee,
                    amount=Decimal(f"{amount:.2f}"),
                    channel="upi",
                    source="complaint",
                    reference=utr,
                    report_id=rid,
                )
            )
            complaint_of[v] = rid
        seq += 1
        heapq.heappush(events, (at, seq, payee, amount, r, 0, v))

    balance: dict[str, float] = defaultdict(float)
    received: dict[str, float] = defaultdict(float)
    spends: list[tuple[datetime, str, float]] = []
    residue: dict[tuple[int, str], float] = defaultdict(float)  # (victim, account) -> left
    while events:
        at, _s, acc, amount, r, layer, v = heapq.heappop(events)
        balance[acc] += amount
        received[acc] += amount
        if rng.random() < 0.12:  # sits on it: money a freeze can still catch
            residue[v, acc] += amount
            continue
        keep = amount * rng.uniform(0.01, 0.03)
        rest = amount - keep
        if rng.random() < 0.1:  # a mule spends some of its cut in a shop
            spend = round(keep * rng.uniform(0.2, 0.6), 2)
            balance[acc] -= spend
            keep -= spend
            spends.append((at + timedelta(hours=rng.randint(1, 48)), acc, spend))
        residue[v, acc] += keep
        parts = _split(rng, rest, rng.randint(1, 3))
        for part in parts:
            when = at + timedelta(minutes=rng.randint(2, 90))
            balance[acc] -= part
            if layer == 3:
                dst, channel = rng.choice(ring_cashouts[r])
                add(when, acc, dst, part, channel, label=1)
            else:
                dst = rng.choice(layers[r][layer + 1])
                add(when, acc, dst, part, rng.choice(("upi", "imps", "neft")), label=1)
                seq += 1
                heapq.heappush(events, (when, seq, dst, part, r, layer + 1, v))

    legit, shops = _decoys(rng, names, add, mules, legit_factor * len(mules), days)
    for when, acc, spend in spends:
        add(when, acc, rng.choice(shops), spend, "upi")
    transfers.sort(key=lambda t: (t.at, t.txn_id))
    net = Network(transfers, complaints, mules, legit, cashouts)
    net.final_held = {a: balance[a] for a in mules}
    for rid in complaint_of.values():
        net.holders[rid] = set()
    for (v, acc), left in residue.items():
        if v in complaint_of and left >= 1.0:
            net.holders[complaint_of[v]].add(acc)
    return net


def _decoys(  # type: ignore[no-untyped-def]
    rng: random.Random, names: _Names, add, mules: set[str], n: int, days: int
) -> tuple[set[str], list[str]]:
    people = [names.account() for _ in range(n)]
    legit = set(people)
    span = days * 86400

    def when() -> datetime:
        return START + timedelta(seconds=rng.randrange(span))

    for p in people:  # person to person
        for _ in range(2):
            add(when(), p, rng.choice(people), rng.uniform(100, 20000), rng.choice(("upi", "imps")))
    for _ in range(max(1, n // 60)):  # payroll: one employer pays many (fan-out)
        employer = names.account()
        legit.add(employer)
        day = START + timedelta(days=rng.randrange(days))
        for p in rng.sample(people, min(len(people), rng.randint(10, 25))):
            add(
                day + timedelta(minutes=rng.randint(0, 30)),
                employer,
                p,
                rng.uniform(15000, 90000),
                "neft",
            )
    shops = []
    for _ in range(max(1, n // 40)):  # shops: many customers pay one account (fan-in)
        shop = names.account()
        legit.add(shop)
        shops.append(shop)
        for p in rng.sample(people, min(len(people), rng.randint(10, 30))):
            add(when(), p, shop, rng.uniform(50, 5000), "upi")
    for _ in range(max(1, n // 80)):  # aggregators: fan-in, settle within hours (pass-through)
        agg, settle = names.account(), names.account()
        legit.update((agg, settle))
        day = START + timedelta(days=rng.randrange(days))
        total = 0.0
        for p in rng.sample(people, min(len(people), rng.randint(8, 20))):
            amount = rng.uniform(100, 8000)
            total += amount
            add(day + timedelta(minutes=rng.randint(0, 300)), p, agg, amount, "upi")
        for i in range(3):
            add(day + timedelta(hours=6, minutes=i), agg, settle, total * 0.33, "neft")
            add(
                day + timedelta(hours=6, minutes=10 + i),
                agg,
                rng.choice(people),
                total * 0.001,
                "upi",
            )
    for m in sorted(mules):  # friends and family pay some mules small sums
        if rng.random() < 0.15:
            add(when(), rng.choice(people), m, rng.uniform(100, 3000), "upi")
    return legit, shops


def _split(rng: random.Random, amount: float, parts: int) -> list[float]:
    cuts = sorted(rng.uniform(0.2, 0.8) for _ in range(parts - 1))
    bounds = [0.0, *cuts, 1.0]
    return [round(amount * (b - a), 2) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def _iban(rng: random.Random) -> str:
    """A GB IBAN with correct check digits."""
    bban = f"WEST{rng.randrange(10**13, 10**14)}"
    numeric = "".join(str(int(c, 36)) for c in bban + "GB00")
    check = 98 - int(numeric) % 97
    return f"GB{check:02d}{bban}"
