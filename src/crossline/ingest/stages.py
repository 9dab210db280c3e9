"""Pure stages between a reader and the store: indicators of a report, and its rows.

No I/O here: values in, values out, so each stage can be tested and benchmarked alone.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from functools import lru_cache
from typing import Any

from crossline.domain import Report, indicator_id
from crossline.errors import IndicatorError
from crossline.indicators import (
    ATTRIBUTE_KINDS,
    LINKABLE_KINDS,
    Found,
    extract,
    extract_many,
    normalize,
)
from crossline.indicators.kinds import PHONE_RAW
from crossline.indicators.normalize import normalize_account
from crossline.indicators.victim import victim_cue
from crossline.link.roles import attribute_reason
from crossline.link.warnlist import warn_reason
from crossline.share.markings import default_marking, parse_tlp

TEXT_FIELD = "text"
CITIZEN_SOURCE = "citizen"  # reports sent by the public (the citizens' site)

# Structured fields repeat heavily (one scam number in hundreds of complaints):
# validate each distinct (kind, raw, region) once. Found is immutable, so sharing is safe.
_normalize = lru_cache(maxsize=1 << 17)(normalize)


@dataclass(frozen=True, slots=True)
class Seen:
    """One indicator seen in one report, with where."""

    found: Found
    field: str
    start: int  # -1 for a whole structured field


@dataclass(frozen=True, slots=True)
class Extracted:
    """The indicators of one report, the complainant's own values found with them, and
    the structured values that could not be used.

    ``victim`` values (the complainant's contact columns, the same values in the
    narrative, values after "my number", "mera number", "call me back on" ...) are
    kept as victim contact: never linked, never in the index or the registry.
    """

    seen: tuple[Seen, ...]
    invalid: tuple[dict[str, str], ...]
    pii_kinds: tuple[str, ...]
    victim: tuple[Seen, ...] = ()


def from_field(report: Report, card_key: bytes | None) -> tuple[list[Seen], list[dict[str, str]]]:
    """The values of a report's structured fields (normalized), and those unusable."""
    seen: list[Seen] = []
    invalid: list[dict[str, str]] = []
    region = report.jurisdiction
    ifsc = next((s.value for s in report.suspects if s.kind == "ifsc"), None)
    for s in report.suspects:
        if not s.value or not s.value.strip():
            continue
        if s.kind:
            try:
                raw = s.value
                found = _normalize(s.kind, raw, region, card_key=card_key)
                if s.kind == "bank_account" and ifsc:
                    # The same digits at two banks are two accounts: key them by IFSC.
                    value = normalize_account(raw, ifsc)
                    found = replace(found, value=value, meta={**found.meta, "ifsc": value[:11]})
                seen.append(Seen(found, s.field, -1))
                continue
            except IndicatorError as exc:
                # The field may hold a sentence ("call 98765 43210 after 6"): look inside it.
                inside = extract(s.value, region, card_key=card_key)
                if inside:
                    seen.extend(Seen(f, s.field, f.start) for f in inside)
                    continue
                invalid.append({"field": s.field, "value": s.value, "reason": exc.message})
                raw_phone = _raw_phone(s.kind, s.value)
                if raw_phone is not None:
                    # Reported as the caller but valid in no plan (a spoofed caller id):
                    # kept as reported, so the number can be found and repeats link.
                    seen.append(Seen(raw_phone, s.field, -1))
                continue
        seen.extend(Seen(f, s.field, f.start) for f in extract(s.value, region, card_key=card_key))
    return seen, invalid


def _raw_phone(kind: str | None, raw: str) -> Found | None:
    if kind != "phone":
        return None
    try:
        return _normalize(PHONE_RAW, raw)
    except IndicatorError:
        return None  # "830Unknown", "1800number": not a number at all


VICTIM_PHONE_FIELD = "victim.phone"
VICTIM_EMAIL_FIELD = "victim.email"


def _victim_columns(report: Report) -> list[Seen]:
    """The complainant's own contact columns, normalized (unreadable ones are skipped:
    they are kept as given in the victim's personal data)."""
    out: list[Seen] = []
    for kind, field_name, raw in (
        ("phone", VICTIM_PHONE_FIELD, report.victim.phone),
        ("email", VICTIM_EMAIL_FIELD, report.victim.email),
    ):
        if raw and raw.strip():
            try:
                out.append(Seen(_normalize(kind, raw, report.jurisdiction), field_name, -1))
            except IndicatorError:
                continue
    return out


def split_roles(report: Report, seen: list[Seen]) -> tuple[list[Seen], list[Seen]]:
    """``(suspect values, victim values)`` of one report.

    A value found in the narrative is the complainant's when it equals one of the
    complainant's contact columns or when a first-person cue governs it; a value in a
    named suspect field stays the suspect's, and so does every occurrence of it.
    """
    columns = _victim_columns(report)
    own = {(v.found.kind, v.found.value) for v in columns}
    text = report.text or ""
    declared = {(s.found.kind, s.found.value) for s in seen if s.field != TEXT_FIELD}
    mine: set[tuple[str, str]] = set(own)
    for s in seen:
        key = (s.found.kind, s.found.value)
        if (
            s.field == TEXT_FIELD
            and key not in declared
            and key not in mine
            and victim_cue(text, s.found.start, s.found.end)
        ):
            mine.add(key)
    mine -= declared
    if not mine:
        return seen, columns
    suspect = [s for s in seen if (s.found.kind, s.found.value) not in mine]
    victim = columns + [s for s in seen if (s.found.kind, s.found.value) in mine]
    return suspect, victim


def extract_reports(reports: Sequence[Report], card_key: bytes | None) -> list[Extracted]:
    """Indicators from structured fields (normalized) and from the text (extracted),
    with the complainant's own values set apart (see :func:`split_roles`)."""
    texts = [r.text or "" for r in reports]
    in_text = extract_many(texts, [r.jurisdiction for r in reports], card_key=card_key)
    out: list[Extracted] = []
    for report, found_in_text in zip(reports, in_text, strict=True):
        seen, invalid = from_field(report, card_key)
        seen.extend(Seen(f, TEXT_FIELD, f.start) for f in found_in_text)
        pii = tuple(sorted({s.found.kind for s in seen if s.found.kind not in LINKABLE_KINDS}))
        suspect, victim = split_roles(report, [s for s in seen if s.found.kind in LINKABLE_KINDS])
        out.append(Extracted(tuple(suspect), tuple(invalid), pii, tuple(victim)))
    return out


def victim_key(report: Report, secret: bytes) -> str | None:
    """A keyed hash of the victim's contact, to count distinct victims without keeping PII."""
    contact = (report.victim.phone or report.victim.email or "").strip().lower()
    if not contact:
        return None
    return hmac.new(secret, contact.encode(), hashlib.sha256).hexdigest()[:32]


def report_row(
    report: Report,
    extracted: Extracted,
    *,
    import_id: str,
    secret: bytes,
    now: datetime,
    classification: Any | None,
) -> dict[str, Any]:
    """The ``reports`` table row of a report."""
    loc = report.victim_location
    extra = dict(report.extra)
    if extracted.invalid:
        extra["invalid_identifiers"] = list(extracted.invalid)
    if extracted.pii_kinds:
        extra["pii_detected"] = list(extracted.pii_kinds)
    victim: dict[str, Any] | None = None if report.victim.is_empty() else asdict(report.victim)
    spans = [[s.found.start, s.found.end] for s in extracted.victim if s.field == TEXT_FIELD]
    if spans:
        # Where the complainant's own contacts sit in the narrative, so that a shared
        # narrative can be sent without them.
        victim = {**(victim or {}), "text_spans": sorted(spans)}
    row: dict[str, Any] = {
        "id": report.id,
        "source": report.source,
        "source_ref": report.source_ref,
        "jurisdiction": report.jurisdiction,
        "channel": report.channel,
        "received_at": report.received_at,
        "received_raw": report.received_raw,
        "incident_at": report.incident_at,
        "incident_raw": report.incident_raw,
        "seen_at": report.seen_at,
        "text": report.text,
        "amount_lost": report.amount_lost,
        "currency": report.currency,
        "payment_method": report.payment_method,
        "category": report.category,
        "victim_country": loc.country,
        "victim_state": loc.state,
        "victim_district": loc.district,
        "victim_area_code": loc.area_code,
        "victim_pii": victim,
        "victim_key": victim_key(report, secret),
        "suspects": [asdict(s) for s in report.suspects],
        "marking": report.marking,
        "synthetic": report.synthetic,
        "extra": _jsonable(extra),
        "label": None,
        "label_confidence": None,
        "label_evidence": None,
        "tags": None,
        "needs_review": None,
        "import_id": import_id,
        "component_id": None,
        "created_at": now,
    }
    if classification is not None:
        row.update(
            label=classification.label,
            label_confidence=round(float(classification.confidence), 4),
            label_evidence=list(classification.evidence),
            tags=_jsonable(dict(classification.tags)),
            needs_review=bool(classification.needs_review),
        )
    return row


def marking_of(report: Report, forced: str | None) -> str:
    """The TLP marking a report is stored with: the importer's (``forced``), else the
    report's own, else its source's default."""
    return forced or (
        parse_tlp(report.marking) if report.marking else default_marking(report.source)
    )


def sighting_rows(report_id: str, extracted: Extracted) -> list[dict[str, Any]]:
    """One row per value and field of a report: the first place it occurs, and how many
    times it does (a narrative repeating one number a million times is one sighting)."""
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for s in extracted.seen:
        iid = indicator_id(s.found.kind, s.found.value)
        field = s.field[:64]
        row = rows.get((iid, field))
        if row is not None:
            row["count"] += 1
            if 0 <= s.start < row["start"]:
                row.update(start=s.start, end=s.found.end, raw=s.found.raw[:512])
            continue
        rows[(iid, field)] = {
            "report_id": report_id,
            "indicator_id": iid,
            "field": field,
            "start": s.start,
            "end": s.found.end if s.start >= 0 else None,
            "raw": s.found.raw[:512],
            "count": 1,
        }
    return list(rows.values())


def victim_rows(report_id: str, extracted: Extracted) -> list[dict[str, Any]]:
    """``victim_contacts`` rows: the complainant's own values, by the id they would
    have as indicators (so a suspect value that is someone's own contact is flagged)."""
    rows: dict[tuple[str, str, int], dict[str, Any]] = {}
    for s in extracted.victim:
        iid = indicator_id(s.found.kind, s.found.value)
        rows[(iid, s.field, s.start)] = {
            "report_id": report_id,
            "indicator_id": iid,
            "field": s.field[:64],
            "start": s.start,
            "end": s.found.end if s.start >= 0 else None,
            "kind": s.found.kind,
        }
    return list(rows.values())


def indicator_rows(
    batch: Sequence[tuple[Report, Extracted]],
) -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
    """Aggregated indicator rows of a batch, and report id -> the ids that may link it.

    Values on the warning list are stored (they can be looked up) but never link, and
    neither do reports from the public (source ``citizen``) until an analyst or an
    independent source confirms them (``crossline.services.citizens``): a flood of fake public
    reports must not tie a number to a campaign.
    """
    agg: dict[str, dict[str, Any]] = {}
    links: dict[str, list[str]] = {}
    for report, extracted in batch:
        ids: set[str] = set()
        seen_at = report.seen_at
        for s in extracted.seen:
            f = s.found
            iid = indicator_id(f.kind, f.value)
            if iid in ids:
                continue
            ids.add(iid)
            row = agg.get(iid)
            if row is None:
                reason = warn_reason(f.kind, f.value) or attribute_reason(f.kind)
                agg[iid] = row = {
                    "id": iid,
                    "kind": f.kind,
                    "value": f.value,
                    "first_seen": seen_at,
                    "last_seen": seen_at,
                    "report_count": 0,
                    "common": reason is not None,
                    "common_reason": reason,
                    "component_id": None,
                    "meta": dict(f.meta) or None,
                }
            # An unconfirmed public report does not count yet (it is added on confirmation).
            row["report_count"] += 0 if report.source == CITIZEN_SOURCE else 1
            if seen_at is not None:
                if row["first_seen"] is None or seen_at < row["first_seen"]:
                    row["first_seen"] = seen_at
                if row["last_seen"] is None or seen_at > row["last_seen"]:
                    row["last_seen"] = seen_at
        unconfirmed = report.source == CITIZEN_SOURCE
        links[report.id] = (
            []
            if unconfirmed
            else sorted(
                i for i in ids if not agg[i]["common"] and agg[i]["kind"] not in ATTRIBUTE_KINDS
            )
        )
    return list(agg.values()), links


def _jsonable(value: Any) -> Any:
    """Dates and decimals as strings, so JSON columns accept any reader's extras."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
