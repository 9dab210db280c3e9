"""Detection, --format overrides, and rows in == reports + rejected for every format."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from readers_testkit import DATA, read, rejected, reports, write

from crossline.errors import UnknownFormatError, UnreadableFileError
from crossline.ingest.base import ReadOptions
from crossline.ingest.formats import READERS, describe_formats, detect

FIXTURES = [
    ("ftc_dnc_csv", "ftc_dnc.csv"),
    ("ftc_dnc_api_json", "ftc_dnc_api.json"),
    ("ftc_dnc_numbers", "dnc_numbers/2021-04-14.json"),
    ("sentinel_csv", "sentinel.csv"),
    ("ncrp_csv", "ncrp.csv"),
    ("ncrp_json", "ncrp.json"),
    ("robocall_transcripts", "transcripts.csv"),
    ("cfpb_csv", "cfpb.csv"),
    ("jsonl", "reports.jsonl"),
]


def test_every_format_has_a_fixture() -> None:
    assert sorted(READERS) == sorted(name for name, _ in FIXTURES)


@pytest.mark.parametrize(("fmt", "name"), FIXTURES, ids=[f for f, _ in FIXTURES])
def test_detect_finds_the_format(fmt: str, name: str) -> None:
    assert detect(DATA / name).name == fmt


def independent_row_count(fmt: str, path: Path) -> int:
    """Rows counted without the readers: CSV records, JSON array elements, JSONL lines."""
    text = path.read_text(encoding="utf-8")
    if fmt == "jsonl":
        return sum(1 for line in text.splitlines() if line.strip())
    if fmt.endswith("csv") or fmt == "robocall_transcripts":
        return sum(1 for row in csv.reader(text.splitlines(keepends=True)) if any(row)) - 1
    data = json.loads(text)
    if isinstance(data, dict):
        data = data.get("data") or data.get("complaints")
    return len(data)


@pytest.mark.parametrize(("fmt", "name"), FIXTURES, ids=[f for f, _ in FIXTURES])
def test_rows_in_equal_reports_plus_rejected(fmt: str, name: str) -> None:
    items = read(fmt, DATA / name)
    assert len(reports(items)) + len(rejected(items)) == len(items)
    assert len(items) == independent_row_count(fmt, DATA / name)
    assert all(i.line >= 1 for i in rejected(items))
    assert all(r.extra["line"] >= 1 for r in reports(items))


@pytest.mark.parametrize(("fmt", "name"), FIXTURES, ids=[f for f, _ in FIXTURES])
def test_ids_are_stable_across_reads(fmt: str, name: str) -> None:
    assert [r.id for r in reports(read(fmt, DATA / name))] == [
        r.id for r in reports(read(fmt, DATA / name))
    ]


def test_format_override_wins_over_detection(tmp_path: Path) -> None:
    path = write(tmp_path, "x.txt", (DATA / "sentinel.csv").read_bytes())
    assert detect(path, "sentinel_csv").name == "sentinel_csv"
    with pytest.raises(UnreadableFileError, match="not a ncrp_csv file"):
        detect(path, "ncrp_csv").read(path, ReadOptions())


def test_unknown_format_name_lists_the_formats() -> None:
    with pytest.raises(UnknownFormatError) as info:
        detect(DATA / "ncrp.csv", "excel")
    assert "unknown format 'excel'" in info.value.message
    for name in READERS:
        assert name in info.value.message


def test_unrecognised_file_says_what_each_format_needs(tmp_path: Path) -> None:
    path = write(tmp_path, "paysim.csv", "step,type,amount\n1,PAYMENT,9839.64\n")
    with pytest.raises(UnknownFormatError) as info:
        detect(path)
    message = info.value.message
    assert "first line: 'step,type,amount'" in message
    assert "ncrp_csv" in message and "acknowledgement_no" in message
    assert "Company_Phone_Number, Created_Date" in message
    assert describe_formats() in message


@pytest.mark.parametrize("content", [b"", b"\x89PNG\r\n\x1a\n\x00\x00"], ids=["empty", "png"])
def test_detect_refuses_unreadable_files(content: bytes, tmp_path: Path) -> None:
    with pytest.raises(UnreadableFileError):
        detect(write(tmp_path, "x.csv", content))


def test_semicolon_export_is_detected(tmp_path: Path) -> None:
    text = (DATA / "ncrp.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(text.splitlines(keepends=True)))
    path = tmp_path / "ncrp_semicolon.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(rows)
    assert detect(path).name == "ncrp_csv"
    assert [r.id for r in reports(read("ncrp_csv", path))] == [
        r.id for r in reports(read("ncrp_csv", DATA / "ncrp.csv"))
    ]
