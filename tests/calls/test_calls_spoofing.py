from __future__ import annotations

import duckdb
import pyarrow as pa
import pytest

from crossline.calls import spoofing
from crossline.calls.features import flags_sql, register_protected

NEIGHBOUR_CASES = [
    (12125550100, 12125559999, True),
    (12125550100, 12125550100, False),  # calling yourself is not spoofing a neighbour
    (12125550100, 12125560100, False),  # same area code, other exchange
    (14155550100, 12125550100, False),
    (442079460000, 442079460001, False),  # not NANP
    (None, 12125550100, False),
]


@pytest.mark.parametrize(
    ("caller", "callee", "expected"),
    NEIGHBOUR_CASES,
    ids=["same-exchange", "self", "other-exchange", "other-npa", "non-nanp", "withheld"],
)
def test_is_neighbour(caller: int | None, callee: int, expected: bool) -> None:
    assert spoofing.is_neighbour(caller, callee) is expected


def test_protected_list_is_sourced_and_parses() -> None:
    numbers = spoofing.load_protected()
    assert len(numbers) >= 30
    assert {p.region for p in numbers} >= {"US", "IN"}
    for p in numbers:
        assert p.source_url.startswith("https://"), p
        assert p.category in {"government", "bank", "helpline", "company"}
    by_number = {p.number: p for p in numbers}
    assert "Social Security" in by_number[18007721213].owner
    assert "Cyber Crime" in by_number[911930].owner


CALLS = [
    # caller, callee, caller_cc, callee_cc, caller_valid, ingress_cc, answered, ring_s, expected
    (12125550100, 12125559999, 1, 1, True, 1, False, 20, {"neighbour"}),
    (18007721213, 12125559999, 1, 1, True, 91, False, 20, {"protected", "foreign_domestic"}),
    (11005550100, 12125559999, 1, 1, False, 1, True, 5, {"invalid"}),
    (22245123456, 12125559999, 222, 1, True, 222, False, 2, {"one_ring"}),
    (22245123456, 12125559999, 222, 1, True, 222, False, 30, set()),  # rang long: not one-ring
    (442079460000, 12125559999, 44, 1, True, 44, True, 5, set()),  # legit international
    (None, 12125559999, 0, 1, None, 1, True, 5, set()),  # withheld
]


@pytest.mark.parametrize(
    "row",
    CALLS,
    ids=[
        "neighbour",
        "protected-abroad",
        "invalid",
        "one-ring",
        "long-ring",
        "international",
        "withheld",
    ],
)
def test_sql_and_python_signs_agree(row: tuple) -> None:
    caller, callee, caller_cc, callee_cc, valid, ingress_cc, answered, ring, expected = row
    call = {
        "caller": caller,
        "callee": callee,
        "caller_cc": caller_cc,
        "callee_cc": callee_cc,
        "caller_valid": valid,
        "ingress_cc": ingress_cc,
        "answered": answered,
        "ring_s": ring,
    }
    assert set(spoofing.signs(call)) == expected
    con = duckdb.connect()
    register_protected(con)
    table = pa.table(
        {
            "caller": pa.array([caller], pa.int64()),
            "callee": pa.array([callee], pa.int64()),
            "caller_cc": pa.array([caller_cc], pa.int16()),
            "callee_cc": pa.array([callee_cc], pa.int16()),
            "caller_valid": pa.array([valid], pa.bool_()),
            "ingress_cc": pa.array([ingress_cc], pa.int16()),
            "answered": pa.array([answered]),
            "ring_s": pa.array([ring], pa.int16()),
            "duration_s": pa.array([10 if answered else 0], pa.int32()),
            "start_utc": pa.array([0], pa.timestamp("us", tz="UTC")),
        }
    )
    con.register("one", table)
    names = ("neighbour", "protected", "invalid", "one_ring", "foreign_domestic")
    got = con.execute(f"SELECT {', '.join(names)} FROM ({flags_sql('one')})").fetchall()[0]
    assert {n for n, v in zip(names, got, strict=True) if v} == expected
