"""Secondary tags."""

from __future__ import annotations

import pytest

from crossline.classify.features import normalize
from crossline.classify.tags import infer_channel, payment_rails, spoofing_from_numbers, tags_for


@pytest.mark.parametrize(
    ("text", "rails"),
    [
        ("send the money to rahul@okaxis via UPI", ["upi"]),
        ("buy Google Play gift cards and read me the codes", ["gift_card"]),
        ("deposit cash at the Bitcoin ATM", ["crypto"]),
        ("I paid him $500 with Zelle", ["p2p_app"]),
        ("wire the fee by Western Union", ["wire"]),
        ("give me your debit card number and CVV", ["card"]),
        ("NEFT to account number 1234, IFSC SBIN0001", ["bank_transfer"]),
        ("a courier will pick up the cash from your house", ["cash_courier"]),
        ("hello there", []),
    ],
    ids=["upi", "gift", "crypto", "p2p", "wire", "card", "bank", "cash", "none"],
)
def test_payment_rails(text: str, rails: list[str]) -> None:
    assert payment_rails(normalize(text)) == rails


@pytest.mark.parametrize(
    ("text", "channel", "source", "expected"),
    [
        ("press 1 to speak to an agent", None, None, "robocall"),
        ("anything", "SMS", None, "sms"),
        ("anything", "voicemail", None, "call"),
        ("hello", None, "ftc_transcripts", "robocall"),
        ("", None, "ftc_dnc", "call"),
        ("message me on whatsapp", None, None, "whatsapp"),
        ("verify at http://x.co/a", None, None, "sms"),
        ("plain words", None, None, None),
    ],
    ids=["ivr", "declared", "alias", "transcripts", "dnc", "whatsapp", "link", "unknown"],
)
def test_channel(text: str, channel: str | None, source: str | None, expected: str | None) -> None:
    assert infer_channel(normalize(text), channel, source) == expected


@pytest.mark.parametrize(
    ("text", "key", "value"),
    [
        ("Press 1 to speak with a representative", "call_center", "yes"),
        ("your parcel is held, pay at the link", "call_center", "no"),
        ("I lost $2,000 to this caller", "money_lost", "yes"),
        ("I hung up and did not pay", "money_lost", "no"),
        ("your account is blocked", "money_lost", "unknown"),
        ("the caller ID showed the police department number", "spoofing", "government_number"),
        ("your account is blocked", "spoofing", "none_seen"),
    ],
    ids=["cc-yes", "cc-no", "lost-yes", "lost-no", "lost-unknown", "spoof-gov", "spoof-none"],
)
def test_tags(text: str, key: str, value: str) -> None:
    assert tags_for(normalize(text))[key] == value


@pytest.mark.parametrize(
    ("caller", "callee", "expected"),
    [
        ("+14155550123", "+14155550199", "neighbor"),
        ("+14155550123", "+14155550123", None),
        ("+14155550123", "+12125550199", None),
        ("+919876543210", "+919876543211", None),
        (None, "+14155550199", None),
    ],
    ids=["same-npa-nxx", "same-number", "other-npa", "not-nanp", "missing"],
)
def test_spoofing_from_numbers(caller: str | None, callee: str, expected: str | None) -> None:
    assert spoofing_from_numbers(caller, callee) == expected
