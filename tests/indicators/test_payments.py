"""UPI handles, bank accounts with their IFSC, IBAN, SWIFT/BIC and payment cards."""

from __future__ import annotations

import pytest

from crossline.indicators import extract
from crossline.indicators.payments import card_brand, luhn_ok

from .support import kinds_values, only

KEY = b"k" * 32


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pay to kycverify@ybl", {("upi", "kycverify@ybl")}),
        ("GPay hrdesk.jobs@OKAXIS now", {("upi", "hrdesk.jobs@okaxis")}),
        ("send to 9876543210@paytm", {("upi", "9876543210@paytm")}),
        ("BHIM UPI ravi@upi", {("upi", "ravi@upi")}),
        ("UPI id: sai.traders@idfcbank", {("upi", "sai.traders@idfcbank")}),
        ("UPI: shop@newpaybank", {("upi", "shop@newpaybank")}),  # unknown PSP + UPI cue
        ("write to shop@newpaybank", set()),  # unknown PSP, no UPI in sight
        ("mail me at name@gmail", set()),  # a mail provider without .com
        ("hello@world says the UPI guide", set()),  # not a PSP-like handle
        ("mail john@okaxis.com", {("email", "john@okaxis.com")}),
        ("upi://pay?pa=verify.kyc@axl&pn=KYC", {("upi", "verify.kyc@axl")}),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_upi_versus_email(text: str, expected: set[tuple[str, str]]) -> None:
    assert kinds_values(text, "IN") == expected


def test_upi_handle_that_is_a_mobile_number_names_it() -> None:
    (found,) = extract("pay 9876543210@ybl", "IN")
    assert found.meta["phone"] == "+919876543210"


@pytest.mark.parametrize(
    ("text", "account", "ifsc", "bank"),
    [
        (
            "A/c No. 50100234567890, IFSC HDFC0001234",
            "HDFC0001234:50100234567890",
            "HDFC0001234",
            "HDFC Bank",
        ),
        (
            "IFSC: SBIN0004567 beneficiary account 3012456789",
            "SBIN0004567:3012456789",
            "SBIN0004567",
            "State Bank of India",
        ),
        (
            "account number 915010045678123 (ifsc utib0000123)",
            "UTIB0000123:915010045678123",
            "UTIB0000123",
            "Axis Bank",
        ),
        ("SBI a/c 30124567891", "30124567891", None, "State Bank of India"),
        ("acct 5010 0234 5678 90", "50100234567890", None, None),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_bank_accounts(text: str, account: str, ifsc: str | None, bank: str | None) -> None:
    found = extract(text, "IN")
    (acct,) = only(found, "bank_account")
    assert acct.value == account
    assert acct.meta.get("ifsc") == ifsc
    assert acct.meta.get("bank") == bank
    assert [f.value for f in only(found, "ifsc")] == ([ifsc] if ifsc else [])


def test_same_digits_at_two_banks_stay_apart() -> None:
    a = only(extract("a/c 50100234567890 IFSC HDFC0001234", "IN"), "bank_account")[0]
    b = only(extract("a/c 50100234567890 IFSC ICIC0004321", "IN"), "bank_account")[0]
    assert a.value != b.value


@pytest.mark.parametrize(
    "text",
    [
        "Your a/c XX4567 is debited",
        "account ****5678",
        "12345678901234 is the number",
        "acct 12345",
    ],
    ids=lambda v: v,
)
def test_no_account_without_cue_or_digits(text: str) -> None:
    assert not only(extract(text, "IN"), "bank_account")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("IBAN GB82 WEST 1234 5698 7654 32 CALL NOW", {("iban", "GB82WEST12345698765432")}),
        ("DE89370400440532013000", {("iban", "DE89370400440532013000")}),
        ("FR1420041010050500013M02606", {("iban", "FR1420041010050500013M02606")}),
        ("GB82WEST12345698765433", set()),  # check digits wrong
        ("SWIFT code HDFCINBBXXX", {("swift", "HDFCINBB")}),
        ("BIC: WESTGB2L", {("swift", "WESTGB2L")}),
        ("CUSTOMER ACCOUNTS WESTGB2L", set()),  # no SWIFT/BIC word: never a BIC
        ("IFSC SBIN0001234", {("ifsc", "SBIN0001234")}),
        ("call0905000 and XSBIN0001234", set()),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_iban_swift_ifsc(text: str, expected: set[tuple[str, str]]) -> None:
    found = {(k, v) for k, v in kinds_values(text) if k in ("iban", "swift", "ifsc")}
    assert found == expected


@pytest.mark.parametrize(
    ("text", "masked", "brand"),
    [
        ("Visa 4111 1111 1111 1111 exp 09/26", "411111******1111", "visa"),
        ("card 4539578763621486", "453957******1486", "visa"),
        ("MC 5500-0055-5555-5559", "550000******5559", "mastercard"),
        ("Amex 3782 822463 10005", "378282*****0005", "amex"),
        ("Discover 6011 1111 1111 1117", "601111******1117", "discover"),
    ],
    ids=lambda v: v,
)
def test_cards_never_leave_in_full(text: str, masked: str, brand: str) -> None:
    for key in (None, KEY):
        (found,) = only(extract(text, "US", card_key=key), "card")
        digits = "".join(c for c in text if c.isdigit())
        assert found.raw == masked == found.meta["masked"]
        assert found.meta["brand"] == brand
        assert "checksum_ok" in found.flags
        everything = repr(found)
        for pan in (digits[:16], digits[:15], text[text.index(masked[:4]) :].split(" exp")[0]):
            assert pan not in everything or len(pan) < 12
        if key is None:
            assert found.value == masked and "unkeyed" in found.flags
        else:
            assert len(found.value) == 64 and "unkeyed" not in found.flags


def test_card_hash_is_keyed() -> None:
    text = "card 4539578763621486"
    a = only(extract(text, card_key=b"a" * 32), "card")[0].value
    b = only(extract(text, card_key=b"b" * 32), "card")[0].value
    assert a != b
    assert a == only(extract(text, card_key=b"a" * 32), "card")[0].value


@pytest.mark.parametrize(
    "text",
    [
        "order 4539578763621487",  # Luhn fails
        "Order #4539 5787 6362 1486",  # order cue
        "ref 4111111111111111",
        "1234 5678 9012 3456",  # no scheme prefix / Luhn
    ],
    ids=lambda v: v,
)
def test_not_cards(text: str) -> None:
    assert not only(extract(text, "US"), "card")


@pytest.mark.parametrize(
    ("digits", "ok", "brand"),
    [
        ("4111111111111111", True, "visa"),
        ("378282246310005", True, "amex"),
        ("4111111111111112", False, "visa"),
        ("9111111111111111", False, None),
    ],
    ids=lambda v: str(v),
)
def test_luhn_and_brand(digits: str, ok: bool, brand: str | None) -> None:
    assert luhn_ok(digits) is ok
    assert card_brand(digits) == brand


def test_card_numbers_are_not_kept_in_the_token_cache() -> None:
    from crossline.indicators import classify
    from crossline.indicators.phones import parse_valid

    parse_valid.cache_clear()
    extract("card 4539 5787 6362 1486 and 4111111111111111 again", "US", card_key=KEY)
    cached = " ".join(key[0] for key in classify._CACHE.data)
    assert "4539 5787 6362 1486" not in cached and "4111111111111111" not in cached
    # the digits were never looked up as a phone number either
    assert parse_valid.cache_info().currsize == 0
