from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from crossline.calls import numbering
from crossline.calls.features import FeatureParams, compute_features
from crossline.calls.schema import ARROW_SCHEMA
from crossline.calls.store import CallsStore

T0 = int(datetime(2024, 3, 4, 14, tzinfo=UTC).timestamp() * 1_000_000)


def _rows(n: int, **cols: object) -> dict[str, np.ndarray]:
    out = {k: np.asarray(v if np.ndim(v) else [v] * n) for k, v in cols.items()}
    return out


def _table(blocks: list[dict[str, np.ndarray]]) -> pa.Table:
    cols = {k: np.concatenate([b[k] for b in blocks]) for k in blocks[0]}
    n = len(cols["caller"])
    caller = cols["caller"].astype(np.int64)
    callee = cols["callee"].astype(np.int64)
    data = {
        "call_id": [f"t{i}" for i in range(n)],
        "start_utc": pa.array(cols["start"].astype(np.int64), pa.timestamp("us", tz="UTC")),
        "caller": pa.array(caller),
        "caller_raw": pa.nulls(n, pa.string()),
        "callee": pa.array(callee),
        "duration_s": pa.array(cols["duration"].astype(np.int32)),
        "answered": pa.array(cols["duration"] > 0),
        "ring_s": pa.array(np.full(n, 20, np.int16)),
        "orig_carrier": pa.array(cols["carrier"].astype(str)),
        "orig_trunk": pa.array(cols["trunk"].astype(str)),
        "next_carrier": pa.nulls(n, pa.string()),
        "ingress_country": pa.array(cols["country"].astype(str)),
        "attestation": pa.array(cols["att"].astype(str)),
        "signer": pa.array(cols["carrier"].astype(str)),
        "origid": pa.nulls(n, pa.string()),
        "sip_headers": pa.nulls(n, pa.string()),
        "caller_cc": pa.array(numbering.country_codes(caller)),
        "caller_valid": pa.array(numbering.valid_numbers(caller)),
        "callee_cc": pa.array(numbering.country_codes(callee)),
        "ingress_cc": pa.array(np.where(cols["country"] == "US", 1, 91).astype(np.int16)),
        "source": pa.array(["test"] * n),
        "import_id": pa.array(["test"] * n),
    }
    return pa.table(data, schema=ARROW_SCHEMA)


@pytest.fixture()
def featured(tmp_path: Path) -> CallsStore:
    minute = 60_000_000
    robo = 12125550000
    blocks = [
        # a robodialer: 150 sequential calls to one exchange within 90 minutes, mostly unanswered
        _rows(
            150,
            start=T0 + np.arange(150) * 36_000_000,
            caller=robo,
            callee=13125550000 + np.arange(150),
            duration=np.where(np.arange(150) % 10 == 0, 5, 0),
            carrier="Voipco",
            trunk="v1",
            country="US",
            att="B",
        ),
        # neighbour-spoofed calls entering from India on a gateway, C-attested
        _rows(
            40,
            start=T0 + np.arange(40) * minute,
            caller=14155550000 + np.arange(40),
            callee=14155559000 + np.arange(40),
            duration=0,
            carrier="Gate",
            trunk="g1",
            country="IN",
            att="C",
        ),
        # the SSA number presented on an unsigned call
        _rows(
            5,
            start=T0 + np.arange(5) * minute,
            caller=18007721213,
            callee=16175550100 + np.arange(5),
            duration=0,
            carrier="Gate",
            trunk="g1",
            country="IN",
            att="none",
        ),
        # ordinary subscriber calls, A-attested
        _rows(
            60,
            start=T0 + np.arange(60) * minute,
            caller=16175550000 + np.arange(60) % 6,
            callee=17185550000 + np.arange(60) % 9,
            duration=120,
            carrier="Bell",
            trunk="b1",
            country="US",
            att="A",
        ),
    ]
    store = CallsStore(tmp_path / "calls")
    store.cdr_dir.mkdir(parents=True)
    pq.write_table(_table(blocks), store.cdr_dir / "t.parquet")
    con = store.connect()
    try:
        compute_features(con, params=FeatureParams(detail_min_calls=100))
    finally:
        con.close()
    return store


def _one(store: CallsStore, sql: str) -> tuple:
    con = store.connect(read_only=True)
    try:
        return con.execute(sql).fetchall()[0]
    finally:
        con.close()


def test_carrier_features(featured: CallsStore) -> None:
    calls, neighbour, fd, protected, c_unsigned = _one(
        featured,
        "SELECT calls, neighbour, foreign_domestic, protected, att_c + att_none "
        "FROM carrier_features WHERE orig_carrier = 'Gate'",
    )
    assert (calls, neighbour, fd, protected, c_unsigned) == (45, 40, 45, 5, 45)
    calls, answered, a_ratio = _one(
        featured,
        "SELECT calls, answered, a_ratio FROM carrier_features WHERE orig_carrier = 'Bell'",
    )
    assert (calls, answered, a_ratio) == (60, 60, 1.0)


def test_trunk_hours_add_up(featured: CallsStore) -> None:
    total, hours = _one(featured, "SELECT sum(calls), count(DISTINCT hour) FROM trunk_hour")
    assert total == 255
    assert hours == 2  # all traffic within 14:00-15:30 UTC


def test_signer_attestation(featured: CallsStore) -> None:
    row = _one(
        featured,
        "SELECT calls, att_c, att_none, neighbour, protected FROM "
        "signer_attestation WHERE signer = 'Gate'",
    )
    assert row == (45, 40, 5, 40, 5)


def test_caller_detail_of_the_robodialer(featured: CallsStore) -> None:
    calls, answered = _one(
        featured, "SELECT calls, answered FROM caller_features WHERE caller = 12125550000"
    )
    assert (calls, answered) == (150, 15)
    callees, seq, peak, ratio = _one(
        featured,
        "SELECT callees, sequential_ratio, peak_hour_calls, distinct_callee_ratio "
        "FROM caller_detail WHERE caller = 12125550000",
    )
    assert abs(callees - 150) <= 5  # HyperLogLog estimate, about 2% error
    assert seq == 1.0 and ratio >= 0.97
    assert peak == 100  # one call every 36 s: 100 in the first hour


def test_quiet_callers_get_no_detail(featured: CallsStore) -> None:
    n = _one(featured, "SELECT count(*) FROM caller_detail WHERE caller <> 12125550000")[0]
    assert n == 0
    assert _one(featured, "SELECT count(*) FROM caller_features WHERE caller = 16175550000")[0] == 1
