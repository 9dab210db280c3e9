"""Positions of the records inside a JSON document.

``json.loads`` gives values but not where they were, and a quarantined row must
name its line. The functions here walk the document with the C decoder
(``raw_decode``), one record at a time, keeping each record's offsets. A document
cut short (a truncated download) still yields every complete record before the
cut; the rest becomes one bad item.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from crossline.errors import UnreadableFileError

# Decimal for numbers with a fraction, so amounts keep their exact value.
_DECODER = json.JSONDecoder(parse_float=Decimal)
_WS = " \t\r\n"


@dataclass(slots=True)
class Element:
    """One array element: its value and where it was."""

    line: int  # 1-based line where the element starts
    start: int  # character offsets in the document
    end: int
    value: Any


@dataclass(slots=True)
class BadTail:
    """The part of the document that could not be read (from ``start`` on)."""

    line: int
    start: int
    reason: str


class Lines:
    """Offset -> line number, for offsets visited in increasing order."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._pos = 0
        self._line = 1

    def at(self, offset: int) -> int:
        if offset < self._pos:  # rare: restart from the top
            self._pos, self._line = 0, 1
        self._line += self._text.count("\n", self._pos, offset)
        self._pos = offset
        return self._line


def skip_ws(text: str, pos: int) -> int:
    n = len(text)
    while pos < n and text[pos] in _WS:
        pos += 1
    return pos


def scan_array(text: str, pos: int, lines: Lines) -> tuple[list[Element], BadTail | None]:
    """Elements of the array whose ``[`` is at ``pos``; stops at the first syntax error."""
    elements: list[Element] = []
    pos = skip_ws(text, pos + 1)
    if pos < len(text) and text[pos] == "]":
        return elements, None
    while True:
        start = pos
        try:
            value, end = _DECODER.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            return elements, _tail(text, start, exc, lines)
        elements.append(Element(lines.at(start), start, end, value))
        pos = skip_ws(text, end)
        if pos >= len(text):
            return elements, BadTail(
                lines.at(pos), pos, "the JSON array is not closed: the file looks truncated"
            )
        if text[pos] == "]":
            return elements, None
        if text[pos] != ",":
            return elements, BadTail(
                lines.at(pos), pos, f"expected ',' or ']' after an element, found {text[pos]!r}"
            )
        pos = skip_ws(text, pos + 1)


def _tail(text: str, start: int, exc: json.JSONDecodeError, lines: Lines) -> BadTail:
    where = f"line {exc.lineno} column {exc.colno}"
    # "Unterminated string" means the decoder reached the end looking for a quote.
    if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string"):
        reason = f"the JSON document ends inside a record ({where}): the file looks truncated"
    else:
        reason = f"invalid JSON at {where}: {exc.msg}"
    return BadTail(lines.at(start), start, reason)


def find_list(text: str, pos: int, list_keys: tuple[str, ...]) -> int | None:
    """Offset of the ``[`` of the first member named in ``list_keys`` of the object at ``pos``.

    Members before it are skipped with the decoder; the list itself is not decoded
    here, so a truncated list can still be scanned record by record. Raises
    ``json.JSONDecodeError`` when the object is malformed before that member.
    """
    pos = skip_ws(text, pos + 1)
    if text[pos : pos + 1] == "}":
        return None
    while True:
        key, pos = _DECODER.raw_decode(text, pos)
        pos = skip_ws(text, pos)
        if text[pos : pos + 1] != ":":
            raise json.JSONDecodeError("expected ':'", text, pos)
        start = skip_ws(text, pos + 1)
        if key in list_keys and text[start : start + 1] == "[":
            return start
        _, end = _DECODER.raw_decode(text, start)
        pos = skip_ws(text, end)
        if text[pos : pos + 1] == "}":
            return None
        if text[pos : pos + 1] != ",":
            raise json.JSONDecodeError("expected ',' or '}'", text, pos)
        pos = skip_ws(text, pos + 1)


def locate_records(path: object, text: str, list_keys: tuple[str, ...]) -> int:
    """Offset of the record array: the top-level array, or ``{"<list_key>": [...]}``.

    Raises UnreadableFileError when the document has no such array.
    """
    pos = skip_ws(text, 0)
    if text[pos : pos + 1] == "[":
        return pos
    if text[pos : pos + 1] != "{":
        found = text[pos : pos + 20]
        raise UnreadableFileError(
            f"{path}: expected a JSON array or object, found {found!r}", path=str(path)
        )
    try:
        start = find_list(text, pos, list_keys)
    except json.JSONDecodeError as exc:
        raise UnreadableFileError(
            f"{path}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}",
            path=str(path),
        ) from exc
    if start is None:
        names = ", ".join(repr(k) for k in list_keys)
        raise UnreadableFileError(
            f"{path}: a JSON object without a list of records (expected a member {names})",
            path=str(path),
        )
    return start
