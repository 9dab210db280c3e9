"""The records of a JSON document, read as a stream: memory bounded by one record.

A JSON export of complaints can be hundreds of megabytes; decoding it whole costs the
text plus every parsed record at once. Here the file is decoded in chunks into a
sliding window and each array element is parsed with the C decoder
(``json.JSONDecoder.raw_decode``) as soon as it is complete in the window; what was
parsed is dropped. Memory is bounded by the largest record (at most
:data:`MAX_RECORD_CHARS`) plus a chunk, whatever the file's size.

The rules are those of the whole-document reader (:mod:`crossline.ingest.jsondoc`),
with the same messages: every record keeps its line; a document that is not JSON is
refused before any record is used; one cut short gives every complete record before
the cut and then one bad item for the rest.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from crossline.errors import UnreadableFileError
from crossline.ingest.encodings import KEPT_BYTE, Inspected, describe_kept_byte, inspect, visible

CHUNK_BYTES = 1 << 20
#: Largest record (array element) held in memory, in characters: the same bound as one
#: CSV field (``textio.FIELD_SIZE_LIMIT``); a bigger one ends the read with a bad item.
MAX_RECORD_CHARS = 64 * 1024 * 1024
# A value cut at the window's end fails within a few characters of it ("tru", "-",
# "\\u12"); a failure further back is a real syntax error.
_CUT_MARGIN = 16
_DECODER = json.JSONDecoder(parse_float=Decimal)
_WS = re.compile(r"[ \t\r\n]*")


@dataclass(slots=True)
class Record:
    """One array element: its value, its text as in the file and where it started."""

    line: int
    value: Any
    text: str  # decoded; invalid UTF-8 bytes kept as lone surrogates
    byte_start: int  # byte offset of the element in the file (for bad-byte messages)

    def raw(self) -> str:
        """The element's text, invalid bytes shown as ``\\xNN``."""
        return visible(self.text)

    def problem(self) -> str | None:
        """Describe the first invalid byte of the element, if any."""
        return describe_kept_byte(self.text, self.line, self.byte_start)


@dataclass(slots=True)
class Tail:
    """The part of the document that could not be read, from ``line`` on."""

    line: int
    raw: str  # its beginning (bounded), invalid bytes shown as ``\\xNN``
    reason: str


class Window:
    """Decoded text of a file in a sliding window, with line and byte positions."""

    def __init__(self, inspected: Inspected, chunk: int = CHUNK_BYTES) -> None:
        self.inspected = inspected
        self.chunk = chunk
        errors = "surrogateescape" if inspected.encoding == "utf-8" else "strict"
        self._decoder = codecs.getincrementaldecoder(inspected.encoding)(errors)
        self._fh = open(inspected.path, "rb")  # noqa: SIM115 - closed by close()
        self._fh.seek(inspected.bom)
        self._bytes_read = inspected.bom
        self.text = ""
        self.eof = False
        self.base_line = 1  # line of text[0]
        self.base_col = 0  # characters before text[0] on its line
        self.base_byte = inspected.bom  # byte offset of text[0] (UTF-8: exact)
        self._cursor = (0, 1)  # (offset, line) of the last line lookup

    def close(self) -> None:
        self._fh.close()

    def more(self, at_least: int = 0) -> bool:
        """Read the next chunk (or ``at_least`` bytes); False at the end of the file."""
        if self.eof:
            return False
        data = self._fh.read(max(self.chunk, at_least))
        try:
            self.text += self._decoder.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            at = self._bytes_read + exc.start
            raise UnreadableFileError(
                f"{self.inspected.path}: invalid {self.inspected.encoding.upper()} at byte "
                f"offset {at}; the file cannot be decoded",
                path=str(self.inspected.path),
            ) from exc
        self._bytes_read += len(data)
        if not data:
            self.eof = True
        return True

    def line(self, offset: int) -> int:
        """The line of ``offset`` in the window (offsets visited in increasing order)."""
        pos, line = self._cursor
        if offset < pos:
            pos, line = 0, self.base_line
        line += self.text.count("\n", pos, offset)
        self._cursor = (offset, line)
        return line

    def byte(self, offset: int) -> int:
        """Byte offset in the file of ``offset`` in the window (exact for UTF-8)."""
        if self.inspected.encoding != "utf-8":
            return self.base_byte
        return self.base_byte + len(self.text[:offset].encode("utf-8", "surrogateescape"))

    def drop(self, offset: int) -> int:
        """Forget the window's text before ``offset`` (parsed already); the new offset of
        what was at ``offset``. The text is cut only once the parsed part is most of the
        window, so each character is copied a bounded number of times."""
        if offset <= max(self.chunk, len(self.text) // 2):
            return offset
        gone = self.text[:offset]
        self.base_line = self.line(offset)
        newline = gone.rfind("\n")
        self.base_col = offset - newline - 1 if newline >= 0 else self.base_col + offset
        if self.inspected.encoding == "utf-8":
            self.base_byte += len(gone.encode("utf-8", "surrogateescape"))
        self.text = self.text[offset:]
        self._cursor = (0, self.base_line)
        return 0

    def where(self, exc: json.JSONDecodeError) -> str:
        """``line L column C`` of a decoding error, in the file."""
        line = self.base_line + exc.lineno - 1
        column = exc.colno + (self.base_col if exc.lineno == 1 else 0)
        return f"line {line} column {column}"

    def skip_ws(self, pos: int) -> int:
        """The first non-blank offset from ``pos``, reading on as needed (may be the end)."""
        while True:
            pos = _WS.match(self.text, pos).end()  # type: ignore[union-attr]
            if pos < len(self.text) or not self.more():
                return pos

    def char(self, pos: int) -> str:
        """The character at ``pos`` ('' at the end of the file), reading on as needed."""
        pos = self.skip_ws(pos)
        return self.text[pos : pos + 1]

    def decode(self, pos: int) -> tuple[Any, int]:
        """The JSON value starting at ``pos`` and the offset after it, reading on until the
        value is complete. Raises json.JSONDecodeError (a real syntax error, or the end of
        the file inside the value) or ValueError (the value is over the record bound)."""
        while True:
            try:
                value, end = _DECODER.raw_decode(self.text, pos)
            except json.JSONDecodeError as exc:
                cut = exc.pos >= len(self.text) - _CUT_MARGIN or exc.msg.startswith(
                    "Unterminated string"
                )
                if not cut or not self._grow(pos):
                    raise
                continue
            # A number that ends near the window's end may go on in the file ("3" of
            # "3e5"): decoded again once the window reaches past it.
            if end < len(self.text) - _CUT_MARGIN or not self._grow(pos):
                return value, end

    def _grow(self, pos: int) -> bool:
        held = len(self.text) - pos
        if held > MAX_RECORD_CHARS:
            raise ValueError(
                f"a record is larger than the limit of {MAX_RECORD_CHARS:,} characters (or a "
                "quote is not closed and swallowed what follows)"
            )
        # Read as much again as the value holds so far: a big record is parsed a bounded
        # number of times, not once per chunk.
        return self.more(at_least=held)

    def rest(self, pos: int, limit: int = 4096) -> str:
        """The text from ``pos`` (at most ``limit`` characters), bad bytes as ``\\xNN``."""
        return visible(self.text[pos : pos + limit])


class RecordStream:
    """The records of a JSON document: a top-level array or ``{"<list_key>": [...]}``.

    Opening checks the document up to its first record (UnreadableFileError when it
    is not such a document); iterate for the records (:class:`Record`), then read
    ``tail`` for the unreadable rest, if any.
    """

    def __init__(
        self,
        path: Path,
        list_keys: tuple[str, ...],
        encoding: str | None = None,
        *,
        chunk: int = CHUNK_BYTES,
    ) -> None:
        self.path = Path(path)
        self.window = Window(inspect(self.path, encoding), chunk)
        self.tail: Tail | None = None
        self._top_array = False
        self._closed_at = 0
        try:
            self._pos = self._locate(list_keys)
            self._first = self._next()
        except BaseException:
            self.window.close()
            raise
        if self._first is None and self.tail is not None:
            self.window.close()
            raise UnreadableFileError(f"{path}: {self.tail.reason}", path=str(path))

    def __iter__(self) -> Iterator[Record]:
        try:
            record = self._first
            self._first = None
            while record is not None:
                yield record
                record = self._next()
            if self.tail is None and self._top_array:
                self._check_end()
        finally:
            self.window.close()

    # -- locating the array ---------------------------------------------------------------

    def _unreadable(self, message: str) -> UnreadableFileError:
        return UnreadableFileError(f"{self.path}: {message}", path=str(self.path))

    def _locate(self, list_keys: tuple[str, ...]) -> int:
        w = self.window
        w.more()
        pos = w.skip_ws(0)
        first = w.text[pos : pos + 1]
        if first == "[":
            self._top_array = True
            return self._open_array(pos)
        if first != "{":
            raise self._unreadable(
                f"expected a JSON array or object, found {w.text[pos : pos + 20]!r}"
            )
        try:
            start = self._find_list(pos, list_keys)
        except (json.JSONDecodeError, ValueError) as exc:
            raise self._unreadable(_invalid(exc, w)) from exc
        if start is None:
            names = ", ".join(repr(k) for k in list_keys)
            raise self._unreadable(
                f"a JSON object without a list of records (expected a member {names})"
            )
        return self._open_array(start)

    def _find_list(self, pos: int, list_keys: tuple[str, ...]) -> int | None:
        w = self.window
        pos = w.skip_ws(pos + 1)
        if w.char(pos) == "}":
            return None
        while True:
            key, pos = w.decode(pos)
            pos = w.skip_ws(pos)
            if w.char(pos) != ":":
                raise json.JSONDecodeError("expected ':'", w.text, pos)
            start = w.skip_ws(pos + 1)
            if key in list_keys and w.char(start) == "[":
                return start
            _, end = w.decode(start)
            pos = w.skip_ws(w.drop(end))  # members before the list are not kept
            if w.char(pos) == "}":
                return None
            if w.char(pos) != ",":
                raise json.JSONDecodeError("expected ',' or '}'", w.text, pos)
            pos = w.skip_ws(pos + 1)

    def _open_array(self, bracket: int) -> int:
        w = self.window
        pos = w.skip_ws(bracket + 1)
        if w.char(pos) == "]":
            self._closed_at = pos
            return -1
        return pos

    # -- the records -----------------------------------------------------------------------

    def _next(self) -> Record | None:
        if self._pos < 0:
            return None
        w = self.window
        start = self._pos
        line = w.line(start)
        try:
            value, end = w.decode(start)
        except json.JSONDecodeError as exc:
            self._end(start, line, _truncated_or_invalid(exc, w))
            return None
        except ValueError as exc:
            self._end(start, line, str(exc))
            return None
        text = w.text[start:end]
        # The byte offset is only needed to name a bad byte: computed for those records.
        at = w.byte(start) if KEPT_BYTE.search(text) else 0
        record = Record(line, value, text, at)
        pos = w.skip_ws(end)
        after = w.text[pos : pos + 1]
        if after == "]":
            self._closed_at = pos
            self._pos = -1
        elif after == ",":
            self._pos = w.skip_ws(w.drop(pos + 1))
        elif not after:
            self._end(pos, w.line(pos), "the JSON array is not closed: the file looks truncated")
        else:
            self._end(pos, w.line(pos), f"expected ',' or ']' after an element, found {after!r}")
        return record

    def _end(self, pos: int, line: int, reason: str) -> None:
        self.tail = Tail(line, self.window.rest(pos), reason)
        self._pos = -1

    def _check_end(self) -> None:
        """A top-level array must be the whole document."""
        w = self.window
        rest = w.skip_ws(self._closed_at + 1)
        if rest < len(w.text):
            line = w.line(rest)
            self.tail = Tail(
                line, w.rest(rest), f"line {line}: unexpected data after the JSON array"
            )


def _truncated_or_invalid(exc: json.JSONDecodeError, w: Window) -> str:
    where = w.where(exc)
    # "Unterminated string" means the decoder reached the end looking for a quote.
    if exc.pos >= len(w.text.rstrip()) or exc.msg.startswith("Unterminated string"):
        return f"the JSON document ends inside a record ({where}): the file looks truncated"
    return f"invalid JSON at {where}: {exc.msg}"


def _invalid(exc: Exception, w: Window) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"invalid JSON at {w.where(exc)}: {exc.msg}"
    return str(exc)
