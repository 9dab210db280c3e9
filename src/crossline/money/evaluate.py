"""Measuring trails and mule scores against ground truth: generated networks, PaySim."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from crossline.money.model import Transfer
from crossline.money.mules import score_accounts
from crossline.money.synthetic import Network
from crossline.money.trail import Ledger, TraceParams, Trail, trace


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def evaluate_network(net: Network, params: TraceParams | None = None) -> dict[str, Any]:
    """Trail recall (accounts holding each victim's money found by its trace) and mule
    precision/recall (score >= threshold vs. the ring accounts)."""
    everything = [*net.transfers, *net.complaints]
    ledger = Ledger(everything)
    trails: list[Trail] = []
    truth_total = found_total = 0
    for c in net.complaints:
        trail = trace([c], ledger, params)
        trails.append(trail)
        truth = net.holders.get(c.report_id or "", set())
        found = {n.account for n in trail.holders()}
        truth_total += len(truth)
        found_total += len(truth & found)
    scores = score_accounts(everything, trails)
    flagged = {s.account for s in scores if s.is_mule}
    tp = len(flagged & net.mules)
    return {
        "complaints": len(net.complaints),
        "transfers": len(net.transfers),
        "mules": len(net.mules),
        "trail_recall": _ratio(found_total, truth_total),
        "holders_truth": truth_total,
        "mule_precision": _ratio(tp, len(flagged)),
        "mule_recall": _ratio(tp, len(net.mules)),
        "flagged": len(flagged),
    }


def evaluate_paysim(transfers: Sequence[Transfer]) -> dict[str, Any]:
    """PaySim's labels: a fraudulent TRANSFER's receiver is a mule, and its CASH_OUT the
    cash-out. Each fraudulent TRANSFER is traced as if its victim had complained."""
    frauds = [t for t in transfers if t.fraud_label == 1 and t.channel == "transfer"]
    mules = {t.to_account for t in frauds}
    seeds = [
        Transfer(
            txn_id=f"ps-complaint:{t.txn_id}",
            at=t.at,
            from_account=f"complaint:{t.txn_id}",
            to_account=t.to_account,
            amount=t.amount,
            currency=t.currency,
            channel=t.channel,
            source="complaint",
            report_id=f"ps-{t.txn_id}",
        )
        for t in frauds
    ]
    rest = [t for t in transfers if not (t.fraud_label == 1 and t.channel == "transfer")]
    ledger = Ledger(rest)
    trails = [trace([s], ledger) for s in seeds]
    reached_cashout = sum(1 for tr in trails if any(n.cashout for n in tr.nodes.values()))
    scores = score_accounts([*rest, *seeds], trails)
    flagged = {s.account for s in scores if s.is_mule}
    pattern_only = score_accounts(rest, [])
    suspicious = {s.account for s in pattern_only if s.score >= 0.3}
    return {
        "transfers": len(transfers),
        "fraud_transfers": len(frauds),
        "traces_reaching_a_cash_out": reached_cashout,
        "mule_precision_with_complaints": _ratio(len(flagged & mules), len(flagged)),
        "mule_recall_with_complaints": _ratio(len(flagged & mules), len(mules)),
        "pattern_only_precision": _ratio(len(suspicious & mules), len(suspicious)),
        "pattern_only_recall": _ratio(len(suspicious & mules), len(mules)),
    }
