"""Which calls detection keeps as suspects, wherever they sit in the records.

Detection reads only the calls that can matter (those on trunk-days with flagged
traffic, and those of robodialer-like callers); these cases pin that nothing a full
read would class is lost, a call without a trunk included.
"""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb
import numpy as np
import pyarrow as pa
import pytest

from crossline.calls import numbering
from crossline.calls.campaigns import CampaignRules, detect_campaigns
from crossline.calls.features import compute_features
from crossline.calls.schema import ARROW_SCHEMA

T0 = int(datetime(2024, 3, 4, 14, tzinfo=UTC).timestamp() * 1_000_000)
MINUTE = 60_000_000
SPOOFED = 40  # neighbour-spoofed calls on one trunk-day
ROBO = 40  # calls of one rotating caller id on another trunk-day


def _calls(caller: np.ndarray, callee: np.ndarray, carrier: str, trunk: str | None) -> pa.Table:
    n = len(caller)
    caller, callee = caller.astype(np.int64), callee.astype(np.int64)
    answered = np.zeros(n, bool)
    data = {
        "call_id": [f"{carrier}-{trunk}-{i}" for i in range(n)],
        "start_utc": pa.array(T0 + np.arange(n) * MINUTE, pa.timestamp("us", tz="UTC")),
        "caller": pa.array(caller),
        "caller_raw": pa.nulls(n, pa.string()),
        "callee": pa.array(callee),
        "duration_s": pa.array(np.zeros(n, np.int32)),
        "answered": pa.array(answered),
        "ring_s": pa.array(np.full(n, 20, np.int16)),
        "orig_carrier": pa.array([carrier] * n),
        "orig_trunk": pa.array([trunk] * n, pa.string()),
        "next_carrier": pa.nulls(n, pa.string()),
        "ingress_country": pa.array(["US"] * n),
        "attestation": pa.array(["B"] * n),
        "signer": pa.array([carrier] * n),
        "origid": pa.nulls(n, pa.string()),
        "sip_headers": pa.nulls(n, pa.string()),
        "caller_cc": pa.array(numbering.country_codes(caller)),
        "caller_valid": pa.array(numbering.valid_numbers(caller)),
        "callee_cc": pa.array(numbering.country_codes(callee)),
        "ingress_cc": pa.array(np.ones(n, np.int16)),
        "source": pa.array(["test"] * n),
        "import_id": pa.array(["test"] * n),
    }
    return pa.table(data, schema=ARROW_SCHEMA)


def _records(trunk: str | None) -> pa.Table:
    background = np.arange(1000)
    spoof = np.arange(SPOOFED)
    return pa.concat_tables(
        [
            # ordinary traffic: one call per caller, outside the callee's exchange
            _calls(14155550000 + background, 16175550000 + background, "Big", "bg"),
            # a trunk-day where most calls present the callee's own exchange
            _calls(12125559000 + spoof, 12125550000 + spoof, "Spoofer", trunk),
            _calls(14155560000 + np.arange(10), 16175560000 + np.arange(10), "Spoofer", trunk),
            # one caller id dialling distinct numbers, never answered
            _calls(np.full(ROBO, 13105550123), 16175570000 + 37 * np.arange(ROBO), "Dialer", trunk),
        ]
    )


@pytest.mark.parametrize("trunk", ["t1", None], ids=["named-trunk", "no-trunk"])
def test_every_classed_call_is_a_suspect(trunk: str | None) -> None:
    con = duckdb.connect()
    try:
        con.register("cdr", _records(trunk))
        compute_features(con, "cdr")
        detect_campaigns(con, "cdr", CampaignRules(min_campaign_calls=SPOOFED))
        by_class = dict(
            con.execute("SELECT class, count(*) FROM suspects GROUP BY class").fetchall()
        )
        kept = dict(
            con.execute("SELECT class, count(*) FROM campaign_calls GROUP BY class").fetchall()
        )
    finally:
        con.close()
    assert by_class == {"neighbour": SPOOFED, "rotating": ROBO}
    assert kept == {"neighbour": SPOOFED, "rotating": ROBO}
