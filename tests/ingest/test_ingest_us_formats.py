"""Sentinel-style reports, CFPB complaints and robocall transcripts."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from readers_testkit import DATA, read, rejected, reports

from crossline.domain import SuspectIdentifier


def test_sentinel_report_fields() -> None:
    items = read("sentinel_csv", DATA / "sentinel.csv")
    assert len(items) == 4
    first, second, third, fourth = reports(items)
    assert first.source_ref == "SN-0001" and first.source == "sentinel"
    assert (first.amount_lost, first.currency) == (Decimal("1299.99"), "USD")
    assert first.channel == "robocall" and first.payment_method == "Gift card"
    assert first.received_at == datetime(2021, 4, 16, 4, 0, tzinfo=UTC)
    assert first.victim.name == "Mary Brown"
    assert first.victim_location.state == "AZ" and first.victim_location.country == "US"
    assert first.extra["Agency Notes"] == "callback number matches FTC robocall"
    assert first.extra["Company Name"] == "Apple Support"
    assert second.received_at == datetime(2021, 4, 17, 18, 30, tzinfo=UTC)
    assert second.suspects == (
        SuspectIdentifier("Representative Phone", "833-304-1447", "phone"),
        SuspectIdentifier("Representative Phone", "833-304-1448", "phone"),
        SuspectIdentifier("Representative Email", "warranty@example.net", "email"),
        SuspectIdentifier("Website", "http://www.example.org/warranty", "url"),
    )
    # No reference number: the content hash stands in, and is stable.
    assert fourth.source_ref.startswith("sha256:")
    assert fourth.channel == "email"
    # An unreadable date is a field warning: the row is stored, its date left empty.
    assert rejected(items) == []
    (warning,) = third.warnings
    assert (warning.line, warning.field, warning.raw) == (4, "Date Received", "13/13/2021")
    assert "month 13 does not exist" in warning.reason
    assert third.received_at is None and third.received_raw == "13/13/2021"


def test_cfpb_sample_rows() -> None:
    items = read("cfpb_csv", DATA / "cfpb.csv")
    assert len(reports(items)) == 5 and not rejected(items)
    first = reports(items)[0]
    assert first.source == "cfpb" and first.source_ref.isdigit()
    assert first.text and first.received_raw == "2019/9/24"
    assert first.suspects == ()  # the company complained about is not a suspect
    assert "Company" in first.extra and "Product" in first.extra


def test_cfpb_real_sample(shared: Path) -> None:
    items = read("cfpb_csv", shared / "cfpb-complaints-sample" / "complaints_sample.csv")
    assert len(items) == 6623 and not rejected(items)
    assert sum(1 for r in reports(items) if r.text) == 1532


@pytest.mark.parametrize(
    ("index", "ref", "category", "provider"),
    [
        (0, "58345", None, None),
        (
            1,
            "1638881759.18243_in_Family_Communication_Robocall__Amazon-SuspiciousCharge",
            "Robocall__Amazon-SuspiciousCharge",
            "Family Communication",
        ),
    ],
    ids=["plain", "tagged"],
)
def test_transcripts(index: int, ref: str, category: str | None, provider: str | None) -> None:
    report = reports(read("robocall_transcripts", DATA / "transcripts.csv"))[index]
    assert report.source_ref == ref and report.channel == "robocall"
    assert report.category == category
    assert report.extra.get("provider") == provider
    assert report.text and not report.text.endswith(" ")


def test_transcripts_real_file(shared: Path) -> None:
    items = read("robocall_transcripts", shared / "ftc-robocall-transcripts" / "metadata.csv")
    assert len(reports(items)) == 1101 and not rejected(items)
    assert len({r.id for r in reports(items)}) == 1101
    assert sum(1 for r in reports(items) if r.category) == 67


def test_transcript_recording_name_is_release_independent() -> None:
    from crossline.ingest.transcripts import recording_name

    assert recording_name("data/train/58345.wav") == recording_name(
        "audio-wav-16khz/58345_normalized.wav"
    )
