from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from crossline.calls.cdr import import_cdrs
from crossline.calls.schema import map_header, missing_required
from crossline.calls.store import CallsStore
from crossline.errors import IngestError, UnreadableFileError

HEADER = "CallID,Start,ANI,DNIS,billsec,disposition,carrier,trunk,ingress,attestation,sip_headers"
GOOD = "c1,2024-03-01T10:00:00Z,+14155550100,2125550100,12,ANSWERED,Acme,T1,US,A,"

BAD_ROWS = [
    ("c2,,+14155550100,2125550100,12,ANSWERED,Acme,T1,US,A,", "start_utc", "missing"),
    (
        "c2,2024-03-01 10:00:00,+14155550100,2125550100,12,yes,Acme,T1,US,A,",
        "start_utc",
        "no UTC offset",
    ),
    (
        "c2,2024-03-01T10:00:00Z,+14155550100,hello,12,yes,Acme,T1,US,A,",
        "callee",
        "hello is not a phone number",
    ),
    (
        "c2,2024-03-01T10:00:00Z,+14155550100,2125550100,-5,yes,Acme,T1,US,A,",
        "duration_s",
        "-5 is not a number of seconds",
    ),
    (
        "c2,2024-03-01T10:00:00Z,+14155550100,2125550100,7,NO ANSWER,Acme,T1,US,A,",
        "answered",
        "no, but duration_s is 7",
    ),
    ("c2,2024-03-01T10:00:00Z,+14155550100,2125550100,7,yes,,T1,US,A,", "orig_carrier", "missing"),
    (
        "c2,2024-03-01T10:00:00Z,+14155550100,2125550100,7,yes,Acme,T1,ZZ,A,",
        "ingress_country",
        "ZZ is not an ISO 3166",
    ),
    (
        "c2,2024-03-01T10:00:00Z,+14155550100,2125550100,7,yes,Acme,T1,US,X,",
        "attestation",
        "X is not A, B, C or none",
    ),
    (
        "c2,2024-03-01T10:00:00Z,+14155550100,2125550100,7,yes,Acme,T1,US,A,[1]",
        "sip_headers",
        "not a JSON object",
    ),
    ("c2,2024-03-01T10:00:00Z,+14155550100", "row", "expected 11 fields, found 3"),
    (GOOD, "call_id", "duplicate call_id 'c1' (first at row 1)"),
]


def _write(tmp_path: Path, lines: list[str], name: str = "cdr.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("line", "field", "reason"), BAD_ROWS, ids=[f"{b[1]}-{i}" for i, b in enumerate(BAD_ROWS)]
)
def test_bad_row_is_quarantined_with_field_and_reason(
    tmp_path: Path, line: str, field: str, reason: str
) -> None:
    store = CallsStore(tmp_path / "calls")
    result = import_cdrs(store, _write(tmp_path, [GOOD, line]))
    assert result.rows_in == 2
    assert result.stored == 1
    assert result.stored + result.quarantined + result.duplicates == result.rows_in
    rejects = pl.read_parquet(store.quarantine_dir / f"{result.import_id}.parquet")
    assert rejects["row"].to_list() == [2]
    assert rejects["field"][0] == field
    assert reason in rejects["reason"][0]


def test_good_rows_are_normalised(tmp_path: Path) -> None:
    store = CallsStore(tmp_path / "calls")
    lines = [
        GOOD,
        "c2,2024-03-01 15:30:00+05:30,anonymous,2125550101,0,NO ANSWER,Acme,T1,IN,,",
        'c3,1709287200,1000,(212) 555-0102,3,,Gateway,G1,GB,c,"{""User-Agent"": ""x""}"',
    ]
    result = import_cdrs(store, _write(tmp_path, lines), source="acme")
    assert (result.rows_in, result.stored, result.quarantined) == (3, 3, 0)
    rows = {r["call_id"]: r for r in pl.read_parquet(store.cdr_files()[0]).to_dicts()}
    assert rows["c1"]["caller"] == 14155550100 and rows["c1"]["caller_raw"] is None
    assert rows["c1"]["caller_valid"] is True and rows["c1"]["answered"] is True
    assert rows["c2"]["start_utc"].isoformat() == "2024-03-01T10:00:00+00:00"
    assert rows["c2"]["caller"] is None and rows["c2"]["caller_valid"] is None
    assert rows["c2"]["caller_raw"] == "anonymous" and rows["c2"]["attestation"] == "none"
    assert rows["c2"]["ingress_cc"] == 91
    assert rows["c3"]["callee"] == 12125550102 and rows["c3"]["caller_valid"] is False
    assert rows["c3"]["caller_raw"] == "1000" and rows["c3"]["attestation"] == "C"
    assert rows["c3"]["answered"] is True  # no disposition: derived from duration
    assert rows["c3"]["source"] == "acme"


def test_reimport_is_a_no_op_and_overlaps_count_as_duplicates(tmp_path: Path) -> None:
    store = CallsStore(tmp_path / "calls")
    first = import_cdrs(store, _write(tmp_path, [GOOD]), source="acme")
    again = import_cdrs(store, _write(tmp_path, [GOOD]), source="acme")
    assert again.skipped and again.import_id == first.import_id
    overlap = _write(
        tmp_path,
        [GOOD, "c9,2024-03-01T11:00:00Z,+14155550100,2125550100,1,yes,Acme,T1,US,A,"],
        "overlap.csv",
    )
    result = import_cdrs(store, overlap, source="acme")
    assert (result.stored, result.duplicates) == (1, 1)
    con = duckdb.connect()
    ids = con.execute(
        f"SELECT call_id FROM read_parquet('{store.cdr_dir}/*.parquet') ORDER BY 1"
    ).fetchall()
    assert [i[0] for i in ids] == ["c1", "c9"]
    assert len(store.imports("cdr")) == 2


def test_naive_timestamps_with_timezone_option(tmp_path: Path) -> None:
    store = CallsStore(tmp_path / "calls")
    line = "c1,2024-03-01 10:00:00,+14155550100,2125550100,12,yes,Acme,T1,US,A,"
    result = import_cdrs(store, _write(tmp_path, [line]), assume_tz="America/New_York")
    assert result.stored == 1
    start = pl.read_parquet(store.cdr_files()[0])["start_utc"][0]
    assert start.isoformat() == "2024-03-01T15:00:00+00:00"


def test_parquet_source_with_typed_columns(tmp_path: Path) -> None:
    path = tmp_path / "cdr.parquet"
    pq.write_table(
        pa.table(
            {
                "call_id": ["p1", "p2"],
                "start_utc": pa.array(
                    [1_709_287_200_000_000, 1_709_287_260_000_000], pa.timestamp("us", tz="UTC")
                ),
                "caller": pa.array([4155550100, 919876543210], pa.int64()),
                "callee": pa.array([2125550100, 2125550101], pa.int64()),
                "duration_s": pa.array([30, 0], pa.int32()),
                "orig_carrier": ["Acme", "Gateway"],
            }
        ),
        path,
    )
    store = CallsStore(tmp_path / "calls")
    result = import_cdrs(store, path)
    assert (result.stored, result.quarantined) == (2, 0)
    frame = pl.read_parquet(store.cdr_files()[0]).sort("call_id")
    assert frame["caller"].to_list() == [14155550100, 919876543210]
    assert frame["answered"].to_list() == [True, False]


FILE_ERRORS = [
    (b"", UnreadableFileError, "empty"),
    (b"\x00\x01\x02binary", UnreadableFileError, "binary"),
    (b"foo,bar\n1,2\n", IngestError, "missing required column"),
]


@pytest.mark.parametrize(
    ("content", "error", "message"), FILE_ERRORS, ids=["empty", "binary", "no-schema"]
)
def test_unusable_files_raise_before_storing(
    tmp_path: Path, content: bytes, error: type[Exception], message: str
) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    store = CallsStore(tmp_path / "calls")
    with pytest.raises(error, match=message):
        import_cdrs(store, path)
    assert store.cdr_files() == []


HEADER_CASES = [
    (
        ["ANI", "DNIS", "Start Time", "billsec", "Carrier"],
        {
            "ANI": "caller",
            "DNIS": "callee",
            "Start Time": "start_utc",
            "billsec": "duration_s",
            "Carrier": "orig_carrier",
        },
    ),
    (["caller", "ani", "callee"], {"caller": "caller", "callee": "callee"}),
]


@pytest.mark.parametrize(
    ("names", "expected"), HEADER_CASES, ids=["switch-vocabulary", "exact-name-wins"]
)
def test_header_mapping(names: list[str], expected: dict[str, str]) -> None:
    assert map_header(names) == expected


def test_missing_required_columns() -> None:
    assert missing_required({"ANI": "caller"}) == [
        "call_id",
        "start_utc",
        "callee",
        "duration_s",
        "orig_carrier",
    ]
