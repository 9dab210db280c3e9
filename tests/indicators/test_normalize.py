"""normalize(): one declared value to its normal form, or an error that says why."""

from __future__ import annotations

import pytest

from crossline.errors import IndicatorError
from crossline.indicators import KINDS, normalize, normalize_account

KEY = b"s" * 32


@pytest.mark.parametrize(
    ("kind", "raw", "region", "value"),
    [
        ("phone", "(833) 304-1447", "US", "+18333041447"),
        ("phone", "098765 43210", "IN", "+919876543210"),
        ("phone", "+91 98765 43210", None, "+919876543210"),
        ("phone", "833-304-1447 ext. 12", "US", "+18333041447"),
        ("phone", "1-800-FLOWERS", "US", "+18003569377"),
        ("phone", "eight three three three zero four one four four seven", "US", "+18333041447"),
        ("email", "John.Doe@Gmail.COM", None, "john.doe@gmail.com"),
        ("email", "noreply[@]chase-alerts[.]net", None, "noreply@chase-alerts.net"),
        ("url", "hxxps://Evil[.]com/Login", None, "https://evil.com/Login"),
        ("url", "example.com", None, "example.com"),
        (
            "domain",
            "https://www.paypal.com.account-verify.info/signin",
            None,
            "account-verify.info",
        ),
        ("domain", "WWW.EXAMPLE.CO.UK", None, "example.co.uk"),
        ("domain", "message.it", None, "message.it"),  # declared: no typo guard
        ("ipv4", "185.220.101[.]45", None, "185.220.101.45"),
        ("ipv6", "2001:DB8::1", None, "2001:db8::1"),
        ("upi", "Name@OKAXIS", None, "name@okaxis"),
        ("upi", "shop@newpaybank", None, "shop@newpaybank"),
        ("bank_account", "50100234567890", None, "50100234567890"),
        ("bank_account", "5010-0234-5678-90", None, "50100234567890"),
        ("bank_account", "hdfc0001234:50100234567890", None, "HDFC0001234:50100234567890"),
        ("ifsc", "sbin0004567", None, "SBIN0004567"),
        ("iban", "gb82 west 1234 5698 7654 32", None, "GB82WEST12345698765432"),
        ("swift", "hdfcinbbxxx", None, "HDFCINBB"),
        ("card", "4111 1111 1111 1111", None, "411111******1111"),
        (
            "eth",
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            None,
            "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
        ),
        (
            "btc",
            "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
            None,
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
        ),
        ("social", "https://t.me/StockGuruTips", None, "telegram:stockgurutips"),
        ("social", "telegram:StockGuruTips", None, "telegram:stockgurutips"),
        ("pii_aadhaar", "4982 7365 0122", None, "498273650122"),
        ("pii_pan", "abcpe1234f", None, "ABCPE1234F"),
        ("pii_ssn", "123 45 6788", None, "123-45-6788"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_normal_forms(kind: str, raw: str, region: str | None, value: str) -> None:
    found = normalize(kind, raw, region)
    assert (found.kind, found.value) == (kind, value)
    assert (found.start, found.end) == (0, len(found.raw))
    assert normalize(kind, found.value, region).value == value  # idempotent


@pytest.mark.parametrize(
    ("kind", "raw", "region", "message"),
    [
        ("phone", "12/05/2023", "US", "phone value '12/05/2023' is not valid"),
        ("phone", "7044518857", None, "with a region hint"),
        ("phone", "555-1234", "US", "valid in region US"),
        ("email", "name@gmail", None, "name@host.tld"),
        ("url", "not a url", None, "a web address"),
        ("upi", "name@gmail.com", None, "handle@psp"),
        ("bank_account", "12-34", None, "6 to 18 digits"),
        ("ifsc", "HDFC1001234", None, "'0'"),
        ("iban", "GB82WEST12345698765433", None, "check digits"),
        ("eth", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", None, "checksum"),
        ("btc", "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", None, "btc address"),
        ("pii_aadhaar", "498273650123", None, "Verhoeff"),
        ("nonsense", "x", None, "unknown indicator kind 'nonsense'"),
        ("phone", "", "US", "non-empty"),
        ("phone", "98765 43210", "XX", "region hint 'XX'"),
    ],
    ids=lambda v: v if isinstance(v, str) and v else None,
)
def test_invalid_values_name_kind_value_and_expectation(
    kind: str, raw: str, region: str | None, message: str
) -> None:
    with pytest.raises(IndicatorError) as info:
        normalize(kind, raw, region)
    assert message in info.value.message
    assert info.value.code == "invalid_indicator"


def test_card_errors_and_values_never_show_the_number() -> None:
    with pytest.raises(IndicatorError) as info:
        normalize("card", "4111 1111 1111 1112")
    assert "4111" not in info.value.message and "4111" not in str(info.value.to_dict())
    keyed = normalize("card", "4111-1111-1111-1111", card_key=KEY)
    assert len(keyed.value) == 64 and keyed.raw == "411111******1111"
    assert "4111111111111111" not in repr(keyed)
    assert normalize("card", keyed.value, card_key=KEY).value == keyed.value


@pytest.mark.parametrize(
    ("account", "ifsc", "value"),
    [
        ("50100234567890", None, "50100234567890"),
        (" 5010 0234 5678 90 ", "hdfc0001234", "HDFC0001234:50100234567890"),
    ],
    ids=["digits", "with-ifsc"],
)
def test_normalize_account(account: str, ifsc: str | None, value: str) -> None:
    assert normalize_account(account, ifsc) == value


def test_normalize_account_rejects_bad_ifsc() -> None:
    with pytest.raises(IndicatorError, match="ifsc value 'HDFC1001234'"):
        normalize_account("50100234567890", "HDFC1001234")


def test_every_kind_has_a_normalizer() -> None:
    for kind in KINDS:
        with pytest.raises(IndicatorError) as info:
            normalize(kind, "???")
        assert kind in info.value.message or "not valid" in info.value.message
