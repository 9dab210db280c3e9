"""Shared machinery of the record formats: CSV reading and JSON record arrays.

A format subclasses :class:`TabularFormat`, declares its columns and writes one
method, :meth:`TabularFormat.build`, that turns a :class:`Row` into a Report or
raises :class:`RowError`. Everything else (encoding, delimiter, column counts,
line numbers, quarantine reasons, overrides) is done once, here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

from crossline.domain import FieldWarning, Rejected, Report, SuspectIdentifier
from crossline.errors import UnreadableFileError
from crossline.ingest.base import Item, ReadOptions
from crossline.ingest.columns import Column, ColumnSet, HeaderMap, Row, RowError
from crossline.ingest.dates import US_EASTERN, DateConvention, DateError, read_datetime
from crossline.ingest.jsonstream import Record, RecordStream
from crossline.ingest.textio import CsvFile, head_header, inspect, open_csv
from crossline.ingest.values import parse_currency, parse_flag, read_amount

SYNTHETIC = Column(
    "synthetic",
    ("is_synthetic", "synthetic_data"),
    doc="yes/no: the row is made-up demo or test data (sets Report.synthetic)",
)


@dataclass(frozen=True, slots=True)
class Context:
    """Per-read settings: the source name and jurisdiction recorded on reports."""

    source: str
    jurisdiction: str


#: A time as read from a field: (UTC datetime or None, the text as written or None).
When = tuple[datetime | None, str | None]
NO_TIME: When = (None, None)


def iso(when: When) -> str | None:
    """The time read, as ISO text (a row's canonical value for ``Row.content_ref``)."""
    return when[0].isoformat() if when[0] else None


class TabularFormat:
    """Base of formats made of records with named fields."""

    name: str
    description: str
    default_source: ClassVar[str]
    default_jurisdiction: ClassVar[str]
    convention: ClassVar[DateConvention]
    columns: ClassVar[ColumnSet]

    def context(self, options: ReadOptions) -> Context:
        return Context(
            source=options.source or self.default_source,
            jurisdiction=options.jurisdiction or self.default_jurisdiction,
        )

    @property
    def header_hint(self) -> str:
        """What a file's header needs for this format (for UnknownFormatError)."""
        return self.columns.requirement()

    def build(self, row: Row, ctx: Context) -> Report:
        """Turn one row into a Report; raise RowError when it cannot be used."""
        raise NotImplementedError

    # Building blocks of build() ---------------------------------------------

    def when(self, row: Row, key: str, raw: str | None = None) -> When:
        """(UTC datetime, original text) of a date field.

        A date that cannot be read leaves the field empty with a warning on the row
        (the text is kept as the ``*_raw`` value); a date read in the other day/month
        order because that is its only valid reading is kept, with a warning.
        """
        text = raw if raw is not None else row.values.get(key)
        if text is None:
            return None, None
        try:
            value, note = read_datetime(text, self.convention)
        except DateError as exc:
            row.warn(key, text, exc.message)
            return None, text
        if note:
            row.warn(key, text, note)
        return value, text

    def amount(
        self, row: Row, key: str, default_currency: str, currency_key: str | None = None
    ) -> tuple[Decimal | None, str | None]:
        """(amount, ISO currency) of an amount field; (None, None) when there is none.

        An amount (or currency) that cannot be read leaves the field empty with a
        warning on the row; ``N/A``, ``nil``, ``unknown``, ``-`` are no amount, silently.
        """
        text = row.values.get(key)
        currency = default_currency
        if currency_key and row.values.get(currency_key):
            try:
                currency = parse_currency(row.values.get(currency_key) or "")
            except ValueError as exc:
                row.warn(currency_key, row.values.get(currency_key) or "", str(exc))
        if text is None:
            return None, None
        try:
            found = read_amount(text, currency)
        except ValueError as exc:
            row.warn(key, text, str(exc))
            return None, None
        return found if found is not None else (None, None)

    def report(
        self,
        row: Row,
        ctx: Context,
        ref: str,
        *,
        received: When = NO_TIME,
        incident: When = NO_TIME,
        **fields: Any,
    ) -> Report:
        """The Report of one row: ``ctx``'s source and jurisdiction, ``ref`` as its
        source_ref, the ``received`` and ``incident`` times as :meth:`when` reads them,
        the row's synthetic mark and the format's own ``fields``."""
        return Report(
            source=ctx.source,
            source_ref=ref,
            jurisdiction=ctx.jurisdiction,
            received_at=received[0],
            received_raw=received[1],
            incident_at=incident[0],
            incident_raw=incident[1],
            synthetic=self.synthetic(row),
            **fields,
        )

    def build_item(self, row: Row, ctx: Context, *args: Any) -> Report:
        """:meth:`build`, with the warnings its values left on the row attached."""
        report = self.build(row, ctx, *args)  # type: ignore[call-arg]
        if not row.warnings:
            return report
        unread = [{"field": w.field, "raw": w.raw, "reason": w.reason} for w in row.warnings]
        return replace(
            report, warnings=tuple(row.warnings), extra={**report.extra, "warnings": unread}
        )

    def synthetic(self, row: Row) -> bool:
        text = row.values.get("synthetic")
        if text is None:
            return False
        try:
            return parse_flag(text)
        except ValueError as exc:
            raise row.error("synthetic", str(exc)) from exc

    @staticmethod
    def suspects(
        row: Row, fields: Sequence[tuple[str, str | None]]
    ) -> tuple[SuspectIdentifier, ...]:
        """Suspect identifiers from the given (key, kind) fields, every value of each."""
        out: list[SuspectIdentifier] = []
        values, labels = row.values, row.labels
        for key, kind in fields:
            value = values.get(key)
            if value is None:
                continue
            label = labels.get(key, key)
            if ";" in value or "|" in value or "\n" in value:
                out.extend(SuspectIdentifier(label, v, kind) for v in row.all(key))
            else:
                out.append(SuspectIdentifier(label, value, kind))
        return tuple(out)

    @staticmethod
    def extra(row: Row, keep: Sequence[str] = (), **more: Any) -> dict[str, Any]:
        """Report.extra: the source line, unknown columns, the ``keep`` fields (under their
        source names) and format-specific values."""
        extra: dict[str, Any] = dict(row.extra)
        if "line" in extra:  # a source column called "line" must not be overwritten
            extra["line (source column)"] = extra.pop("line")
        extra["line"] = row.line
        values, labels = row.values, row.labels
        for key in keep:
            value = values.get(key)
            if value is not None:
                extra[labels.get(key, key)] = value
        for key, value in more.items():
            if value not in (None, "", [], {}):
                extra[key] = value
        return extra


class UsFormat(TabularFormat):
    """A US public-data format: reports of the US, times read as US Eastern."""

    default_jurisdiction = "US"
    convention = US_EASTERN


class CsvFormat(TabularFormat):
    """A format read from CSV (comma, semicolon, tab or pipe separated)."""

    def sniff(self, path: Path, head: bytes) -> bool:
        """True when the first line is a header with this format's required columns."""
        del head  # the decoded head from textio.inspect handles byte-order marks
        try:
            inspected = inspect(path)
        except UnreadableFileError:
            return False
        header = head_header(inspected, self.columns.score)
        return len(header) > 1 and self.columns.matches(header)

    def read(self, path: Path, options: ReadOptions) -> Iterator[Item]:
        """Check the file and its header now; return an iterator over its rows."""
        path = Path(path)
        csv_file = open_csv(path, self.columns.score, options.encoding)
        header = self.columns.map_header(path, csv_file.header, self.name)
        return self._rows(csv_file, header, self.context(options))

    def _rows(self, csv_file: CsvFile, header: HeaderMap, ctx: Context) -> Iterator[Item]:
        width = header.width
        guessed = csv_file.inspected.guessed  # said once, on the first stored row
        for raw_row in csv_file.rows():
            line, raw = raw_row.line, raw_row.raw
            if raw_row.problem is not None or raw_row.fields is None:
                yield Rejected(line, raw, raw_row.problem or "unreadable row")
                continue
            cells = raw_row.fields
            if len(cells) != width:
                if len(cells) > width and not any(c.strip() for c in cells[width:]):
                    cells = cells[:width]  # trailing empty cells (a stray delimiter) lose nothing
                else:
                    yield Rejected(
                        line, raw, self._width_reason(csv_file, raw_row, len(cells), width)
                    )
                    continue
            row = header.row(cells, line)
            notes = [*raw_row.notes, *([guessed] if guessed else [])]
            for note in notes:
                row.warnings.append(
                    FieldWarning(line, "(encoding)", csv_file.inspected.encoding, note)
                )
            try:
                yield self.build_item(row, ctx)
                guessed = None
            except RowError as exc:
                yield Rejected(line, raw, str(exc), exc.label)

    @staticmethod
    def _width_reason(csv_file: CsvFile, raw_row: Any, found: int, width: int) -> str:
        what = "too many" if found > width else "too few"
        reason = (
            f"{what} fields: found {found}, expected {width} (the header has {width} "
            f"{csv_file.delimiter_name}-separated columns)"
        )
        if found == 1 and width > 1:
            reason += f"; no {csv_file.delimiter_name} in this row"
        if not raw_row.complete:
            reason += "; the last line has no line ending: the file looks truncated"
        return reason


def json_records(
    path: Path, list_keys: tuple[str, ...], encoding: str | None = None
) -> RecordStream:
    """The records of a JSON document: a top-level array or ``{"<key>": [...]}``, read as
    a stream (memory bounded by one record, see :mod:`crossline.ingest.jsonstream`).

    The document is checked up to its first record now, so one that is not JSON at all
    raises UnreadableFileError before a single record is used. A document that breaks
    off after some records (a truncated download) gives those records, then its
    ``tail`` (see :func:`tail_item`) for the unreadable rest.
    """
    return RecordStream(path, list_keys, encoding)


class JsonFormat(TabularFormat):
    """A format read from a JSON document of records: a top-level array, or the array
    under one of ``list_keys``. A format says what the document's head holds
    (:meth:`looks_like`) and turns one record into a Report (:meth:`item`)."""

    list_keys: ClassVar[tuple[str, ...]]

    def sniff(self, path: Path, head: bytes) -> bool:
        """True when the file opens a JSON object or array that looks like this format's."""
        del path
        return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[") and self.looks_like(head)

    def looks_like(self, head: bytes) -> bool:
        """True when the document's first bytes hold what this format's records hold."""
        raise NotImplementedError

    def read(self, path: Path, options: ReadOptions) -> Iterator[Item]:
        """Check the document up to its first record now; return an iterator over its items."""
        records = json_records(Path(path), self.list_keys, options.encoding)
        ctx = self.context(options)
        return json_items(self.elements(records), records, lambda r: self.item(r, ctx))

    def elements(self, records: RecordStream) -> Iterable[Record | Rejected]:
        """The records to make items of (a format may split some into several)."""
        return records

    def item(self, record: Record, ctx: Context) -> Report:
        """Turn one record into a Report; raise RowError when it cannot be used."""
        raise NotImplementedError


def json_items(
    records: Iterable[Record | Rejected],
    stream: RecordStream,
    build: Callable[[Record], Item],
) -> Iterator[Item]:
    """The items of a JSON document's records: ``build``'s item for each record, a
    Rejected for a record with an invalid byte or one ``build`` refuses (RowError) and,
    last, the unreadable rest of ``stream``, if any. ``records`` are the stream's own or
    made from them (a Rejected among them is passed on)."""
    for record in records:
        if isinstance(record, Rejected):
            yield record
            continue
        problem = record.problem()
        if problem:
            yield Rejected(record.line, record.raw(), problem)
            continue
        try:
            yield build(record)
        except RowError as exc:
            yield Rejected(record.line, record.raw(), str(exc), exc.label)
    if (bad := tail_item(stream)) is not None:
        yield bad


def tail_item(stream: RecordStream) -> Rejected | None:
    """The unreadable rest of a document, once its records are read, as one bad item."""
    tail = stream.tail
    return None if tail is None else Rejected(tail.line, tail.raw, tail.reason)
