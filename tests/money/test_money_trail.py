"""Tracing (pure): layers, splits, merges, cycles, fees, cash-outs, clean money, seeds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from crossline.money.model import Transfer
from crossline.money.trail import TraceParams, trace

T0 = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
V = "bank_account:SBIN0001234:30123456789"


def tx(
    n: int, minutes: int, src: str, dst: str, amount: float, channel: str = "upi", **kw
) -> Transfer:  # type: ignore[no-untyped-def]
    return Transfer(
        txn_id=f"t{n}",
        at=T0 + timedelta(minutes=minutes),
        from_account=src,
        to_account=dst,
        amount=Decimal(str(amount)),
        channel=channel,
        source="bank",
        **kw,
    )


def seed(
    amount: float = 100_000, to: str = V, minutes: int = 0, ref: str | None = "UTR1"
) -> Transfer:
    return Transfer(
        txn_id="c1:1",
        at=T0 + timedelta(minutes=minutes),
        from_account="complaint:c1",
        to_account=to,
        amount=Decimal(str(amount)),
        source="complaint",
        reference=ref,
        report_id="c1",
    )


def test_layers_split_and_cashout() -> None:
    trail = trace(
        [seed()],
        [
            tx(1, 5, V, "upi:a@ybl", 60_000),
            tx(2, 6, V, "upi:b@ybl", 39_000),
            tx(3, 20, "upi:a@ybl", "cash:ATM-1", 60_000, "atm"),
            tx(4, 30, "upi:b@ybl", "upi:c@ybl", 30_000),
        ],
    )
    nodes = trail.nodes
    assert {a: n.layer for a, n in nodes.items()} == {
        V: 1, "upi:a@ybl": 2, "upi:b@ybl": 2, "cash:ATM-1": 3, "upi:c@ybl": 3,
    }  # fmt: skip
    assert nodes["cash:ATM-1"].cashout and nodes["cash:ATM-1"].received == pytest.approx(60_000)
    holders = {n.account: round(n.hold_amount(trail.params), 2) for n in trail.holders()}
    # V kept 1,000, b kept 9,000, c holds 30,000; a emptied itself at the ATM
    assert holders == {V: 1000.0, "upi:b@ybl": 9000.0, "upi:c@ybl": 30000.0}
    totals = trail.totals()
    assert totals["seeded"] == 100_000 and totals["cashed_out"] == 60_000
    assert totals["held"] == pytest.approx(40_000)


def test_money_before_the_payment_is_not_followed() -> None:
    trail = trace([seed(minutes=60)], [tx(1, 10, V, "upi:early@ybl", 5_000)])
    assert "upi:early@ybl" not in trail.nodes


def test_proportional_attribution_with_clean_money() -> None:
    # 50,000 of someone else's money arrives first; then the victim's 50,000; then half leaves.
    trail = trace(
        [seed(50_000, minutes=10)],
        [tx(1, 0, "upi:friend@ybl", V, 50_000), tx(2, 20, V, "upi:next@ybl", 50_000)],
    )
    assert trail.nodes["upi:next@ybl"].received == pytest.approx(25_000)
    assert trail.nodes[V].held == pytest.approx(25_000)
    assert trail.nodes[V].balance == pytest.approx(50_000)


def test_opening_balance_from_balance_after() -> None:
    # The account had 300,000 (known from a statement's balance); a 100,000 outflow then
    # carries a quarter of the victim's 100,000.
    trail = trace(
        [seed(100_000, minutes=10)],
        [
            tx(1, -600, V, "upi:rent@ybl", 10_000, balance_after=Decimal("300000")),
            tx(2, 20, V, "upi:next@ybl", 100_000),
        ],
    )
    assert trail.nodes["upi:next@ybl"].received == pytest.approx(25_000)


def test_merge_and_cycle_are_safe() -> None:
    a, b, c = "upi:a@ybl", "upi:b@ybl", "upi:c@ybl"
    trail = trace(
        [seed()],
        [
            tx(1, 1, V, a, 50_000),
            tx(2, 2, V, b, 49_000),
            tx(3, 3, a, c, 50_000),
            tx(4, 4, b, c, 49_000),  # merge at c
            tx(5, 5, c, V, 90_000),  # back to the start (cycle)
            tx(6, 6, V, a, 90_000),
        ],
    )
    assert trail.nodes[c].received == pytest.approx(99_000)
    assert trail.nodes[c].parents == {a, b}
    # conservation: what is held plus cashed out never exceeds what was seeded
    assert sum(n.held for n in trail.nodes.values()) == pytest.approx(100_000)
    assert trail.nodes[a].held == pytest.approx(90_000)
    tree = trail.to_dict()["tree"]
    assert tree[0]["account"] == "complaint:c1"


def test_fees_within_tolerance_count_as_passed_through() -> None:
    trail = trace([seed()], [tx(1, 5, V, "upi:a@ybl", 99_700)])  # 0.3 % left: a fee
    assert trail.nodes[V].status(trail.params) == "passed_through"
    loose = TraceParams(hold_tolerance=0.001)
    assert trace([seed()], [tx(1, 5, V, "upi:a@ybl", 99_700)], loose).nodes[V].may_hold(loose)


def test_money_never_seen_arriving_makes_the_balance_unknown() -> None:
    trail = trace([seed(10_000)], [tx(1, 5, V, "upi:a@ybl", 80_000)])
    node = trail.nodes[V]
    assert node.status(trail.params) == "balance_unknown"
    assert node.hold_amount(trail.params) == pytest.approx(10_000)  # ask up to what was paid


def test_the_banks_record_of_the_payment_is_not_counted_twice() -> None:
    bank_copy = tx(9, 0, "bank_account:HDFC0000001:111111111", V, 100_000, reference="UTR1")
    trail = trace([seed()], [bank_copy, tx(1, 5, V, "upi:a@ybl", 100_000)])
    assert trail.nodes["upi:a@ybl"].received == pytest.approx(100_000)
    assert trail.nodes[V].held == pytest.approx(0)


def test_depth_limit_truncates() -> None:
    chain = [tx(i, i, f"upi:m{i}@ybl" if i else V, f"upi:m{i + 1}@ybl", 100_000) for i in range(6)]
    trail = trace([seed()], chain, TraceParams(max_depth=3))
    assert trail.nodes["upi:m3@ybl"].truncated
    assert "upi:m4@ybl" not in trail.nodes
