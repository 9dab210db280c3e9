"""Columns, rows and identity: what every tabular reader shares.

A format declares its columns (a canonical key, the header names it accepts,
whether it is required). A header is matched after normalising names (case,
spaces and punctuation do not matter: ``Company_Phone_Number``, ``company phone
number`` and ``Company-Phone-Number`` are one column). Cells of unknown columns are
kept in ``Report.extra`` under their original header name.

Identity: a report's ``source_ref`` is the source's own id when the format has
one; otherwise :meth:`Row.content_ref`, a hash of the row's canonical content, so
the same complaint gets the same id in any file, column order or delimiter.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from crossline.domain import FieldWarning
from crossline.errors import UnreadableFileError

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_MULTI = re.compile(r"\s*(?:;|\||\n)\s*")


def normalize_name(name: str) -> str:
    """``"Consumer consent provided?"`` -> ``"consumer_consent_provided"``."""
    return _NON_ALNUM.sub("_", name.strip().lstrip("\ufeff").lower()).strip("_")


@dataclass(frozen=True, slots=True)
class Column:
    """One column a format understands."""

    key: str  # canonical key, also an accepted header name
    aliases: tuple[str, ...] = ()  # other accepted header names (any spelling)
    required: bool = False  # the header must have it
    doc: str = ""  # what it holds, for docs/formats.md

    def names(self) -> tuple[str, ...]:
        return (normalize_name(self.key), *(normalize_name(a) for a in self.aliases))


class ColumnSet:
    """The columns of one format, with header matching."""

    def __init__(self, columns: Sequence[Column]) -> None:
        self.columns = tuple(columns)
        self._by_name: dict[str, str] = {}
        for column in self.columns:
            for name in column.names():
                if self._by_name.setdefault(name, column.key) != column.key:
                    raise ValueError(f"header name {name!r} claimed by two columns")

    def key_of(self, header_name: str) -> str | None:
        return self._by_name.get(normalize_name(header_name))

    def score(self, header: Sequence[str]) -> int:
        """How many header cells name a known column (used to choose the delimiter)."""
        return sum(1 for h in header if self.key_of(h) is not None)

    def required(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.required)

    def matches(self, header: Sequence[str]) -> bool:
        keys = {self.key_of(h) for h in header}
        return all(c.key in keys for c in self.required())

    def requirement(self) -> str:
        """Human description of the required header, for error messages."""
        parts = []
        for c in self.required():
            alts = " / ".join((c.key, *c.aliases[:2]))
            parts.append(alts)
        return "columns " + ", ".join(parts)

    def map_header(self, path: object, header: Sequence[str], fmt: str) -> HeaderMap:
        """Map header cells to keys; raise UnreadableFileError when required ones are missing."""
        known: dict[str, int] = {}
        labels: dict[str, str] = {}
        unknown: list[tuple[int, str]] = []
        for index, name in enumerate(header):
            key = self.key_of(name)
            if key is None:
                unknown.append((index, name or f"column {index + 1}"))
                continue
            if key in known:
                raise UnreadableFileError(
                    f"{path}: columns {labels[key]!r} and {name!r} both mean {key!r} for "
                    f"format {fmt}; keep one of them",
                    path=str(path),
                )
            known[key] = index
            labels[key] = name
        missing = [c for c in self.required() if c.key not in known]
        if missing:
            wanted = "; ".join(
                f"{c.key} (accepted names: {', '.join((c.key, *c.aliases))})" for c in missing
            )
            found = ", ".join(repr(h) for h in header[:30])
            raise UnreadableFileError(
                f"{path}: not a {fmt} file: missing required column(s) {wanted}. "
                f"Found columns: {found}",
                path=str(path),
            )
        return HeaderMap(known, labels, tuple(unknown), len(header))


@dataclass(frozen=True, slots=True)
class HeaderMap:
    """Where each known column is in a CSV header, and which cells are unknown."""

    index: dict[str, int]
    labels: dict[str, str]  # key -> header name as written
    unknown: tuple[tuple[int, str], ...]
    width: int

    def row(self, cells: Sequence[str], line: int) -> Row:
        """The Row of ``cells``, which has exactly ``width`` items (the reader checks)."""
        values = {k: v for k, i in self.index.items() if (v := cells[i].strip())}
        extra: dict[str, Any] = (
            {name: v for i, name in self.unknown if (v := cells[i].strip())} if self.unknown else {}
        )
        return Row(line, values, self.labels, extra)


class RowError(Exception):
    """A row cannot become a report; ``label`` names the source field."""

    def __init__(self, label: str | None, message: str) -> None:
        super().__init__(f"{label}: {message}" if label else message)
        self.label = label
        self.message = message


@dataclass(slots=True)
class Row:
    """The non-empty values of one source row, by canonical key."""

    line: int
    values: dict[str, str]  # key -> non-empty text (a JSON list is joined by newlines)
    labels: Mapping[str, str]  # key -> field name as the source wrote it
    extra: dict[str, Any]  # unknown columns, by their original name
    warnings: list[FieldWarning] = field(default_factory=list)  # values that could not be read

    def warn(self, key: str, raw: str, reason: str) -> None:
        """Record that the value of ``key`` could not be read (the row is still stored)."""
        self.warnings.append(FieldWarning(self.line, self.label(key), raw, reason))

    def get(self, key: str) -> str | None:
        """The field's text (several values joined by newlines), or None when empty."""
        return self.values.get(key)

    def all(self, key: str) -> list[str]:
        """Every value of a multi-valued field (``;``, ``|`` or newline separate values)."""
        value = self.values.get(key)
        if value is None:
            return []
        if ";" not in value and "|" not in value and "\n" not in value:
            return [value]
        return [v for v in _MULTI.split(value) if v]

    def label(self, key: str) -> str:
        return self.labels.get(key, key)

    def error(self, key: str, message: str) -> RowError:
        return RowError(self.label(key), message)

    def content_ref(self, canonical: Mapping[str, str | None] | None = None) -> str:
        """A hash of the row's content: the same complaint gives the same ref anywhere.

        Keys are canonical (header spelling, order and delimiter do not matter);
        values are trimmed, whitespace-collapsed and NFC-normalised; ``canonical``
        replaces raw values by parsed ones (a date as UTC ISO), so ``4/14/2021`` and
        ``2021-04-14`` are the same day. The line number is not part of it.
        """
        items: dict[str, str] = {}
        for key, text in self.values.items():
            items[key] = _canon(text)
        for name, value in self.extra.items():
            items["~" + normalize_name(name)] = _canon(value)
        if canonical:
            for key, parsed in canonical.items():
                if parsed is None:
                    items.pop(key, None)
                else:
                    items[key] = parsed
        blob = "\x1e".join(f"{k}\x1f{v}" for k, v in sorted(items.items()))
        return "sha256:" + hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()[:40]


def _canon(value: Any) -> str:
    text = " ".join(str(value).split())
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def json_row(
    obj: Mapping[str, Any], columns: ColumnSet, line: int, skip: Iterable[str] = ()
) -> Row:
    """A :class:`Row` from a JSON object (values may be strings, numbers or lists)."""
    values: dict[str, str] = {}
    labels: dict[str, str] = {}
    extra: dict[str, Any] = {}
    skipped = set(skip)
    for name, value in obj.items():
        if name in skipped or value is None or value == "" or value == []:
            continue
        key = columns.key_of(name)
        if key is None:
            extra[name] = jsonable(value)
            continue
        if key in values:
            raise RowError(name, f"duplicates field {labels[key]!r} (both mean {key!r})")
        if isinstance(value, list):
            text = "\n".join(_scalar(name, v) for v in value if v not in (None, ""))
        else:
            text = _scalar(name, value)
        if text:
            values[key] = text
            labels[key] = name
    return Row(line, values, labels, extra)


def _scalar(name: str, value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (str, int, float, Decimal)):
        return str(value).strip()
    raise RowError(name, f"expected a string or number, found {type(value).__name__}")


def jsonable(value: Any) -> Any:
    """``value`` with exact decimals as strings, so ``Report.extra`` stays plain JSON."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    return value
