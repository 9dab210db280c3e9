"""A cue before a number vetoes or picks a reading only for a token it can describe.

Government-impostor complaints name the agency right before its (spoofed) number:
"Social Security", "Medicare", "the IRS". A cue of a kind the token cannot be (an SSN
cue before a ten-digit number) must not hide a valid phone number.
"""

from __future__ import annotations

import pytest

from crossline.indicators import extract


@pytest.mark.parametrize(
    ("text", "region", "expected"),
    [
        ("Call Social Security at 877-390-4456", "US", ("phone", "+18773904456")),
        ("social security office number 888-264-7013 called me", "US", ("phone", "+18882647013")),
        ("Caller ID: 877-390-4456", "US", ("phone", "+18773904456")),
        ("caller id showed (646) 291-7752", "US", ("phone", "+16462917752")),
        ("Caller's ID: 877-390-4456", "US", ("phone", "+18773904456")),
        ("the number on my bill was 877-390-4456", "US", ("phone", "+18773904456")),
        ("phone number from the invoice: 866-412-0093", "US", ("phone", "+18664120093")),
        ("the number printed on the letter is 833-555-2871", "US", ("phone", "+18335552871")),
        ("credit card services 1-855-401-2236", "US", ("phone", "+18554012236")),
        ("my bank account was blocked, account dept 855-401-2236", "US", ("phone", "+18554012236")),
        ("aadhaar update ke liye 98123 45678 pe call karo", "IN", ("phone", "+919812345678")),
        ("SSN 536-22-1234", "US", ("pii_ssn", "536-22-1234")),
        ("my social security number is 536221234", "US", ("pii_ssn", "536-22-1234")),
        ("a/c 50100020804403", "IN", ("bank_account", "50100020804403")),
        ("I got a call from Medicare at 1-800-633-4227", "US", ("phone", "+18006334227")),
        ("a caller from the Medicare office, 866-551-0190", "US", ("phone", "+18665510190")),
    ],
    ids=[
        "ssa-at",
        "ssa-office",
        "caller-id",
        "caller-id-showed",
        "callers-id",
        "number-on-bill",
        "number-from-invoice",
        "number-on-letter",
        "card-services",
        "account-dept",
        "aadhaar-hinglish",
        "ssn-dashed",
        "ssn-bare",
        "account-cue",
        "call-from-medicare",
        "caller-from-the-medicare",
    ],
)
def test_valid_phone_survives_a_cue_for_another_kind(
    text: str, region: str, expected: tuple[str, str]
) -> None:
    found = [(f.kind, f.value) for f in extract(text, region)]
    assert found == [expected]


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("order number 877-390-4456 was shipped", "US"),
        ("bill number 8773904456", "US"),
        ("ref no 4455667788", "US"),
        ("OTP 833 304 1447", "US"),
        ("case number: 202-555-0143", "US"),
        ("they asked about my order number 877-390-4456", "US"),
        ("medicare number 877-390-4456", "US"),
    ],
    ids=["order", "bill-number", "ref", "otp", "case", "about-order", "medicare-number"],
)
def test_reference_cues_still_veto(text: str, region: str) -> None:
    assert [f for f in extract(text, region) if f.kind == "phone"] == []
