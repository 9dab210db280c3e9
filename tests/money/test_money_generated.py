"""The seeded mule-network generator, and trails/mule scores measured against its truth."""

from __future__ import annotations

import pytest

from crossline.money.evaluate import evaluate_network
from crossline.money.synthetic import generate


def test_generator_is_deterministic_and_layered() -> None:
    a, b = generate(5, victims=60), generate(5, victims=60)
    assert [t.txn_id for t in a.transfers] == [t.txn_id for t in b.transfers]
    assert a.mules == b.mules and a.holders == b.holders
    assert generate(6, victims=60).mules != a.mules
    channels = {t.channel for t in a.transfers if t.to_account in a.cashouts}
    assert {"atm", "crypto", "wire_intl", "card"} & channels
    assert a.mules.isdisjoint(a.legit)
    assert all(a.holders[c.report_id] <= a.mules for c in a.complaints if c.report_id)


@pytest.mark.parametrize("seed", [7, 11], ids=["seed7", "seed11"])
def test_trail_recall_and_mule_precision_on_generated_networks(seed: int) -> None:
    result = evaluate_network(generate(seed, victims=120))
    assert result["holders_truth"] > 200  # the check has something to find
    assert result["trail_recall"] >= 0.99, result
    assert result["mule_precision"] >= 0.9, result
    assert result["mule_recall"] >= 0.7, result
