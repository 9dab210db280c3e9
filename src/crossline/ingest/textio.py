"""Opening source files: encoding, binary detection, physical lines and CSV rows.

Everything that touches raw bytes lives here, so the format modules only see text.

Rules (documented in ``docs/formats.md``):

* UTF-8 with or without a byte-order mark; UTF-16 and UTF-32 when the file starts
  with their byte-order mark (what spreadsheet programs write for "Unicode text");
  any encoding Python knows when it is given (``crossline ingest --encoding cp1252``).
* Without a given encoding or a byte-order mark, an encoding is *guessed*, with a
  warning on the first stored row: UTF-16 when every other byte of the head is NUL,
  Windows-1252 when the head is not valid UTF-8 but is valid Windows-1252 (what Excel
  on Windows writes for "CSV"). In a UTF-8 file, a line that is not valid UTF-8 but is
  valid Windows-1252 is read as Windows-1252, with a warning on its row.
* A file is refused as a whole (:class:`UnreadableFileError`, before anything is
  yielded) when it is missing, empty, binary (a known binary signature, NUL bytes or
  control characters near the start), or when its first line is not valid text.
* In a UTF-8 file, a row that holds invalid bytes or a NUL byte is *one* bad row:
  it is reported with its line number and the byte offset of the first bad byte,
  and reading goes on.
* Line endings: ``\\n``, ``\\r\\n`` and old-Macintosh ``\\r``.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from crossline.errors import UnreadableFileError
from crossline.ingest.encodings import (
    HEAD_BYTES,
    Inspected,
    describe_bad_utf8,
    describe_kept_byte,
    inspect,
    visible,
)

__all__ = ["HEAD_BYTES", "Inspected", "describe_bad_utf8", "inspect"]

# Python's csv module refuses fields over 128 KiB by default; complaint narratives
# and call transcripts can be megabytes long. 64 MiB keeps a bound on memory for a
# single field while accepting any narrative a person could write.
FIELD_SIZE_LIMIT = 64 * 1024 * 1024
if csv.field_size_limit() < FIELD_SIZE_LIMIT:
    csv.field_size_limit(FIELD_SIZE_LIMIT)

DELIMITERS = (",", ";", "\t", "|")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


class LineSource:
    """Decoded physical lines of a file, with line numbers and per-line problems.

    Iterate it to get the lines (with their endings, as :mod:`csv` wants them);
    after each logical row call :meth:`take` to get the row's first line number,
    raw text and the first problem seen in it. Nothing is read ahead, so a row is
    exactly the lines consumed since the last :meth:`take`.
    """

    def __init__(self, inspected: Inspected) -> None:
        self.inspected = inspected
        self._buf: list[str] = []
        self._problems: list[str] = []
        self.notes: list[str] = []  # encoding guesses of the lines taken so far (warnings)
        self._next_line = 1
        self._lines = self._generate()

    def __iter__(self) -> Iterator[str]:
        return self._lines

    def take(self) -> tuple[int, str, str | None, bool]:
        """(first line number, raw text, first problem or None, ended with a newline)."""
        buf = self._buf
        first = self._next_line
        raw = buf[0] if len(buf) == 1 else "".join(buf)
        complete = raw.endswith(("\n", "\r"))
        self._next_line += len(buf)
        buf.clear()
        problem = self._problems[0] if self._problems else None
        self._problems.clear()
        return first, raw.rstrip("\r\n"), problem, complete

    def _generate(self) -> Iterator[str]:
        ins = self.inspected
        buf, problems = self._buf, self._problems
        if not ins.single_byte:
            yield from self._generate_decoded()
            return
        if ins.encoding != "utf-8":
            yield from self._generate_single_byte()
            return
        with open(ins.path, "rb") as fh:
            fh.seek(ins.bom)
            raw_lines: Iterator[bytes] = iter(fh)
            if b"\r" in ins.head and b"\n" not in ins.head:
                # Old Macintosh line endings ("CSV (Macintosh)" exports): to Python the
                # whole file is one line, so split it on CR here.
                raw_lines = _cr_lines(fh)
            offset = ins.bom
            for line_no, raw in enumerate(raw_lines, start=1):
                try:
                    text = raw.decode("utf-8")
                    if "\x00" in text:
                        raise ValueError
                except UnicodeDecodeError:
                    text = self._windows_1252(raw, line_no, offset)
                except ValueError:
                    problems.append(describe_bad_utf8(raw, line_no, offset) or "")
                    # Keep the bad bytes visible (\xe9) in the raw text and the row shape.
                    text = raw.decode("utf-8", "backslashreplace").replace("\x00", "\\x00")
                offset += len(raw)
                if text:
                    buf.append(text)
                    yield text

    def _windows_1252(self, raw: bytes, line_no: int, offset: int) -> str:
        """A line that is not UTF-8: Windows-1252 when it is valid as that (a warning),
        else a bad row (kept visible with its bad bytes as ``\\xNN``)."""
        if not self.inspected.declared and b"\x00" not in raw:
            try:
                text = raw.decode("cp1252")
            except UnicodeDecodeError:
                pass
            else:
                self.notes.append(
                    f"line {line_no} is not valid UTF-8: read as Windows-1252 (guessed)"
                )
                return text
        self._problems.append(describe_bad_utf8(raw, line_no, offset) or "")
        return raw.decode("utf-8", "backslashreplace").replace("\x00", "\\x00")

    def _generate_single_byte(self) -> Iterator[str]:
        """Lines of a single-byte encoding (Windows-1252, Latin-1 ...), streamed."""
        ins = self.inspected
        with open(ins.path, "rb") as fh:
            fh.seek(ins.bom)
            for raw in fh:
                text = raw.decode(ins.encoding, "replace")
                if "\x00" in text:
                    self._problems.append(
                        f"line {self._next_line + len(self._buf)}: NUL character; expected text"
                    )
                self._buf.append(text)
                yield text

    def _generate_decoded(self) -> Iterator[str]:
        """Lines of a multi-byte encoding (UTF-16, UTF-32), streamed: the file is checked
        in a first pass (an undecodable file is refused before any line), then read."""
        ins = self.inspected
        _check_decodable(ins)
        buf = self._buf
        fh = open(ins.path, "rb")  # noqa: SIM115 - closed by the wrapper below
        fh.seek(ins.bom)
        # newline="": lines end at \n, \r\n or \r, kept as written (csv wants them).
        with io.TextIOWrapper(fh, encoding=ins.encoding, newline="") as text:
            for line in text:
                if "\x00" in line:
                    self._problems.append(
                        f"line {self._next_line + len(buf)}: NUL character; expected text"
                    )
                buf.append(line)
                yield line


def _check_decodable(ins: Inspected, block: int = 1 << 20) -> None:
    """Raise UnreadableFileError at the first byte that is not valid ``ins.encoding``."""
    decoder = codecs.getincrementaldecoder(ins.encoding)("strict")
    offset = ins.bom
    with open(ins.path, "rb") as fh:
        fh.seek(ins.bom)
        while True:
            data = fh.read(block)
            pending = len(decoder.getstate()[0])  # bytes of a character cut by the block
            try:
                decoder.decode(data, final=not data)
            except UnicodeDecodeError as exc:
                raise UnreadableFileError(
                    f"{ins.path}: invalid {ins.encoding.upper()} at byte offset "
                    f"{offset - pending + exc.start}; the file cannot be decoded",
                    path=str(ins.path),
                ) from exc
            if not data:
                return
            offset += len(data)


def _cr_lines(fh: BinaryIO, block: int = 1 << 20) -> Iterator[bytes]:
    """Lines ending in a bare CR (old Macintosh), each with its CR, read in blocks."""
    rest = b""
    while data := fh.read(block):
        parts = (rest + data).split(b"\r")
        rest = parts.pop()
        for part in parts:
            yield part + b"\r"
    if rest:
        yield rest


@dataclass(slots=True)
class CsvRow:
    """One logical CSV row (it may span several physical lines)."""

    line: int  # 1-based physical line where the row starts
    fields: list[str] | None  # None when the row could not be parsed
    raw: str  # the row's text as in the file (bad bytes shown as \\xNN)
    problem: str | None = None  # why the row cannot be used, if known here
    complete: bool = True  # False when the file ends inside this row without a newline
    notes: tuple[str, ...] = ()  # how its text was decoded, when guessed (warnings)


@dataclass(slots=True)
class CsvFile:
    """An opened CSV file: its header (already read) and an iterator of data rows."""

    inspected: Inspected
    delimiter: str
    header: list[str]
    _source: LineSource
    _reader: Iterator[list[str]] = field(repr=False)

    @property
    def delimiter_name(self) -> str:
        return _DELIMITER_NAMES.get(self.delimiter, repr(self.delimiter))

    def rows(self) -> Iterator[CsvRow]:
        """Data rows in file order. Blank rows (no cell has text) are skipped."""
        reader, source = self._reader, self._source
        while True:
            try:
                fields: list[str] | None = next(reader)
                error = None
            except StopIteration:
                return
            except csv.Error as exc:
                fields, error = None, str(exc)
            line, raw, problem, complete = source.take()
            if (
                fields is not None
                and problem is None
                and (not fields or not fields[0].strip())
                and not any(f.strip() for f in fields)
            ):
                continue
            if error is not None and problem is None:
                problem = _csv_error_reason(error, line, self.delimiter)
            notes = tuple(source.notes)
            source.notes.clear()
            yield CsvRow(line, fields, raw, problem, complete, notes)


def _csv_error_reason(error: str, line: int, delimiter: str) -> str:
    if "unexpected end of data" in error:
        return (
            f"a quoted field that starts on line {line} is not closed before the end of the "
            "file; the file looks truncated"
        )
    if "field larger than field limit" in error:
        return (
            f"a field is larger than the {FIELD_SIZE_LIMIT // (1024 * 1024)} MiB limit "
            "(or a quote is not closed and swallowed the following rows)"
        )
    if "expected after" in error:
        return (
            f"malformed quoting: a closing quote must be followed by the delimiter "
            f"({delimiter!r}) or the end of the line ({error})"
        )
    return f"malformed CSV row: {error}"


def open_csv(path: Path, score: Callable[[list[str]], int], encoding: str | None = None) -> CsvFile:
    """Open ``path`` as CSV and read its header.

    The delimiter (comma, semicolon, tab or pipe) is the one under which ``score``
    (the number of header cells a format recognises) is highest, so a semicolon
    export of a known format is read correctly. Raises
    :class:`UnreadableFileError` when the file is not text.
    """
    inspected = inspect(path, encoding)
    source = LineSource(inspected)
    lines = iter(source)
    first = next(lines, "")
    while first and not first.strip():  # blank lines before the header
        source.take()
        first = next(lines, "")
    if not first.strip():
        raise UnreadableFileError(f"{path}: the file is empty", path=str(path))
    delimiter = choose_delimiter(first, score)
    reader = csv.reader(chain([first], lines), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise UnreadableFileError(
            f"{path}: the header line cannot be parsed as CSV ({exc})", path=str(path)
        ) from exc
    _, _, problem, _ = source.take()
    if problem:
        raise UnreadableFileError(f"{path}: header: {problem}", path=str(path))
    header = [h.strip().lstrip("\ufeff").strip() for h in header]
    return CsvFile(inspected, delimiter, header, source, reader)


def choose_delimiter(first_line: str, score: Callable[[list[str]], int]) -> str:
    """The delimiter that makes the most header cells recognisable (comma on ties)."""
    best, best_score = ",", -1
    for delimiter in DELIMITERS:
        if delimiter not in first_line:
            continue
        try:
            cells = next(csv.reader([first_line.rstrip("\r\n")], delimiter=delimiter))
        except (csv.Error, StopIteration):
            continue
        value = score([c.strip().lstrip("\ufeff") for c in cells])
        if value > best_score:
            best, best_score = delimiter, value
    return best


def head_header(inspected: Inspected, score: Callable[[list[str]], int]) -> list[str]:
    """The header cells of a CSV head, split with the best delimiter (for sniffing)."""
    first = inspected.first_line
    delimiter = choose_delimiter(first, score)
    try:
        cells = next(csv.reader([first], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return []
    return [c.strip().lstrip("\ufeff").strip() for c in cells]


@dataclass(frozen=True, slots=True)
class DecodedText:
    """A whole file decoded, for formats that are parsed as one document (JSON).

    Invalid UTF-8 bytes are kept as lone surrogates so one bad value can be
    reported on its own; :meth:`problem_in` finds them.
    """

    inspected: Inspected
    text: str

    def raw(self, start: int, end: int | None = None) -> str:
        """The document text between two offsets, invalid bytes shown as ``\\xNN``."""
        return visible(self.text[start:end])

    def problem_in(self, start: int, end: int, line: int) -> str | None:
        """Describe the first invalid byte between ``start`` and ``end``, if any."""
        return describe_kept_byte(self.text, line, self.inspected.bom, start, end)


def read_text(path: Path) -> DecodedText:
    """Decode a whole file (see :class:`DecodedText`). Raises UnreadableFileError."""
    inspected = inspect(path)
    data = path.read_bytes()[inspected.bom :]
    if inspected.encoding == "utf-8":
        return DecodedText(inspected, data.decode("utf-8", "surrogateescape"))
    try:
        return DecodedText(inspected, data.decode(inspected.encoding))
    except UnicodeDecodeError as exc:
        raise UnreadableFileError(
            f"{path}: invalid {inspected.encoding.upper()} at byte offset "
            f"{inspected.bom + exc.start}; the file cannot be decoded",
            path=str(path),
        ) from exc
