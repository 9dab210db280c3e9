"""Opening source files: encoding, binary detection, physical lines and CSV rows.

Everything that touches raw bytes lives here, so the format modules only see text.

Rules (documented in ``docs/formats.md``):

* UTF-8 with or without a byte-order mark; UTF-16 and UTF-32 when the file starts
  with their byte-order mark (what spreadsheet programs write for "Unicode text").
* A file is refused as a whole (:class:`UnreadableFileError`, before anything is
  yielded) when it is missing, empty, binary (a known binary signature, NUL bytes or
  control characters near the start), or when its first line is not valid text.
* In a UTF-8 file, a row that holds invalid bytes or a NUL byte is *one* bad row:
  it is reported with its line number and the byte offset of the first bad byte,
  and reading goes on.
* Line endings: ``\\n``, ``\\r\\n`` and old-Macintosh ``\\r``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from crossline.errors import UnreadableFileError

# How much of a file is looked at to decide its encoding, whether it is binary and
# which format it is. Large enough for any real header line.
HEAD_BYTES = 64 * 1024

# Python's csv module refuses fields over 128 KiB by default; complaint narratives
# and call transcripts can be megabytes long. 64 MiB keeps a bound on memory for a
# single field while accepting any narrative a person could write.
FIELD_SIZE_LIMIT = 64 * 1024 * 1024
if csv.field_size_limit() < FIELD_SIZE_LIMIT:
    csv.field_size_limit(FIELD_SIZE_LIMIT)

DELIMITERS = (",", ";", "\t", "|")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian mark starts with UTF-16's.
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP archive (an .xlsx workbook?): export the sheet as CSV UTF-8"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (.xls?): export the sheet as CSV UTF-8"),
    (b"\x1f\x8b", "gzip-compressed: decompress it first"),
    (b"BZh", "bzip2-compressed: decompress it first"),
    (b"\xfd7zXZ\x00", "xz-compressed: decompress it first"),
    (b"%PDF", "a PDF document"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PAR1", "a Parquet file"),
)

# Control characters other than tab, line feed, vertical tab, form feed, carriage
# return and escape. A text file has (almost) none.
_CONTROL = re.compile(rb"[\x01-\x08\x0e-\x1a\x1c-\x1f]")
_SURROGATE = re.compile("[\udc80-\udcff]")


@dataclass(frozen=True, slots=True)
class Inspected:
    """What the first bytes of a file say about it."""

    path: Path
    encoding: str  # "utf-8", "utf-16-le", ...
    bom: int  # length of the byte-order mark to skip
    head: bytes  # the first HEAD_BYTES bytes, as read
    text: str  # the head decoded (invalid bytes replaced), without the mark

    @property
    def first_line(self) -> str:
        """The first non-blank line of the head, without its line ending."""
        for line in self.text.splitlines():
            if line.strip():
                return line
        return ""


def inspect(path: Path) -> Inspected:
    """Read the head of ``path`` and refuse it if it cannot be a text file.

    Raises :class:`UnreadableFileError` for a missing or unreadable path, an empty
    file, a known binary signature, NUL or control bytes near the start, or a first
    line that is not valid in the detected encoding.
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEAD_BYTES)
    except FileNotFoundError as exc:
        raise UnreadableFileError(f"{path}: no such file", path=str(path)) from exc
    except IsADirectoryError as exc:
        raise UnreadableFileError(f"{path}: is a directory, not a file", path=str(path)) from exc
    except OSError as exc:
        raise UnreadableFileError(
            f"{path}: cannot be read ({exc.strerror})", path=str(path)
        ) from exc

    encoding, bom = "utf-8", 0
    for mark, name in _BOMS:
        if head.startswith(mark):
            encoding, bom = name, len(mark)
            break
    body = head[bom:]
    if not body.strip(b" \t\r\n\x00"):
        raise UnreadableFileError(f"{path}: the file is empty", path=str(path))
    for signature, what in _SIGNATURES:
        if body.startswith(signature):
            raise UnreadableFileError(f"{path}: this is {what}, not a text file", path=str(path))
    if encoding == "utf-8":
        # A stray NUL in a long text file costs one row; many NULs, or one in the header
        # line, mean the file is not text at all (or UTF-16 without its mark).
        nul = body.find(b"\x00")
        first_end = body.find(b"\n")
        if nul >= 0 and (
            body.count(b"\x00") > len(body) // 1000 or first_end < 0 or nul < first_end
        ):
            raise UnreadableFileError(
                f"{path}: binary data (NUL byte at byte offset {bom + nul}); expected a text "
                "file in UTF-8 (a UTF-16 file must start with its byte-order mark)",
                path=str(path),
            )
        controls = len(_CONTROL.findall(body))
        if controls > max(8, len(body) // 100):
            raise UnreadableFileError(
                f"{path}: binary data ({controls} control bytes in the first {len(body)} "
                "bytes); expected a text file",
                path=str(path),
            )
        text = _decode_head_utf8(path, body, bom)
    else:
        # Cut to whole code units so a partial character at the end is not an error.
        unit = 4 if encoding.startswith("utf-32") else 2
        text = body[: len(body) - len(body) % unit].decode(encoding, "replace")
    return Inspected(path=path, encoding=encoding, bom=bom, head=head, text=text)


def _decode_head_utf8(path: Path, body: bytes, bom: int) -> str:
    end = body.find(b"\n")
    first = body if end < 0 else body[:end]
    try:
        first.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A character cut by the HEAD_BYTES boundary is not an error.
        if end >= 0 or exc.end < len(first) or exc.reason != "unexpected end of data":
            raise UnreadableFileError(
                f"{path}: line 1 is not valid UTF-8 (byte 0x{first[exc.start]:02X} at byte "
                f"offset {bom + exc.start}); save the file as UTF-8 (or UTF-16 with its "
                "byte-order mark)",
                path=str(path),
            ) from exc
    return body.decode("utf-8", "replace")


def describe_bad_utf8(raw: bytes, line: int, offset: int) -> str | None:
    """Why a physical line cannot be read as UTF-8 text, or None when it can.

    ``offset`` is the byte offset of the line in the file, so the message points at
    the exact byte.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return (
            f"line {line}: byte 0x{raw[exc.start]:02X} at byte offset {offset + exc.start} "
            f"(column {exc.start + 1} of the line) is not valid UTF-8; expected UTF-8 text "
            "(was the file saved as Windows-1252 / Latin-1?)"
        )
    nul = text.find("\x00")
    if nul >= 0:
        byte = offset + len(text[:nul].encode("utf-8"))
        return f"line {line}: NUL byte at byte offset {byte}; expected text, found binary data"
    return None


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
        if ins.encoding != "utf-8":
            yield from self._generate_decoded()
            return
        with open(ins.path, "rb") as fh:
            fh.seek(ins.bom)
            raw_lines: Iterator[bytes] = iter(fh)
            if b"\r" in ins.head and b"\n" not in ins.head:
                # Old Macintosh line endings ("CSV (Macintosh)" exports): to Python the
                # whole file is one line, so split it on CR here.
                raw_lines = iter(re.split(rb"(?<=\r)", fh.read()))
            offset = ins.bom
            for line_no, raw in enumerate(raw_lines, start=1):
                try:
                    text = raw.decode("utf-8")
                    if "\x00" in text:
                        raise ValueError
                except (UnicodeDecodeError, ValueError):
                    problems.append(describe_bad_utf8(raw, line_no, offset) or "")
                    # Keep the bad bytes visible (\xe9) in the raw text and the row shape.
                    text = raw.decode("utf-8", "backslashreplace").replace("\x00", "\\x00")
                offset += len(raw)
                if text:
                    buf.append(text)
                    yield text

    def _generate_decoded(self) -> Iterator[str]:
        ins = self.inspected
        data = ins.path.read_bytes()[ins.bom :]
        try:
            text = data.decode(ins.encoding)
        except UnicodeDecodeError as exc:
            raise UnreadableFileError(
                f"{ins.path}: invalid {ins.encoding.upper()} at byte offset "
                f"{ins.bom + exc.start}; the file cannot be decoded",
                path=str(ins.path),
            ) from exc
        buf = self._buf
        for line in text.splitlines(keepends=True):
            if "\x00" in line:
                self._problems.append(
                    f"line {self._next_line + len(buf)}: NUL character; expected text"
                )
            buf.append(line)
            yield line


@dataclass(slots=True)
class CsvRow:
    """One logical CSV row (it may span several physical lines)."""

    line: int  # 1-based physical line where the row starts
    fields: list[str] | None  # None when the row could not be parsed
    raw: str  # the row's text as in the file (bad bytes shown as \\xNN)
    problem: str | None = None  # why the row cannot be used, if known here
    complete: bool = True  # False when the file ends inside this row without a newline


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
            yield CsvRow(line=line, fields=fields, raw=raw, problem=problem, complete=complete)


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


def open_csv(path: Path, score: Callable[[list[str]], int]) -> CsvFile:
    """Open ``path`` as CSV and read its header.

    The delimiter (comma, semicolon, tab or pipe) is the one under which ``score``
    (the number of header cells a format recognises) is highest, so a semicolon
    export of a known format is read correctly. Raises
    :class:`UnreadableFileError` when the file is not text.
    """
    inspected = inspect(path)
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
        part = self.text[start:end]
        if _SURROGATE.search(part) is None:
            return part
        return part.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")

    def problem_in(self, start: int, end: int, line: int) -> str | None:
        """Describe the first invalid byte between ``start`` and ``end``, if any."""
        match = _SURROGATE.search(self.text, start, end)
        if match is None:
            return None
        prefix = self.text[: match.start()].encode("utf-8", "surrogateescape")
        byte = ord(match.group()) - 0xDC00
        return (
            f"line {line}: byte 0x{byte:02X} at byte offset {self.inspected.bom + len(prefix)} "
            "is not valid UTF-8; expected UTF-8 text"
        )


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
