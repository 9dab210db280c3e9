"""Kinds whose normal form one reader gives (``normalize``'s table): the value, its flags
and meta when valid, and the message naming the expected form when not."""

from __future__ import annotations

import pytest

from crossline.errors import IndicatorError
from crossline.indicators.normalize import normalize


@pytest.mark.parametrize(
    ("kind", "raw", "value", "flags", "meta"),
    [
        ("ipv4", "8.8.8[.]8", "8.8.8.8", [], {}),
        ("ipv4", "10.0.0.1", "10.0.0.1", ["private"], {}),
        ("ipv6", "2001:db8::1", "2001:db8::1", ["private"], {}),
        ("ifsc", "sbin0001234", "SBIN0001234", [], {"bank": "State Bank of India"}),
        ("ifsc", "ABCD0123456", "ABCD0123456", [], {}),
        ("iban", "DE89 3704 0044 0532 0130 00", "DE89370400440532013000", [], {}),
        ("swift", "DEUTDEFF", "DEUTDEFF", [], {}),
        (
            "bank_account",
            "SBIN0001234:30123456789",
            "SBIN0001234:30123456789",
            [],
            {"ifsc": "SBIN0001234", "bank": "State Bank of India"},
        ),
        ("bank_account", "30123456789", "30123456789", [], {}),
        ("pii_aadhaar", "2345 6789 0124", "234567890124", [], {}),
        ("pii_pan", "ABCPE1234F", "ABCPE1234F", [], {}),
        ("pii_ssn", "536-22-1234", "536-22-1234", [], {}),
    ],
    ids=[
        "ipv4-defanged",
        "ipv4-private",
        "ipv6",
        "ifsc-known-bank",
        "ifsc-unknown-bank",
        "iban",
        "swift",
        "account-with-ifsc",
        "account-bare",
        "aadhaar",
        "pan",
        "ssn",
    ],
)
def test_valid_values_read_with_flags_and_meta(
    kind: str, raw: str, value: str, flags: list[str], meta: dict[str, str]
) -> None:
    found = normalize(kind, raw)
    assert (found.value, sorted(found.flags), dict(found.meta)) == (value, flags, meta)


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("ipv4", "ipv4 value 'zzz' is not valid: expected a dotted-quad IPv4 address"),
        ("ipv6", "ipv6 value 'zzz' is not valid: expected an IPv6 address"),
        (
            "ifsc",
            "ifsc value 'zzz' is not valid: expected 11 characters: 4 letters, '0', "
            "6 letters or digits",
        ),
        (
            "iban",
            "iban value 'zzz' is not valid: expected an IBAN with the right length and "
            "check digits (ISO 13616)",
        ),
        (
            "swift",
            "swift value 'zzz' is not valid: expected a BIC: 4 letters, country code, "
            "2 (+3) letters or digits",
        ),
        # personal data: the message never repeats the value
        (
            "pii_aadhaar",
            "pii_aadhaar value is not valid: expected 12 digits starting 2-9 with a correct "
            "Verhoeff check digit",
        ),
        (
            "pii_pan",
            "pii_pan value is not valid: expected a PAN: 5 letters (4th the holder type), "
            "4 digits, 1 letter",
        ),
        (
            "pii_ssn",
            "pii_ssn value is not valid: expected an SSN AAA-GG-SSSS outside the "
            "never-issued ranges",
        ),
    ],
    ids=["ipv4", "ipv6", "ifsc", "iban", "swift", "aadhaar", "pan", "ssn"],
)
def test_invalid_values_name_the_expected_form(kind: str, message: str) -> None:
    with pytest.raises(IndicatorError) as caught:
        normalize(kind, "zzz")
    assert str(caught.value) == message
