"""JSON record arrays read as a stream: the same records, lines, raw text and reasons
as the whole-document scanner, whatever the chunk size, with memory bounded by one
record rather than by the file."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from crossline.domain import Report
from crossline.errors import UnreadableFileError
from crossline.ingest import jsonstream
from crossline.ingest.base import ReadOptions
from crossline.ingest.jsondoc import Lines, locate_records, scan_array
from crossline.ingest.jsonl import JsonLines
from crossline.ingest.jsonstream import RecordStream
from crossline.ingest.textio import read_text

KEYS = ("complaints", "data")

# (case, document bytes)
DOCUMENTS = [
    ("top-array", b'[{"a": 1}, {"a": 2.50}, {"a": "x"}]'),
    ("pretty", b'[\n  {"a": 1},\n\n  {"b": [1, 2, {"c": null}]}\n]\n'),
    ("under-key", b'{"meta": {"n": [1, 2, 3], "s": "]["}, "complaints": [{"id": 1}, {"id": 2}]}'),
    ("key-not-first-list", b'{"data": 5, "complaints": [{"id": 1}]}'),
    ("strings", b'[{"t": "a \\"quoted\\" ] , [ text", "u": "\\u20b9 5,000 \\ud83d\\ude00"}]'),
    ("numbers", b"[1234567890123, -0.125, 3e5, true, false, null, 98765432101234567890]"),
    ("unicode", '[{"t": "₹ रुपये 50"}, {"t": "é"}]'.encode()),
    ("bom", b'\xef\xbb\xbf[{"a": 1}]'),
    ("empty", b"[]"),
    ("empty-under-key", b'{"complaints": []}'),
    ("truncated", b'[{"a": 1},\n {"a": 2},\n {"a": "cut her'),
    ("not-closed", b'[{"a": 1},\n {"a": 2}\n'),
    ("bad-separator", b'[{"a": 1} {"a": 2}]'),
    ("invalid-element", b'[{"a": 1},\n {"a": tru},\n {"a": 3}]'),
    ("trailing-data", b'[{"a": 1}]\n{"extra": true}'),
    ("bad-byte", b'[{"a": "ok"},\n {"a": "caf\xe9"},\n {"a": "fine"}]'),
]
CHUNKS = [1, 3, 7, 64, 1 << 20]


def _whole(path: Path) -> tuple[list[tuple[int, Any, str, str | None]], str | None]:
    """What the whole-document scanner makes of ``path`` (the reference)."""
    doc = read_text(path)
    start = locate_records(path, doc.text, KEYS)
    lines = Lines(doc.text)
    elements, tail = scan_array(doc.text, start, lines)
    records = [
        (e.line, e.value, doc.raw(e.start, e.end), doc.problem_in(e.start, e.end, e.line))
        for e in elements
    ]
    reason = tail.reason if tail else None
    if tail is None and doc.text.lstrip("\ufeff \n").startswith("["):
        close = doc.text.find("]", elements[-1].end if elements else start + 1)
        rest = doc.text[close + 1 :].strip()
        if rest:
            line = lines.at(doc.text.index(rest[0], close + 1))
            reason = f"line {line}: unexpected data after the JSON array"
    return records, reason


def _streamed(path: Path, chunk: int) -> tuple[list[tuple[int, Any, str, str | None]], str | None]:
    stream = RecordStream(path, KEYS, chunk=chunk)
    records = [(r.line, r.value, r.raw(), r.problem()) for r in stream]
    return records, stream.tail.reason if stream.tail else None


@pytest.mark.parametrize("chunk", CHUNKS)
@pytest.mark.parametrize(("body"), [d[1] for d in DOCUMENTS], ids=[d[0] for d in DOCUMENTS])
def test_the_stream_reads_what_the_whole_document_reader_reads(
    tmp_path: Path, body: bytes, chunk: int
) -> None:
    path = tmp_path / "doc.json"
    path.write_bytes(body)
    assert _streamed(path, chunk) == _whole(path)


# (case, document, what the refusal says)
REFUSED = [
    ("not-json", b"hello", "expected a JSON array or object"),
    ("no-list", b'{"other": [1]}', "without a list of records"),
    ("broken-before-list", b'{"meta": {"a": }, "data": []}', "invalid JSON at line 1"),
    ("cut-in-first", b'[{"a": "no end', "file looks truncated"),
]


@pytest.mark.parametrize(("body", "says"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_a_document_that_is_not_a_record_array_is_refused_before_any_record(
    tmp_path: Path, body: bytes, says: str
) -> None:
    path = tmp_path / "doc.json"
    path.write_bytes(body)
    with pytest.raises(UnreadableFileError, match=says):
        RecordStream(path, KEYS, chunk=4)


def test_a_record_over_the_bound_ends_the_read_naming_the_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jsonstream, "MAX_RECORD_CHARS", 1000)
    path = tmp_path / "doc.json"
    path.write_text(json.dumps([{"a": 1}, {"t": "x" * 5000}, {"a": 3}]))
    stream = RecordStream(path, KEYS, chunk=64)
    assert [r.value for r in stream] == [{"a": 1}]
    assert stream.tail is not None and stream.tail.line == 1
    assert "larger than the limit of 1,000 characters" in stream.tail.reason


def test_memory_is_bounded_by_a_record_not_by_the_file(tmp_path: Path) -> None:
    record = {"acknowledgement_no": "0", "description": "called from 9876543210 " * 20}
    path = tmp_path / "big.json"
    with path.open("w") as fh:
        fh.write('{"complaints": [')
        for i in range(30_000):
            fh.write(("," if i else "") + json.dumps({**record, "acknowledgement_no": str(i)}))
        fh.write("]}")
    size = path.stat().st_size
    assert size > 15_000_000
    tracemalloc.start()
    try:
        count = sum(1 for _ in RecordStream(path, KEYS))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 30_000
    # A window of a chunk or two (1 MiB each) and one record; the file is 15+ MB.
    assert peak < 6_000_000, f"peak {peak:,} bytes for a {size:,}-byte file"


def _jsonl_line(i: int) -> str:
    report = {"source": "ncrp", "source_ref": f"ACK{i}", "jurisdiction": "IN"}
    return json.dumps({**report, "text": "called from 9876543210 " * 20}) + "\r\n"


def test_utf16_json_lines_are_read_line_by_line(tmp_path: Path) -> None:
    path = tmp_path / "reports.jsonl"
    with path.open("w", encoding="utf-16") as fh:  # with its byte-order mark
        for i in range(12_000):
            fh.write(_jsonl_line(i))
    assert path.stat().st_size > 10_000_000
    tracemalloc.start()
    try:
        items = JsonLines().read(path, ReadOptions())
        refs = [item.source_ref for item in items if isinstance(item, Report)]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert refs == [f"ACK{i}" for i in range(12_000)]
    assert peak < 8_000_000, f"peak {peak:,} bytes"


# (case, bytes after the UTF-16-LE byte-order mark, offset named in the refusal)
BAD_UTF16 = [
    ("lone-low-surrogate-first", b"\x00\xdc" + "{}\n".encode("utf-16-le"), 2),
    ("lone-high-surrogate-late", "{}\n".encode("utf-16-le") * 3 + b"\x00\xd8A\x00", 20),
]


@pytest.mark.parametrize(
    ("body", "offset"), [b[1:] for b in BAD_UTF16], ids=[b[0] for b in BAD_UTF16]
)
def test_undecodable_utf16_is_refused_before_any_line(
    tmp_path: Path, body: bytes, offset: int
) -> None:
    path = tmp_path / "reports.jsonl"
    path.write_bytes(b"\xff\xfe" + body)
    items = JsonLines().read(path, ReadOptions())
    with pytest.raises(UnreadableFileError, match=f"invalid UTF-16-LE at byte offset {offset};"):
        next(iter(items))
