"""The building blocks shared by the record formats: the Report of one row, the ISO form
of a time read, the US defaults, and the items of a JSON document's records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest

from crossline.domain import Rejected, Report
from crossline.ingest.cfpb import CfpbCsv
from crossline.ingest.columns import RowError, json_row
from crossline.ingest.dates import US_EASTERN
from crossline.ingest.formats import READERS
from crossline.ingest.jsonstream import Tail
from crossline.ingest.tabular import NO_TIME, Context, UsFormat, iso, json_items

NOON = datetime(2021, 4, 14, 16, 0, tzinfo=UTC)
CTX = Context(source="src", jurisdiction="XX")


@pytest.mark.parametrize(
    ("received", "incident", "synthetic", "fields"),
    [
        (NO_TIME, NO_TIME, None, {}),
        ((NOON, "4/14/2021 noon"), NO_TIME, "yes", {"channel": "call"}),
        ((None, "someday"), (NOON, "2021-04-14 12:00"), "no", {"text": "hello"}),
    ],
    ids=["bare", "received-synthetic", "unread-received-and-incident"],
)
def test_report_fills_the_shared_fields(
    received: Any, incident: Any, synthetic: str | None, fields: dict[str, Any]
) -> None:
    fmt = CfpbCsv()
    obj = {"Complaint ID": "1", "synthetic": synthetic}
    row = json_row(obj, fmt.columns, 3)
    got = fmt.report(row, CTX, "ref-1", received=received, incident=incident, **fields)
    want = Report(
        source="src",
        source_ref="ref-1",
        jurisdiction="XX",
        received_at=received[0],
        received_raw=received[1],
        incident_at=incident[0],
        incident_raw=incident[1],
        synthetic=synthetic == "yes",
        **fields,
    )
    assert got == want


def test_report_refuses_an_unreadable_synthetic_mark() -> None:
    fmt = CfpbCsv()
    row = json_row({"synthetic": "perhaps"}, fmt.columns, 3)
    with pytest.raises(RowError):
        fmt.report(row, CTX, "ref-1")


@pytest.mark.parametrize(
    ("when", "expected"),
    [(NO_TIME, None), ((None, "garbled"), None), ((NOON, "x"), "2021-04-14T16:00:00+00:00")],
    ids=["nothing", "unread", "read"],
)
def test_iso(when: Any, expected: str | None) -> None:
    assert iso(when) == expected


@pytest.mark.parametrize(
    "name", ["cfpb_csv", "sentinel_csv", "robocall_transcripts", "ftc_dnc_csv", "ftc_dnc_api_json"]
)
def test_us_formats_read_us_eastern(name: str) -> None:
    reader = READERS[name]
    assert isinstance(reader, UsFormat)
    assert (reader.default_jurisdiction, reader.convention) == ("US", US_EASTERN)


@dataclass
class FakeRecord:
    line: int
    value: Any
    bad: str | None = None

    def problem(self) -> str | None:
        return self.bad

    def raw(self) -> str:
        return f"raw{self.line}"


@dataclass
class FakeStream:
    tail: Tail | None


def _build(record: Any) -> Report:
    if record.value == "refuse":
        raise RowError("field", "not usable")
    return Report(source="s", source_ref=str(record.value), jurisdiction="US")


PASSED = Rejected(9, "page", "expected a page")


@pytest.mark.parametrize(
    ("records", "tail", "expected"),
    [
        ([], None, []),
        ([FakeRecord(1, "a")], None, ["report a"]),
        ([FakeRecord(1, "a", bad="bad byte")], None, ["rejected 1 raw1 bad byte None"]),
        ([FakeRecord(2, "refuse")], None, ["rejected 2 raw2 field: not usable field"]),
        ([PASSED, FakeRecord(3, "b")], None, ["rejected 9 page expected a page None", "report b"]),
        (
            [FakeRecord(1, "a")],
            Tail(5, "{brok", "cut off"),
            ["report a", "rejected 5 {brok cut off None"],
        ),
    ],
    ids=["empty", "one", "bad-byte", "refused", "passed-on", "tail-last"],
)
def test_json_items(records: list[Any], tail: Tail | None, expected: list[str]) -> None:
    def show(item: Any) -> str:
        if isinstance(item, Report):
            return f"report {item.source_ref}"
        return f"rejected {item.line} {item.raw} {item.reason} {item.field}"

    got = json_items(records, FakeStream(tail), _build)  # type: ignore[arg-type]
    assert [show(i) for i in got] == expected


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("ncrp_json", b'[{"acknowledgement_no": "1"}]', True),
        ("ncrp_json", b'\xef\xbb\xbf \n{"complaints": [{"Ack_No": "1"}]}', True),
        ("ncrp_json", b'ack,"acknowledgement_no"', False),
        ("ncrp_json", b'[{"id": "1"}]', False),
        ("ftc_dnc_api_json", b'{"data": [{"type": "dnc_complaint"}]}', True),
        ("ftc_dnc_api_json", b'\t[{"company-phone-number": "1"}]', True),
        ("ftc_dnc_api_json", b'[{"Company-Phone-Number": "1"}]', False),
        ("ftc_dnc_api_json", b'"dnc_complaint"', False),
    ],
    ids=[
        "ncrp-array",
        "ncrp-bom-object",
        "ncrp-not-json",
        "ncrp-other-json",
        "dnc-object",
        "dnc-array",
        "dnc-case-matters",
        "dnc-not-object",
    ],
)
def test_json_formats_sniff_json_that_looks_like_theirs(
    tmp_path: Any, name: str, head: bytes, expected: bool
) -> None:
    assert READERS[name].sniff(tmp_path / "f.json", head) is expected
