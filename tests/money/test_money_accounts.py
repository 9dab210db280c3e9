"""Account keys (the indicator normalizers' forms), bank routing, cash-out detection."""

from __future__ import annotations

import pytest

from crossline.errors import IndicatorError
from crossline.money.accounts import account_key, bank_of, channel_name, is_cashout


@pytest.mark.parametrize(
    ("raw", "ifsc", "kind", "expected"),
    [
        ("30123456789", "sbin0001234", None, "bank_account:SBIN0001234:30123456789"),
        ("SBIN0001234:3012-3456-789", None, None, "bank_account:SBIN0001234:30123456789"),
        ("RefundDesk77@Paytm", None, None, "upi:refunddesk77@paytm"),
        ("GB82 WEST 1234 5698 7654 32", None, None, "iban:GB82WEST12345698765432"),
        ("wallet:paytm:98765 43210", None, None, "wallet:paytm:+919876543210"),
        ("cash:ATM-MUM-0001", None, None, "cash:ATM-MUM-0001"),
        ("C1231006815", None, None, "ext:C1231006815"),
        ("30123456789", None, None, "bank_account:30123456789"),
        ("upi:refunddesk77@paytm", None, None, "upi:refunddesk77@paytm"),
        ("9876543210", None, "phone", "phone:+919876543210"),
    ],
    ids=[
        "acct+ifsc",
        "joined",
        "vpa",
        "iban",
        "wallet",
        "atm",
        "opaque",
        "bare",
        "key-back",
        "phone",
    ],
)
def test_account_keys(raw: str, ifsc: str | None, kind: str | None, expected: str) -> None:
    assert account_key(raw, ifsc_code=ifsc, kind=kind) == expected
    assert account_key(expected) == expected  # a key is accepted back unchanged


@pytest.mark.parametrize(
    ("raw", "ifsc"),
    [("", None), ("30123456789", "NOTANIFSC"), ("12", "SBIN0001234"), ("x@gmail", None)],
    ids=["empty", "bad-ifsc", "short-account", "mail-not-upi"],
)
def test_bad_accounts_name_the_problem(raw: str, ifsc: str | None) -> None:
    with pytest.raises(IndicatorError) as err:
        account_key(raw, ifsc_code=ifsc)
    assert "expected" in err.value.message


@pytest.mark.parametrize(
    ("key", "hint", "code", "name"),
    [
        ("bank_account:SBIN0001234:30123456789", None, "SBIN", "State Bank of India"),
        ("upi:someone@okaxis", None, "UTIB", "Axis Bank"),
        ("upi:someone@ybl", None, "YESB", "Yes Bank"),
        ("wallet:paytm:+919876543210", None, "PYTM", "Paytm Payments Bank"),
        ("bank_account:30123456789", "HDFC0000001", "HDFC", "HDFC Bank"),
        ("iban:GB82WEST12345698765432", "BARCGB22", "BARCGB22", "Barclays"),
        ("iban:DE89370400440532013000", "DEUTDEFFXXX", "DEUTDEFF", "Deutsche Bank"),
    ],
    ids=["ifsc", "okaxis", "ybl", "wallet", "hint-ifsc", "bic", "bic-xxx"],
)
def test_bank_routing(key: str, hint: str | None, code: str, name: str) -> None:
    bank = bank_of(key, hint)
    assert bank is not None and (bank.code, bank.name) == (code, name)


def test_unknown_bank_is_none() -> None:
    assert bank_of("bank_account:30123456789") is None
    assert bank_of("ext:C123") is None


@pytest.mark.parametrize(
    ("channel", "to", "expected"),
    [
        ("atm", "cash:ATM-1", True),
        ("crypto", "ext:exchange", True),
        ("wire_intl", "iban:GB82WEST12345698765432", True),
        ("upi", "merchant:M123", True),
        ("upi", "upi:a@ybl", False),
        ("imps", "bank_account:SBIN0001234:30123456789", False),
    ],
    ids=["atm", "crypto", "wire", "merchant", "upi", "imps"],
)
def test_cashout(channel: str, to: str, expected: bool) -> None:
    assert is_cashout(channel, to) is expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("IMPS", "imps"),
        ("ATM Withdrawal", "atm"),
        ("SWIFT", "wire_intl"),
        ("carrier pigeon", "other"),
        (None, "other"),
    ],
    ids=["imps", "atm", "swift", "unknown", "none"],
)
def test_channel_names(raw: str | None, expected: str) -> None:
    assert channel_name(raw) == expected
