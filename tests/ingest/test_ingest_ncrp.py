"""NCRP-style complaints: CSV and JSON."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from readers_testkit import DATA, read, rejected, reports, write

from crossline.domain import Location, SuspectIdentifier, VictimPII


def test_csv_complaint_fields() -> None:
    items = read("ncrp_csv", DATA / "ncrp.csv")
    assert len(items) == 4
    first = reports(items)[0]
    assert (first.source, first.source_ref, first.jurisdiction) == (
        "ncrp",
        "31104202100001",
        "IN",
    )
    assert first.received_at == datetime(2021, 4, 14, 5, 0, tzinfo=UTC)  # 10:30 IST
    assert first.incident_at == datetime(2021, 4, 13, 14, 10, tzinfo=UTC)
    assert first.incident_raw == "13-04-2021 19:40"
    assert (first.amount_lost, first.currency) == (Decimal("150000"), "INR")
    assert first.category == "UPI Related Frauds"
    assert first.extra["category"] == "Online Financial Fraud"
    assert first.extra["transaction_id"] == ["110412345678"]
    assert first.channel == "social"  # Telegram
    assert first.synthetic is True
    assert first.victim_location == Location("IN", "Maharashtra", "Pune")
    assert first.victim == VictimPII(name="Rahul Sharma", phone="9812345670")
    assert first.suspects == (
        SuspectIdentifier("suspect_mobile", "+91 98765 43210", "phone"),
        SuspectIdentifier("suspect_upi_id", "taskpay4471@ybl", "upi"),
        SuspectIdentifier("suspect_upi_id", "earnfast881@okaxis", "upi"),
        SuspectIdentifier("suspect_social_handle", "@TaskHR_Riya", "social"),
    )


def test_csv_account_and_ifsc_and_a_us_number() -> None:
    second = reports(read("ncrp_csv", DATA / "ncrp.csv"))[1]
    kinds = {(s.kind, s.value) for s in second.suspects}
    assert kinds == {
        ("phone", "+1 315-232-8257"),
        ("bank_account", "50100123456789"),
        ("ifsc", "HDFC0001234"),
    }
    assert second.incident_at == datetime(2021, 4, 13, 18, 30, tzinfo=UTC)  # date only, IST


def test_csv_missing_identity_is_quarantined() -> None:
    (bad,) = rejected(read("ncrp_csv", DATA / "ncrp.csv"))
    assert (bad.line, bad.field) == (5, "acknowledgement_no")
    assert "empty; expected the NCRP acknowledgement number" in bad.reason


def test_csv_impossible_date_is_a_warning() -> None:
    warned = [r for r in reports(read("ncrp_csv", DATA / "ncrp.csv")) if r.warnings]
    assert [(w.line, w.field) for r in warned for w in r.warnings] == [(4, "complaint_date")]
    assert "April 2021 has 30 days" in warned[0].warnings[0].reason
    assert warned[0].received_at is None


def test_json_complaints_with_transactions() -> None:
    items = read("ncrp_json", DATA / "ncrp.json")
    assert len(items) == 4
    first, second, third = reports(items)
    assert first.source_ref == "31104202100010"
    assert first.amount_lost == Decimal("150000.50")  # total of the transactions
    assert [(s.field, s.kind) for s in first.suspects] == [
        ("suspect_mobile", "phone"),
        ("suspect_mobile", "phone"),
        ("transactions[1].suspect_bank_account", "bank_account"),
        ("transactions[1].suspect_ifsc", "ifsc"),
        ("transactions[2].suspect_upi_id", "upi"),
    ]
    assert first.extra["police_station_remarks"] == {"io": "SI Patil"}
    assert first.extra["transactions"][1]["amount"] == "Rs. 50,000.50"
    assert first.synthetic is True
    # Header-style keys ("Acknowledgement No") are accepted too.
    assert second.source_ref == "31104202100011"
    assert second.received_at == datetime(2021, 4, 15, 3, 30, tzinfo=UTC)
    assert second.amount_lost == Decimal("2500.75")
    assert second.suspects == (SuspectIdentifier("Suspect UPI ID", "luckydraw55@upi", "upi"),)
    assert [b.line for b in rejected(items)] == [27]
    assert rejected(items)[0].reason == "expected a JSON object (one complaint), found str"
    (warning,) = third.warnings
    assert (warning.line, warning.field) == (28, "complaint_date")
    assert warning.reason.startswith("impossible date '29/02/2021'")


def test_json_duplicate_field_spellings_are_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, "n.json", '[{"ack_no": "1", "acknowledgement_no": "2"}]')
    (bad,) = read("ncrp_json", path)
    assert "both mean 'acknowledgement_no'" in bad.reason  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("Rs. 1,50,000/-", Decimal("150000")),
        ("₹ 9,999.00", Decimal("9999.00")),
        ("INR 500", Decimal("500")),
        ("12,34,567.50", Decimal("1234567.50")),
        ("Rs. 1.5 lakh", Decimal("150000")),
        ("75000 रुपये", Decimal("75000")),
        ("1,5", Decimal("1.5")),
    ],
    ids=[
        "rs-slash-dash",
        "rupee-sign",
        "inr-code",
        "lakh-grouping",
        "lakh-word",
        "hindi-rupees",
        "decimal-comma",
    ],
)
def test_indian_amounts(amount: str, expected: Decimal, tmp_path: Path) -> None:
    path = write(tmp_path, "n.csv", f'acknowledgement_no,amount\n1,"{amount}"\n')
    (report,) = reports(read("ncrp_csv", path))
    assert (report.amount_lost, report.currency) == (expected, "INR")


@pytest.mark.parametrize(
    "amount",
    ["1,2345", "-500", "five hundred", "$10 INR"],
    ids=["bad-grouping", "neg", "words", "two"],
)
def test_bad_amounts_are_warnings(amount: str, tmp_path: Path) -> None:
    path = write(tmp_path, "n.csv", f'acknowledgement_no,amount\n1,"{amount}"\n')
    items = read("ncrp_csv", path)
    assert rejected(items) == []
    (report,) = reports(items)
    (warning,) = report.warnings
    assert warning.field == "amount" and warning.raw == amount and repr(amount) in warning.reason
    assert report.amount_lost is None
    assert report.extra["warnings"][0]["raw"] == amount


def test_source_and_jurisdiction_overrides_change_ids() -> None:
    plain = reports(read("ncrp_csv", DATA / "ncrp.csv"))
    named = reports(read("ncrp_csv", DATA / "ncrp.csv", source="ncrp_delhi", jurisdiction="IN"))
    assert [r.source_ref for r in plain] == [r.source_ref for r in named]
    assert {r.source for r in named} == {"ncrp_delhi"}
    assert not {r.id for r in plain} & {r.id for r in named}
