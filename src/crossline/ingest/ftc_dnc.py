"""FTC Do-Not-Call reported calls: the CSV, the API's JSON and number-only daily files.

* ``ftc_dnc_csv``: the FTC's daily CSV (``Company_Phone_Number, Created_Date,
  Violation_Date, Consumer_City, Consumer_State, Consumer_Area_Code, Subject,
  Recorded_Message_Or_Robocall``). No complaint id: ``source_ref`` is the row's
  content hash, so an identical row is the same complaint.
* ``ftc_dnc_api_json``: responses of ``api.ftc.gov/v0/dnc-complaints``
  (``{"data": [{"type": "dnc_complaint", "id": ..., "attributes": {...}}]}``), a
  list of such items, or a list of such pages. ``source_ref`` is the API's ``id``.
* ``ftc_dnc_numbers``: a JSON array of reported numbers, one element per
  complaint, in a file named after the complaints' created date
  (``2021-04-14.json``). A number repeated in a day's file is several complaints:
  ``source_ref`` is ``"<date>:<number>:<k>"`` for its k-th occurrence.

Dates are ISO 8601 in America/New_York (the FTC's own zone).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from crossline.domain import Location, Rejected, Report, SuspectIdentifier
from crossline.errors import UnreadableFileError
from crossline.ingest.base import Item, ReadOptions
from crossline.ingest.columns import Column, ColumnSet, Row, RowError, json_row
from crossline.ingest.dates import US_EASTERN, DateError, parse_datetime
from crossline.ingest.jsondoc import Lines, find_list, scan_array
from crossline.ingest.jsonstream import Record, RecordStream
from crossline.ingest.tabular import (
    SYNTHETIC,
    Context,
    CsvFormat,
    JsonFormat,
    UsFormat,
    iso,
    json_records,
    tail_item,
)
from crossline.ingest.textio import inspect
from crossline.ingest.values import us_state

PHONE_FIELD = "Company_Phone_Number"

COLUMNS = ColumnSet(
    (
        Column("Company_Phone_Number", required=True, doc="the number the consumer reported"),
        Column("Created_Date", required=True, doc="when the complaint was filed (received_at)"),
        Column("Violation_Date", doc="when the call was received (incident_at)"),
        Column("Consumer_City", doc="victim city (victim_location.district)"),
        Column("Consumer_State", doc="victim state, name or code (stored as USPS code)"),
        Column("Consumer_Area_Code", doc="victim's area code"),
        Column("Subject", doc="the FTC's topic of the call (category)"),
        Column(
            "Recorded_Message_Or_Robocall",
            doc="Y: channel robocall; N or empty: channel call (raw flag kept in extra)",
        ),
        SYNTHETIC,
    )
)


_KEEP = ("Recorded_Message_Or_Robocall",)


class _DncFields(UsFormat):
    default_source = "ftc_dnc"
    columns = COLUMNS

    def build(self, row: Row, ctx: Context, ref: str | None = None) -> Report:
        get = row.values.get
        received = self.when(row, "Created_Date")
        incident = self.when(row, "Violation_Date")
        flag = get("Recorded_Message_Or_Robocall")
        channel = "robocall" if flag and flag[:1].upper() == "Y" else "call"
        if ref is None:
            ref = row.content_ref(
                {
                    "Created_Date": iso(received),
                    "Violation_Date": iso(incident),
                }
            )
        return self.report(
            row,
            ctx,
            ref,
            received=received,
            incident=incident,
            channel=channel,
            category=get("Subject"),
            victim_location=Location(
                country="US",
                state=us_state(get("Consumer_State")),
                district=get("Consumer_City"),
                area_code=get("Consumer_Area_Code"),
            ),
            suspects=self.suspects(row, (("Company_Phone_Number", "phone"),)),
            extra=self.extra(row, _KEEP),
        )


class FtcDncCsv(_DncFields, CsvFormat):
    """The FTC's Do-Not-Call reported-calls CSV."""

    name = "ftc_dnc_csv"
    description = "FTC Do-Not-Call reported calls, CSV"


class FtcDncApiJson(_DncFields, JsonFormat):
    """Responses of the FTC DNC reported-calls API (JSON:API shaped)."""

    name = "ftc_dnc_api_json"
    description = "FTC Do-Not-Call reported calls, API JSON"
    header_hint = (
        'JSON with items {"type": "dnc_complaint", "id": ..., "attributes": '
        '{"company-phone-number": ..., "created-date": ...}} (top level, or under "data")'
    )

    list_keys = ("data",)

    def looks_like(self, head: bytes) -> bool:
        return b'"dnc_complaint"' in head or b'"company-phone-number"' in head

    def elements(self, records: RecordStream) -> Iterator[Record | Rejected]:
        return _flatten_pages(records)

    def item(self, element: Record, ctx: Context) -> Report:
        item = element.value
        if not isinstance(item, dict):
            raise RowError(None, f"expected a JSON object (one complaint), found {_kind(item)}")
        attributes = item.get("attributes", item)
        if not isinstance(attributes, dict):
            raise RowError("attributes", f"expected an object, found {_kind(attributes)}")
        skip = ("type", "id", "attributes", "links", "relationships", "meta")
        row = json_row(
            attributes, self.columns, element.line, skip=skip if attributes is item else ()
        )
        native = item.get("id")
        ref = str(native).strip() if native not in (None, "") else None
        return self.build_item(row, ctx, ref)


def _flatten_pages(records: RecordStream) -> Iterator[Record | Rejected]:
    """Items of a list of API pages ([{"data": [...]}, ...]), or the records themselves
    (the first record tells which). A page is one record: read whole, then split."""
    pages: bool | None = None
    for record in records:
        if pages is None:
            pages = isinstance(record.value, dict) and "data" in record.value
        if not pages:
            yield record
            continue
        text = record.text
        start = find_list(text, 0, ("data",)) if isinstance(record.value, dict) else None
        if start is None:
            yield Rejected(record.line, record.raw(), 'expected a page with "data"')
            continue
        items, _tail = scan_array(text, start, Lines(text))  # the page decoded as a whole
        bad_bytes = record.problem() is not None
        for item in items:
            byte_start = record.byte_start
            if bad_bytes:
                byte_start += len(text[: item.start].encode("utf-8", "surrogateescape"))
            yield Record(
                record.line + item.line - 1, item.value, text[item.start : item.end], byte_start
            )


_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)")


class FtcDncNumbers:
    """Number-only daily files: a JSON array of reported numbers, named by date."""

    name = "ftc_dnc_numbers"
    description = "FTC Do-Not-Call reported numbers, one JSON array per day (file YYYY-MM-DD.json)"
    header_hint = (
        'a JSON array of phone numbers ["8333041447", ...] in a file named YYYY-MM-DD.json'
    )
    default_source = "ftc_dnc"
    default_jurisdiction = "US"

    def sniff(self, path: Path, head: bytes) -> bool:
        del path
        text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        return bool(re.match(rb'\[\s*(?:"|\d|\])', text))

    def read(self, path: Path, options: ReadOptions) -> Iterator[Item]:
        path = Path(path)
        inspect(path)  # binary, empty ... before looking at the name
        day = self._created_date(path)
        records = json_records(path, (), options.encoding)
        ctx = Context(
            options.source or self.default_source,
            options.jurisdiction or self.default_jurisdiction,
        )
        return self._reports(records, day, ctx)

    @staticmethod
    def _created_date(path: Path) -> str:
        found = _DATE_IN_NAME.findall(path.name)
        if len(found) != 1:
            raise UnreadableFileError(
                f"{path}: a number-only DNC file must be named after the complaints' created "
                f"date, YYYY-MM-DD (e.g. 2021-04-14.json); found {path.name!r}",
                path=str(path),
            )
        try:
            parse_datetime(found[0], US_EASTERN)
        except DateError as exc:
            raise UnreadableFileError(
                f"{path}: file name date: {exc.message}", path=str(path)
            ) from exc
        return found[0]

    def _reports(self, records: RecordStream, day: str, ctx: Context) -> Iterator[Item]:
        received_at = parse_datetime(day, US_EASTERN)
        seen: dict[str, int] = {}
        location = Location(country="US")
        for index, element in enumerate(records, start=1):
            value = element.value
            raw = element.raw()
            problem = element.problem()
            if problem:
                yield Rejected(element.line, raw, f"element {index}: {problem}", PHONE_FIELD)
                continue
            if isinstance(value, bool) or not isinstance(value, (str, int)):
                yield Rejected(
                    element.line,
                    raw,
                    f"element {index}: expected a phone number (a string), found {_kind(value)}",
                    PHONE_FIELD,
                )
                continue
            number = str(value).strip()
            if not number:
                yield Rejected(
                    element.line,
                    raw,
                    f"element {index}: empty phone number; expected the reported number",
                    PHONE_FIELD,
                )
                continue
            k = seen[number] = seen.get(number, 0) + 1
            yield Report(
                source=ctx.source,
                source_ref=f"{day}:{number}:{k}",
                jurisdiction=ctx.jurisdiction,
                channel="call",
                received_at=received_at,
                received_raw=day,
                victim_location=location,
                suspects=(SuspectIdentifier(PHONE_FIELD, number, "phone"),),
                extra={"line": element.line, "element": index},
            )
        if (bad := tail_item(records)) is not None:
            yield bad


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "true/false"}
    if value is None:
        return "null"
    return names.get(type(value), type(value).__name__)
