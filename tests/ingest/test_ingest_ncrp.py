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


@pytest.mark.parametrize(
    ("line", "field", "reason"),
    [
        (4, "complaint_date", "April 2021 has 30 days"),
        (5, "acknowledgement_no", "empty; expected the NCRP acknowledgement number"),
    ],
    ids=["impossible-date", "empty-ack"],
)
def test_csv_bad_rows(line: int, field: str, reason: str) -> None:
    bad = {b.line: b for b in rejected(read("ncrp_csv", DATA / "ncrp.csv"))}
    assert bad[line].field == field
    assert reason in bad[line].reason


def test_json_complaints_with_transactions() -> None:
    items = read("ncrp_json", DATA / "ncrp.json")
    assert len(items) == 4
    first, second = reports(items)
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
    assert [b.line for b in rejected(items)] == [27, 28]
    assert rejected(items)[0].reason == "expected a JSON object (one complaint), found str"
    assert rejected(items)[1].reason.startswith("complaint_date: impossible date '29/02/2021'")


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
    ],
    ids=["rs-slash-dash", "rupee-sign", "inr-code", "lakh-grouping"],
)
def test_indian_amounts(amount: str, expected: Decimal, tmp_path: Path) -> None:
    path = write(tmp_path, "n.csv", f'acknowledgement_no,amount\n1,"{amount}"\n')
    (report,) = reports(read("ncrp_csv", path))
    assert (report.amount_lost, report.currency) == (expected, "INR")


@pytest.mark.parametrize(
    "amount",
    ["1,5", "-500", "five hundred", "$10 INR"],
    ids=["comma-decimal", "neg", "words", "two"],
)
def test_bad_amounts_are_rejected(amount: str, tmp_path: Path) -> None:
    path = write(tmp_path, "n.csv", f'acknowledgement_no,amount\n1,"{amount}"\n')
    (bad,) = rejected(read("ncrp_csv", path))
    assert bad.field == "amount" and repr(amount) in bad.reason


def test_source_and_jurisdiction_overrides_change_ids() -> None:
    plain = reports(read("ncrp_csv", DATA / "ncrp.csv"))
    named = reports(read("ncrp_csv", DATA / "ncrp.csv", source="ncrp_delhi", jurisdiction="IN"))
    assert [r.source_ref for r in plain] == [r.source_ref for r in named]
    assert {r.source for r in named} == {"ncrp_delhi"}
    assert not {r.id for r in plain} & {r.id for r in named}
