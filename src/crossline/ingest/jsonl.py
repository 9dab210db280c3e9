"""JSON Lines of the canonical report schema, and that schema as JSON Schema.

One report per line, exactly the fields of :class:`crossline.domain.Report`:
timestamps are ISO 8601 with a UTC offset (written as UTC, ``Z``), amounts are
decimal strings (numbers are accepted on input and read exactly), victim PII sits
in its own ``victim`` object, suspects are ``{"field", "value", "kind"}``. ``id``
is written for convenience; on input it is checked against ``source`` and
``source_ref`` (unless ``--source`` renames the source) and never trusted.

``report_json_schema()`` is the JSON Schema (draft 2020-12) of a line;
``crossline schema report`` prints it. ``report_from_json`` enforces the same rules
with messages that name the field.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from crossline.domain import (
    CHANNELS,
    TLP_MARKINGS,
    Location,
    Rejected,
    Report,
    SuspectIdentifier,
    VictimPII,
)
from crossline.errors import ValidationError
from crossline.ingest.base import Item, ReadOptions
from crossline.ingest.textio import LineSource, inspect

SCHEMA_ID = "urn:crossline:schema:report:1"
SUSPECT_KINDS = (
    "phone", "email", "upi", "bank_account", "ifsc", "url", "domain", "social", "btc", "eth",
)  # fmt: skip
_TEXT_FIELDS = (
    "received_raw", "incident_raw", "text", "payment_method", "category",
)  # fmt: skip
_LOCATION_FIELDS = ("country", "state", "district", "area_code")
_PII_FIELDS = ("name", "phone", "email", "address")
_TOP_FIELDS = frozenset(
    ("id", "source", "source_ref", "jurisdiction", "channel", "received_at", "incident_at",
     "amount_lost", "currency", "victim_location", "victim", "suspects", "marking",
     "synthetic", "extra", *_TEXT_FIELDS)
)  # fmt: skip


def report_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of one canonical report."""
    text = {"type": ["string", "null"]}
    code2 = {"type": ["string", "null"], "pattern": "^[A-Z]{2}$"}
    instant = {
        "type": ["string", "null"],
        "format": "date-time",
        "description": "ISO 8601 / RFC 3339 with a UTC offset; written in UTC",
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Crossline report",
        "description": "One complaint, message or transcript in canonical form (one line of "
        "a Crossline JSON Lines file).",
        "type": "object",
        "required": ["source", "source_ref", "jurisdiction"],
        "additionalProperties": False,
        "properties": {
            "id": {
                "type": "string",
                "format": "uuid",
                "description": "uuid5 of source + source_ref; computed, checked on input",
            },
            "source": {"type": "string", "minLength": 1, "description": "source system"},
            "source_ref": {
                "type": "string",
                "minLength": 1,
                "description": "the report's reference in its source (native id or content hash)",
            },
            "jurisdiction": {
                "type": "string",
                "pattern": "^[A-Z]{2}$",
                "description": "ISO 3166-1 alpha-2 of the receiving agency's side",
            },
            "channel": {"enum": [*CHANNELS, None]},
            "received_at": instant,
            "received_raw": {**text, "description": "the receipt time as the source wrote it"},
            "incident_at": instant,
            "incident_raw": {**text, "description": "the incident time as the source wrote it"},
            "text": {**text, "description": "narrative or transcript"},
            "amount_lost": {
                "type": ["string", "number", "null"],
                "pattern": r"^[0-9]+(\.[0-9]+)?$",
                "minimum": 0,
                "description": "decimal amount; a string keeps it exact",
            },
            "currency": {"type": ["string", "null"], "pattern": "^[A-Z]{3}$"},
            "payment_method": text,
            "category": {**text, "description": "the source's own category"},
            "victim_location": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "country": code2,
                    "state": text,
                    "district": {**text, "description": "district (IN) or city (US)"},
                    "area_code": text,
                },
            },
            "victim": {
                "type": "object",
                "description": "victim personal data (PII): never used for linking, withheld "
                "unless an agreement allows",
                "additionalProperties": False,
                "properties": {name: text for name in _PII_FIELDS},
            },
            "suspects": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["field", "value"],
                    "additionalProperties": False,
                    "properties": {
                        "field": {"type": "string", "minLength": 1},
                        "value": {"type": "string", "minLength": 1},
                        "kind": {"enum": [*SUSPECT_KINDS, None]},
                    },
                },
            },
            "marking": {"enum": [*TLP_MARKINGS, None]},
            "synthetic": {"type": "boolean"},
            "extra": {"type": "object", "description": "source fields without a place above"},
        },
    }


def report_to_json(report: Report) -> dict[str, Any]:
    """The canonical JSON object of ``report`` (``json.dumps``-ready)."""
    loc, pii = report.victim_location, report.victim
    return {
        "id": report.id,
        "source": report.source,
        "source_ref": report.source_ref,
        "jurisdiction": report.jurisdiction,
        "channel": report.channel,
        "received_at": _instant(report.received_at),
        "received_raw": report.received_raw,
        "incident_at": _instant(report.incident_at),
        "incident_raw": report.incident_raw,
        "text": report.text,
        "amount_lost": None if report.amount_lost is None else str(report.amount_lost),
        "currency": report.currency,
        "payment_method": report.payment_method,
        "category": report.category,
        "victim_location": {name: getattr(loc, name) for name in _LOCATION_FIELDS},
        "victim": {name: getattr(pii, name) for name in _PII_FIELDS},
        "suspects": [{"field": s.field, "value": s.value, "kind": s.kind} for s in report.suspects],
        "marking": report.marking,
        "synthetic": report.synthetic,
        "extra": report.extra,
    }


def _instant(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def report_from_json(data: Any, *, check_id: bool = True) -> Report:
    """A Report from its canonical JSON object.

    Raises :class:`ValidationError` (``context["field"]`` names the field) when a
    field is missing, unknown, of the wrong type or out of range.
    """
    if not isinstance(data, dict):
        raise _bad(None, f"expected a JSON object, found {_type(data)}")
    unknown = sorted(set(data) - _TOP_FIELDS)
    if unknown:
        raise _bad(unknown[0], f"unknown field {unknown[0]!r}; put source-specific data in extra")
    source = _required(data, "source")
    source_ref = _required(data, "source_ref")
    jurisdiction = _required(data, "jurisdiction")
    if len(jurisdiction) != 2 or not jurisdiction.isupper():
        raise _bad("jurisdiction", f"found {jurisdiction!r}, expected two capital letters (US, IN)")
    channel = data.get("channel")
    if channel is not None and channel not in CHANNELS:
        raise _bad("channel", f"found {channel!r}, expected one of {', '.join(CHANNELS)}")
    marking = data.get("marking")  # absent: the source's default applies at import
    if marking is not None and marking not in TLP_MARKINGS:
        raise _bad("marking", f"found {marking!r}, expected one of {', '.join(TLP_MARKINGS)}")
    synthetic = data.get("synthetic", False)
    if not isinstance(synthetic, bool):
        raise _bad("synthetic", f"found {_type(synthetic)}, expected true or false")
    extra = data.get("extra")
    if extra is None:
        extra = {}
    if not isinstance(extra, dict):
        raise _bad("extra", f"found {_type(extra)}, expected an object")
    report = Report(
        source=source,
        source_ref=source_ref,
        jurisdiction=jurisdiction,
        channel=channel,
        received_at=_parse_instant(data, "received_at"),
        incident_at=_parse_instant(data, "incident_at"),
        amount_lost=_amount(data),
        currency=_currency(data),
        victim_location=Location(**_object(data, "victim_location", _LOCATION_FIELDS)),
        victim=VictimPII(**_object(data, "victim", _PII_FIELDS)),
        suspects=_suspects(data),
        marking=marking,
        synthetic=synthetic,
        extra=extra,
        **{name: _text(data, name) for name in _TEXT_FIELDS},
    )
    country = report.victim_location.country
    if country is not None and (len(country) != 2 or not country.isupper()):
        raise _bad("victim_location.country", f"found {country!r}, expected ISO alpha-2 (US, IN)")
    claimed = data.get("id")
    if check_id and claimed is not None and claimed != report.id:
        raise _bad(
            "id",
            f"{claimed!r} is not the id of source {source!r} + source_ref {source_ref!r} "
            f"({report.id}); remove it or fix source/source_ref",
        )
    return report


def _bad(field: str | None, message: str) -> ValidationError:
    return ValidationError(f"{field}: {message}" if field else message, field=field)


def _type(value: Any) -> str:
    if value is None:
        return "null"
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}.get(
        type(value), "a number"
    )


def _required(data: dict[str, Any], name: str) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value.strip():
        raise _bad(name, f"found {_type(value)}, expected a non-empty string")
    return value


def _text(data: dict[str, Any], name: str, prefix: str = "") -> str | None:
    value = data.get(name)
    if value is not None and not isinstance(value, str):
        raise _bad(prefix + name, f"found {_type(value)}, expected a string or null")
    return value


def _parse_instant(data: dict[str, Any], name: str) -> datetime | None:
    value = _text(data, name)
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise _bad(name, f"found {value!r}, expected an ISO 8601 date-time") from exc
    if parsed.tzinfo is None:
        raise _bad(name, f"found {value!r}, expected a date-time with a UTC offset (Z or +05:30)")
    return parsed.astimezone(UTC)


def _amount(data: dict[str, Any]) -> Decimal | None:
    value = data.get("amount_lost")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal, float)):
        raise _bad("amount_lost", f"found {_type(value)}, expected a decimal string or number")
    try:
        amount = Decimal(str(value))
    except InvalidOperation as exc:
        raise _bad("amount_lost", f"found {value!r}, expected a decimal such as 1234.50") from exc
    if not amount.is_finite() or amount < 0:
        raise _bad("amount_lost", f"found {value!r}, expected a non-negative amount")
    return amount


def _currency(data: dict[str, Any]) -> str | None:
    value = _text(data, "currency")
    if value is not None and (len(value) != 3 or not value.isalpha() or not value.isupper()):
        raise _bad("currency", f"found {value!r}, expected an ISO 4217 code such as USD or INR")
    return value


def _object(data: dict[str, Any], name: str, fields: tuple[str, ...]) -> dict[str, str | None]:
    value = data.get(name)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _bad(name, f"found {_type(value)}, expected an object")
    unknown = sorted(set(value) - set(fields))
    if unknown:
        raise _bad(f"{name}.{unknown[0]}", f"unknown field; expected {', '.join(fields)}")
    return {f: _text(value, f, name + ".") for f in fields if f in value}


def _suspects(data: dict[str, Any]) -> tuple[SuspectIdentifier, ...]:
    value = data.get("suspects")
    if value is None:
        return ()
    if not isinstance(value, list):
        raise _bad("suspects", f"found {_type(value)}, expected an array")
    out = []
    for i, item in enumerate(value):
        where = f"suspects[{i}]"
        if not isinstance(item, dict):
            raise _bad(where, f"found {_type(item)}, expected an object")
        unknown = sorted(set(item) - {"field", "value", "kind"})
        if unknown:
            raise _bad(f"{where}.{unknown[0]}", "unknown field; expected field, value, kind")
        field, val, kind = item.get("field"), item.get("value"), item.get("kind")
        if not isinstance(field, str) or not field:
            raise _bad(f"{where}.field", f"found {_type(field)}, expected a non-empty string")
        if not isinstance(val, str) or not val:
            raise _bad(f"{where}.value", f"found {_type(val)}, expected a non-empty string")
        if kind is not None and kind not in SUSPECT_KINDS:
            raise _bad(
                f"{where}.kind", f"found {kind!r}, expected one of {', '.join(SUSPECT_KINDS)}"
            )
        out.append(SuspectIdentifier(field=field, value=val, kind=kind))
    return tuple(out)


class JsonLines:
    """Reader of canonical JSON Lines."""

    name = "jsonl"
    description = "Crossline canonical reports, JSON Lines (see `crossline schema report`)"
    header_hint = 'one JSON object per line with "source", "source_ref" and "jurisdiction"'

    def sniff(self, path: Path, head: bytes) -> bool:
        del path
        text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        first = text.split(b"\n", 1)[0]
        return first.startswith(b"{") and b'"source_ref"' in first and b'"source"' in first

    def read(self, path: Path, options: ReadOptions) -> Iterator[Item]:
        """Check the file now; return an iterator with one item per non-blank line."""
        source = LineSource(inspect(Path(path)))
        return self._items(source, options)

    @staticmethod
    def _items(source: LineSource, options: ReadOptions) -> Iterator[Item]:
        for _ in source:
            line, raw, problem, complete = source.take()
            if not raw.strip():
                continue
            if problem:
                yield Rejected(line, raw, problem)
                continue
            try:
                data = json.loads(raw, parse_float=Decimal)
            except json.JSONDecodeError as exc:
                reason = f"line {line}: invalid JSON at column {exc.colno}: {exc.msg}"
                if not complete:
                    reason += "; the last line has no line ending: the file looks truncated"
                yield Rejected(line, raw, reason)
                continue
            try:
                report = report_from_json(data, check_id=not options.source)
            except ValidationError as exc:
                field = exc.context.get("field")
                yield Rejected(line, raw, exc.message, field if isinstance(field, str) else None)
                continue
            changes: dict[str, Any] = {}
            if options.source:
                changes["source"] = options.source
            if options.jurisdiction:
                changes["jurisdiction"] = options.jurisdiction
            if "line" not in report.extra:
                changes["extra"] = {**report.extra, "line": line}
            yield replace(report, **changes) if changes else report
