"""Bad input, the same cases for every CSV format: nothing is lost, reasons are precise.

Each case builds a file from a format's valid rows, damages it, and checks what
comes out: every data row gives exactly one item (rows in == reports + rejected),
bad rows are rejected with their line and a reason naming the problem, and files
that cannot be read at all raise before anything is yielded.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from readers_testkit import read, rejected, reports, write

from crossline.errors import UnreadableFileError


@dataclass(frozen=True)
class Spec:
    fmt: str
    header: tuple[str, ...]
    row: Callable[[int], list[str]]
    date_col: int
    bad_date: str
    bad_date_reason: str
    text_col: int
    text_attr: str = "text"  # the Report attribute that receives text_col


SPECS = [
    Spec(
        "ftc_dnc_csv",
        ("Company_Phone_Number", "Created_Date", "Violation_Date", "Consumer_City",
         "Consumer_State", "Consumer_Area_Code", "Subject", "Recorded_Message_Or_Robocall"),
        lambda i: [f"80055501{i:02d}", f"2021-04-14 0{i % 10}:00:00", "2021-04-13 18:22:00",
                   "Fresno", "California", "559", f"Subject {i}", "Y"],
        1, "2021-02-30 01:00:00", "February 2021 has 28 days", 6, "category",
    ),
    Spec(
        "sentinel_csv",
        ("Reference Number", "Date Received", "Narrative", "Amount Paid", "Contact Method",
         "Representative Phone"),
        lambda i: [f"SN-{i}", "4/16/2021", f"narrative {i}", "$10.00", "Phone call",
                   f"315-232-82{i:02d}"],
        1, "13/13/2021", "month 13 does not exist", 2,
    ),
    Spec(
        "ncrp_csv",
        ("acknowledgement_no", "complaint_date", "state", "suspect_upi_id", "amount",
         "description"),
        lambda i: [f"3110420210{i:04d}", "14/04/2021 10:30", "Kerala", f"pay{i}@ybl", "1,500",
                   f"complaint {i}"],
        1, "31/04/2021", "April 2021 has 30 days", 5,
    ),
    Spec(
        "cfpb_csv",
        ("Date received", "Product", "Issue", "Consumer complaint narrative", "State",
         "Complaint ID"),
        lambda i: ["2019/9/8", "Debt collection", "Fraud or scam", f"narrative {i}", "FL",
                   f"{3000000 + i}"],
        0, "2019/2/30", "February 2019 has 28 days", 3,
    ),
    Spec(
        "robocall_transcripts",
        ("file_name", "language", "transcript", "call_date"),
        lambda i: [f"data/train/{1000 + i}.wav", "en", f"press 1 now {i}", "2021-04-14 10:00"],
        3, "2021-02-30 10:00", "February 2021 has 28 days", 2,
    ),
]  # fmt: skip
IDS = [s.fmt for s in SPECS]


def csv_text(rows: list[list[str]], delimiter: str = ",", newline: str = "\n") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=newline).writerows(rows)
    return out.getvalue()


def table(spec: Spec, n: int = 3) -> list[list[str]]:
    return [list(spec.header), *(spec.row(i) for i in range(1, n + 1))]


def ids_of(items: list[object]) -> list[str]:
    return [r.id for r in reports(items)]


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
@pytest.mark.parametrize(
    "content",
    [b"", b"   \n\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n"],
    ids=["zero-bytes", "blank-lines", "bom-only", "bom-and-newline"],
)
def test_empty_file_is_unreadable(spec: Spec, content: bytes, tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", content)
    with pytest.raises(UnreadableFileError, match="is empty"):
        read(spec.fmt, path)


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
@pytest.mark.parametrize("tail", ["", "\n", "\n\n  \n"], ids=["no-newline", "newline", "blanks"])
def test_header_only_gives_nothing(spec: Spec, tail: str, tmp_path: Path) -> None:
    text = csv_text([list(spec.header)]).rstrip("\n") + tail
    assert read(spec.fmt, write(tmp_path, "x.csv", text)) == []


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
@pytest.mark.parametrize("delimiter", [";", "\t", "|"], ids=["semicolon", "tab", "pipe"])
def test_other_delimiters_are_read_with_the_same_ids(
    spec: Spec, delimiter: str, tmp_path: Path
) -> None:
    comma = read(spec.fmt, write(tmp_path, "a.csv", csv_text(table(spec))))
    other = read(spec.fmt, write(tmp_path, "b.csv", csv_text(table(spec), delimiter)))
    assert len(reports(other)) == 3 and not rejected(other)
    assert ids_of(other) == ids_of(comma)
    assert [r.text for r in reports(other)] == [r.text for r in reports(comma)]


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_undecodable_bytes_reject_only_their_row(spec: Spec, tmp_path: Path) -> None:
    # 0x81 is neither UTF-8 nor Windows-1252: the row cannot be read in any encoding.
    lines = csv_text(table(spec)).encode().split(b"\n")
    lines[2] = lines[2].replace(b"2", b"\x81", 1)  # line 3 = second data row
    offset = len(b"\n".join(lines[:2])) + 1 + lines[2].index(b"\x81")
    items = read(spec.fmt, write(tmp_path, "x.csv", b"\n".join(lines)))
    assert len(items) == 3
    bad = rejected(items)
    assert [b.line for b in bad] == [3]
    assert f"byte 0x81 at byte offset {offset}" in bad[0].reason
    assert "\\x81" in bad[0].raw
    assert len(reports(items)) == 2


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
@pytest.mark.parametrize("far", [False, True], ids=["small-file", "after-64k-of-utf8"])
def test_windows_1252_rows_are_stored_with_a_warning(spec: Spec, far: bool, tmp_path: Path) -> None:
    rows = table(spec, 4000 if far else 3)
    lines = csv_text(rows).encode().split(b"\n")
    bad = len(lines) - 2  # the last data row
    lines[bad] = lines[bad].replace(b"2", b"\xe9", 1)  # "é" in Windows-1252
    assert not far or len(b"\n".join(lines[:bad])) > 64 * 1024
    items = read(spec.fmt, write(tmp_path, "x.csv", b"\n".join(lines)))
    assert rejected(items) == []
    warned = [w for r in reports(items) for w in r.warnings if w.field == "(encoding)"]
    assert len(warned) == 1 and "Windows-1252" in warned[0].reason
    if far:  # the head is UTF-8: only that line is guessed
        assert warned[0].line == bad + 1 and warned[0].raw == "utf-8"
    else:  # the whole file is guessed, said once on the first stored row
        assert warned[0].line == 2 and warned[0].raw == "cp1252"
    assert any("é" in str(v) for r in reports(items) for v in vars_of(r))


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
@pytest.mark.parametrize("row_index", [2, 1500], ids=["near-the-start", "far-in"])
def test_a_stray_nul_byte_rejects_only_its_row(spec: Spec, row_index: int, tmp_path: Path) -> None:
    lines = csv_text(table(spec, 2000)).encode().split(b"\n")
    lines[row_index] = lines[row_index] + b"\x00"
    items = read(spec.fmt, write(tmp_path, "x.csv", b"\n".join(lines)))
    assert len(items) == 2000
    assert [(b.line, "NUL byte" in b.reason) for b in rejected(items)] == [(row_index + 1, True)]


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_truncated_last_line_is_rejected_with_the_reason(spec: Spec, tmp_path: Path) -> None:
    # The last row loses its tail and its newline.
    cut = csv_text(table(spec, 2)) + ",".join(spec.row(3)[:2])
    items = read(spec.fmt, write(tmp_path, "x.csv", cut))
    assert len(items) == 3
    bad = rejected(items)
    assert len(bad) == 1 and bad[0].line == 4
    assert "too few fields: found 2" in bad[0].reason
    assert "file looks truncated" in bad[0].reason


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_truncated_inside_a_quoted_field(spec: Spec, tmp_path: Path) -> None:
    text = csv_text(table(spec, 2)) + ",".join(f'"{c}' if i == 0 else c for i, c in
                                                enumerate(spec.row(3)))  # fmt: skip
    items = read(spec.fmt, write(tmp_path, "x.csv", text))
    assert len(items) == 3
    assert [b.line for b in rejected(items)] == [4]
    assert "not closed before the end of the file" in rejected(items)[0].reason


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
@pytest.mark.parametrize(
    ("change", "found", "word"),
    [(lambda r: r + ["surplus"], 1, "too many"), (lambda r: r[:-1], -1, "too few")],
    ids=["too-many", "too-few"],
)
def test_column_count_mismatch_is_rejected_with_counts(
    spec: Spec, change: Callable[[list[str]], list[str]], found: int, word: str, tmp_path: Path
) -> None:
    rows = table(spec)
    rows[2] = change(rows[2])
    items = read(spec.fmt, write(tmp_path, "x.csv", csv_text(rows)))
    width = len(spec.header)
    assert len(items) == 3
    bad = rejected(items)
    assert [b.line for b in bad] == [3]
    assert f"{word} fields: found {width + found}, expected {width}" in bad[0].reason


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_trailing_empty_cells_are_harmless(spec: Spec, tmp_path: Path) -> None:
    rows = table(spec)
    rows[1] = rows[1] + ["", ""]
    items = read(spec.fmt, write(tmp_path, "x.csv", csv_text(rows)))
    assert len(reports(items)) == 3


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_impossible_date_is_a_field_warning_naming_the_field(spec: Spec, tmp_path: Path) -> None:
    rows = table(spec)
    rows[3][spec.date_col] = spec.bad_date
    items = read(spec.fmt, write(tmp_path, "x.csv", csv_text(rows)))
    assert rejected(items) == []
    stored = reports(items)
    assert len(stored) == 3
    warned = [r for r in stored if r.warnings]
    assert len(warned) == 1
    (warning,) = warned[0].warnings
    assert (warning.line, warning.field, warning.raw) == (
        4,
        spec.header[spec.date_col],
        spec.bad_date,
    )
    assert warning.reason.startswith("impossible date")
    assert spec.bad_date_reason in warning.reason
    # The raw text is kept on the report, the parsed value is empty.
    assert spec.bad_date in (warned[0].received_raw, warned[0].incident_raw)
    assert None in (warned[0].received_at, warned[0].incident_at)


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_ten_megabyte_field(spec: Spec, tmp_path: Path) -> None:
    rows = table(spec)
    big = "A scam call, again and again.\n" * 350_000  # 10.5 MB with newlines inside
    rows[2][spec.text_col] = big
    items = read(spec.fmt, write(tmp_path, "x.csv", csv_text(rows)))
    assert len(reports(items)) == 3
    value = getattr(reports(items)[1], spec.text_attr)
    assert value is not None and len(value) == len(big.strip())
    # line numbers after a multi-line field still point at the physical line
    assert reports(items)[2].extra["line"] == 3 + big.count("\n") + 1


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_duplicated_rows_get_the_same_id(spec: Spec, tmp_path: Path) -> None:
    rows = table(spec)
    rows.append(list(rows[2]))
    items = read(spec.fmt, write(tmp_path, "x.csv", csv_text(rows)))
    ids = ids_of(items)
    assert len(ids) == 4 and ids[1] == ids[3] and len(set(ids)) == 3
    assert [r.extra["line"] for r in reports(items)] == [2, 3, 4, 5]


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_reading_twice_gives_the_same_ids(spec: Spec, tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", csv_text(table(spec)))
    assert ids_of(read(spec.fmt, path)) == ids_of(read(spec.fmt, path))


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_overlapping_files_share_ids_for_the_overlap(spec: Spec, tmp_path: Path) -> None:
    header, rows = list(spec.header), [spec.row(i) for i in range(1, 6)]
    first = write(tmp_path, "a.csv", csv_text([header, *rows[:3]]))
    # The second file has other columns order and line endings, and rows 3-5.
    order = list(reversed(range(len(header))))
    second_rows = [[header[i] for i in order]] + [[r[i] for i in order] for r in rows[2:]]
    second = write(tmp_path, "b.csv", csv_text(second_rows, newline="\r\n"))
    a, b = ids_of(read(spec.fmt, first)), ids_of(read(spec.fmt, second))
    assert set(a) & set(b) == {a[2]} == {b[0]}


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
@pytest.mark.parametrize(
    "encode",
    [
        lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
        lambda t: t.encode("utf-16"),
        lambda t: b"\xfe\xff" + t.encode("utf-16-be"),
        lambda t: t.replace("\n", "\r\n").encode(),
        lambda t: t.replace("\n", "\r").encode(),
    ],
    ids=["utf8-bom", "utf16-le-bom", "utf16-be-bom", "crlf", "cr-only"],
)
def test_encodings_and_line_endings_read_the_same(
    spec: Spec, encode: Callable[[str], bytes], tmp_path: Path
) -> None:
    text = csv_text(table(spec))
    plain = read(spec.fmt, write(tmp_path, "a.csv", text))
    other = read(spec.fmt, write(tmp_path, "b.csv", encode(text)))
    assert ids_of(other) == ids_of(plain) and len(other) == 3
    assert [r.extra["line"] for r in reports(other)] == [2, 3, 4]


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00rest-of-a-workbook", "xlsx"),
        (b"\x1f\x8b\x08\x00compressed", "gzip"),
        (b"%PDF-1.7\n", "PDF"),
        (b"col1,col2\n\x00\x01\x02\x03binary", "NUL byte"),
        (bytes(range(1, 32)) * 20, "control bytes"),
        (b"caf\x81,bar\n1,2\n", "line 1 is not valid UTF-8"),
    ],
    ids=["xlsx", "gzip", "pdf", "nul", "control", "latin1-header"],
)
def test_unreadable_files_raise_before_anything(
    spec: Spec, content: bytes, message: str, tmp_path: Path
) -> None:
    path = write(tmp_path, "x.csv", content)
    with pytest.raises(UnreadableFileError, match=message):
        read(spec.fmt, path)


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_wrong_format_names_the_missing_columns(spec: Spec, tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", "step,type,amount\n1,PAYMENT,9839.64\n")
    with pytest.raises(UnreadableFileError) as info:
        read(spec.fmt, path)
    message = info.value.message
    assert f"not a {spec.fmt} file: missing required column(s)" in message
    assert "Found columns: 'step', 'type', 'amount'" in message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFileError, match="no such file"):
        read("ncrp_csv", tmp_path / "nope.csv")


def test_malformed_quoting_rejects_the_row(tmp_path: Path) -> None:
    spec = SPECS[2]
    text = csv_text(table(spec)) + '31104202109999,"14/04/2021"x,Kerala,a@ybl,1,oops\n'
    items = read(spec.fmt, write(tmp_path, "x.csv", text))
    assert len(items) == 4
    assert "malformed quoting" in rejected(items)[0].reason


def vars_of(report: object) -> list[object]:
    """Every value of a report, its extras and suspects included (to find a character)."""
    from dataclasses import asdict

    out: list[object] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list | tuple):
            for v in value:
                walk(v)
        else:
            out.append(value)

    walk(asdict(report))  # type: ignore[call-overload]
    return out
