"""Canonical JSON Lines and its JSON Schema."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from readers_testkit import DATA, read, rejected, reports, write

from crossline.domain import Location, Report, SuspectIdentifier, VictimPII
from crossline.errors import ValidationError
from crossline.ingest.jsonl import report_from_json, report_json_schema, report_to_json

FULL = Report(
    source="ncrp",
    source_ref="31104202100001",
    jurisdiction="IN",
    channel="whatsapp",
    received_at=datetime(2021, 4, 14, 5, 0, tzinfo=UTC),
    received_raw="14/04/2021 10:30",
    incident_at=datetime(2021, 4, 13, 14, 10, tzinfo=UTC),
    incident_raw="13-04-2021 19:40",
    text="Part time job fraud — ₹ lost",
    amount_lost=Decimal("150000.50"),
    currency="INR",
    payment_method="UPI",
    category="Online Job Fraud",
    victim_location=Location("IN", "Maharashtra", "Pune"),
    victim=VictimPII(name="Rahul Sharma", phone="9812345670"),
    suspects=(SuspectIdentifier("suspect_upi_id", "taskpay4471@ybl", "upi"),),
    marking="TLP:GREEN",
    synthetic=True,
    extra={"line": 2, "transaction_id": ["110412345678"]},
)


@pytest.mark.parametrize(
    "report",
    [FULL, Report(source="s", source_ref="r", jurisdiction="US")],
    ids=["every-field", "minimal"],
)
def test_round_trip(report: Report) -> None:
    data = json.loads(json.dumps(report_to_json(report)))
    assert report_from_json(data) == report
    assert data["id"] == report.id


def test_written_objects_match_the_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = report_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    for report in (FULL, Report(source="s", source_ref="r", jurisdiction="US")):
        validator.validate(report_to_json(report))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


BAD: list[tuple[str, dict[str, Any], str]] = [
    ("missing-source", {"source": None}, "source: found null"),
    ("bad-jurisdiction", {"jurisdiction": "usa"}, "jurisdiction: found 'usa'"),
    ("bad-channel", {"channel": "pigeon"}, "channel: found 'pigeon'"),
    ("naive-time", {"received_at": "2021-04-14 10:00"}, "with a UTC offset"),
    ("bad-time", {"incident_at": "yesterday"}, "expected an ISO 8601 date-time"),
    ("negative-amount", {"amount_lost": "-5"}, "non-negative"),
    ("amount-words", {"amount_lost": "lots"}, "amount_lost: found 'lots'"),
    ("currency", {"currency": "rupees"}, "ISO 4217"),
    ("unknown-field", {"colour": "red"}, "unknown field 'colour'"),
    ("suspect-kind", {"suspects": [{"field": "f", "value": "v", "kind": "x"}]}, "kind"),
    ("suspect-empty", {"suspects": [{"field": "f", "value": ""}]}, "suspects[0].value"),
    ("victim-extra", {"victim": {"ssn": "1"}}, "victim.ssn"),
    ("country", {"victim_location": {"country": "India"}}, "victim_location.country"),
    ("marking", {"marking": "SECRET"}, "marking: found 'SECRET'"),
    ("synthetic", {"synthetic": "yes"}, "synthetic: found a string"),
    ("extra", {"extra": []}, "extra: found an array"),
    ("wrong-id", {"id": "00000000-0000-5000-8000-000000000000"}, "is not the id of source"),
]


@pytest.mark.parametrize(("change", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_invalid_objects_name_the_field(change: dict[str, Any], message: str) -> None:
    data = {"source": "s", "source_ref": "r", "jurisdiction": "US", **change}
    with pytest.raises(ValidationError) as info:
        report_from_json(data)
    assert message in info.value.message


@pytest.mark.parametrize(("change", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_the_schema_refuses_the_same_objects(change: dict[str, Any], message: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    if "id" in change or "received_at" in change or "incident_at" in change:
        pytest.skip("checked by the reader only (id rule, offset-less times)")
    data = {"source": "s", "source_ref": "r", "jurisdiction": "US", **change}
    validator = jsonschema.Draft202012Validator(report_json_schema())
    assert list(validator.iter_errors(data)), message


def test_reading_a_jsonl_file() -> None:
    items = read("jsonl", DATA / "reports.jsonl")
    assert len(items) == 5  # the blank line is not a row
    good, bad = reports(items), rejected(items)
    assert [r.source_ref for r in good] == ["31104202100001", "31104202100003"]
    assert good[0].extra["line"] == 2  # kept from the original source
    assert good[1].extra["line"] == 4  # set to this file's line
    assert good[1].amount_lost == Decimal("2500.75")
    assert [(b.line, b.field) for b in bad] == [(2, "received_at"), (5, "channel"), (6, None)]
    assert "invalid JSON" in bad[2].reason


def test_truncated_last_line(tmp_path: Path) -> None:
    path = write(
        tmp_path, "r.jsonl", '{"source": "s", "source_ref": "1", "jurisdiction": "US"}\n{"so'
    )
    items = read("jsonl", path)
    assert len(reports(items)) == 1
    assert "file looks truncated" in rejected(items)[0].reason


def test_source_override_renames_and_skips_the_id_check(tmp_path: Path) -> None:
    line = json.dumps(report_to_json(FULL))
    path = write(tmp_path, "r.jsonl", line + "\n")
    (same,) = read("jsonl", path)
    (renamed,) = read("jsonl", path, source="partner_in")
    assert same == FULL
    assert isinstance(renamed, Report) and renamed.source == "partner_in"
    assert renamed.id != FULL.id
