"""FTC Do-Not-Call: CSV, API JSON and number-only daily files."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from readers_testkit import DATA, read, rejected, reports, write

from crossline.domain import Location, SuspectIdentifier
from crossline.errors import UnreadableFileError


def test_csv_rows_become_reports() -> None:
    items = read("ftc_dnc_csv", DATA / "ftc_dnc.csv")
    assert len(items) == 5 and not rejected(items)
    first = reports(items)[0]
    assert first.source == "ftc_dnc" and first.jurisdiction == "US"
    assert first.channel == "robocall"
    assert first.received_at == datetime(2021, 4, 14, 4, 2, 35, tzinfo=UTC)
    assert first.received_raw == "2021-04-14 00:02:35"
    assert first.incident_at == datetime(2021, 4, 13, 22, 22, tzinfo=UTC)
    assert first.category == "Warranties & protection plans"
    assert first.victim_location == Location("US", "CA", "Fresno", "559")
    assert first.suspects == (SuspectIdentifier("Company_Phone_Number", "8333041447", "phone"),)
    assert first.extra == {"line": 2, "Recorded_Message_Or_Robocall": "Y"}
    assert first.source_ref.startswith("sha256:")


@pytest.mark.parametrize(
    ("index", "channel", "state", "suspects"),
    [(1, "robocall", "TX", 1), (2, "call", "FL", 1), (3, "call", "TX", 0)],
    ids=["robocall-Y", "live-call-N", "no-number-empty-flag"],
)
def test_csv_channel_state_and_missing_number(
    index: int, channel: str, state: str, suspects: int
) -> None:
    report = reports(read("ftc_dnc_csv", DATA / "ftc_dnc.csv"))[index]
    assert report.channel == channel
    assert report.victim_location.state == state
    assert len(report.suspects) == suspects


def test_csv_identical_rows_are_one_complaint() -> None:
    ids = [r.id for r in reports(read("ftc_dnc_csv", DATA / "ftc_dnc.csv"))]
    assert ids[0] == ids[4] and len(set(ids)) == 4


def test_api_json_uses_the_api_id_and_warns_on_bad_dates() -> None:
    items = read("ftc_dnc_api_json", DATA / "ftc_dnc_api.json")
    assert len(items) == 3
    good = reports(items)
    assert rejected(items) == []
    assert [r.source_ref for r in good] == [
        "0a5e8f1c2b3d4e5f60718293a4b5c6d7",
        "1b6f9a2d3c4e5f60718293a4b5c6d7e8",
        "2c7a0b3e4d5f60718293a4b5c6d7e8f9",
    ]
    assert good[0].extra == {"line": 3, "seq": 1, "recorded-message-or-robocall": "Y"}
    assert good[0].suspects[0].field == "company-phone-number"
    assert good[1].victim_location.district is None
    (warning,) = good[2].warnings
    assert warning.line == 35 and warning.field == "created-date"
    assert "impossible date '2021-02-30 01:15:00'" in warning.reason
    assert good[2].received_at is None and good[2].received_raw == "2021-02-30 01:15:00"


def test_csv_and_api_describe_the_same_call_alike() -> None:
    csv_first = reports(read("ftc_dnc_csv", DATA / "ftc_dnc.csv"))[0]
    api_first = reports(read("ftc_dnc_api_json", DATA / "ftc_dnc_api.json"))[0]
    for name in ("received_at", "incident_at", "channel", "category", "victim_location"):
        assert getattr(csv_first, name) == getattr(api_first, name), name


@pytest.mark.parametrize(
    "shape",
    [
        lambda items: items,
        lambda items: [{"data": items[:1], "meta": {}}, {"data": items[1:]}],
        lambda items: [i["attributes"] | {"id": i["id"]} for i in items],
    ],
    ids=["list-of-items", "list-of-pages", "flat-items"],
)
def test_api_json_shapes(shape: object, tmp_path: Path) -> None:
    items = json.loads((DATA / "ftc_dnc_api.json").read_text())["data"][:2]
    path = write(tmp_path, "dnc.json", json.dumps(shape(items), indent=1))  # type: ignore[operator]
    got = reports(read("ftc_dnc_api_json", path))
    assert [r.source_ref for r in got] == [i["id"] for i in items]
    assert [r.suspects[0].value for r in got] == ["8333041447", "3152328257"]


def test_api_json_truncated_keeps_complete_records(tmp_path: Path) -> None:
    text = (DATA / "ftc_dnc_api.json").read_text()
    cut = text[: text.index('"1b6f9a2d') + 40]
    items = read("ftc_dnc_api_json", write(tmp_path, "dnc.json", cut))
    assert len(reports(items)) == 1
    assert len(rejected(items)) == 1
    assert "looks truncated" in rejected(items)[0].reason


def test_numbers_file_counts_repeats_as_complaints() -> None:
    items = read("ftc_dnc_numbers", DATA / "dnc_numbers" / "2021-04-14.json")
    assert len(items) == 8
    good = reports(items)
    assert [r.source_ref for r in good] == [
        "2021-04-14:8333041447:1",
        "2021-04-14:3152328257:1",
        "2021-04-14:8333041447:2",
        "2021-04-14:830Unknown:1",  # kept: the complaint is real, the number is what was typed
        "2021-04-14:4073513878:1",
        "2021-04-14:8333041447:3",
    ]
    assert {r.received_at for r in good} == {datetime(2021, 4, 14, 4, 0, tzinfo=UTC)}
    assert {r.received_raw for r in good} == {"2021-04-14"}
    assert [b.reason for b in rejected(items)] == [
        "element 5: empty phone number; expected the reported number",
        "element 6: expected a phone number (a string), found null",
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [("numbers.json", "must be named after"), ("2021-02-30.json", "February 2021 has 28 days")],
    ids=["no-date", "impossible-date"],
)
def test_numbers_file_name_must_be_its_date(name: str, message: str, tmp_path: Path) -> None:
    path = write(tmp_path, name, '["8333041447"]')
    with pytest.raises(UnreadableFileError, match=message):
        read("ftc_dnc_numbers", path)


@pytest.mark.parametrize(
    ("content", "good", "line", "reason"),
    [
        ('[\n"8333041447",\n"83330', 1, 3, "looks truncated"),
        ('[\n"8333041447",\n"3152328257"\n', 2, 4, "not closed"),
        ('["8333041447", "3152328257"] trailing', 2, 1, "unexpected data after"),
    ],
    ids=["cut-in-element", "cut-before-bracket", "trailing-data"],
)
def test_numbers_file_damaged_after_some_elements(
    content: str, good: int, line: int, reason: str, tmp_path: Path
) -> None:
    items = read("ftc_dnc_numbers", write(tmp_path, "2021-04-14.json", content))
    assert len(reports(items)) == good
    assert [(b.line, reason in b.reason) for b in rejected(items)] == [(line, True)]


@pytest.mark.parametrize(
    "content", ["{not json", '["8333', '{"x": 1}'], ids=["garbage", "cut-at-first", "no-array"]
)
def test_numbers_file_that_is_not_an_array(content: str, tmp_path: Path) -> None:
    with pytest.raises(UnreadableFileError):
        read("ftc_dnc_numbers", write(tmp_path, "2021-04-14.json", content))


def test_same_day_file_read_twice_and_copied_has_the_same_ids(tmp_path: Path) -> None:
    source = DATA / "dnc_numbers" / "2021-04-14.json"
    copy = write(tmp_path, "copy-2021-04-14.json", source.read_bytes())
    assert [r.id for r in reports(read("ftc_dnc_numbers", source))] == [
        r.id for r in reports(read("ftc_dnc_numbers", copy))
    ]


def test_all_eight_real_daily_files(shared: Path) -> None:
    files = sorted((shared / "ftc-dnc-reported-numbers").glob("2021-04-*.json"))
    assert len(files) == 8
    ids: set[str] = set()
    count = rejected_count = 0
    for path in files:
        for item in read("ftc_dnc_numbers", path):
            if hasattr(item, "id"):
                count += 1
                ids.add(item.id)  # type: ignore[union-attr]
            else:
                rejected_count += 1
    assert count == 91_448 and rejected_count == 0
    assert len(ids) == 91_448  # every complaint its own id, repeats included
