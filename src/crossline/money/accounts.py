"""Accounts on a money trail: one canonical key per account, the bank that holds it,
and whether money that reaches it has left the banking system (a cash-out).

A key is ``"<kind>:<normal form>"`` where the normal form is the indicator
normalizer's (:func:`crossline.indicators.normalize.normalize`), so an account on a
trail is the indicator an analyst looks up::

    upi:refunddesk77@paytm            bank_account:SBIN0001234:30123456789
    bank_account:30123456789          iban:GB82WEST12345698765432
    wallet:paytm:+919876543210        btc:bc1q...
    cash:ATM-MUM-0042                 ext:C1231006815 (an id from a source with no kind)

Kinds outside the indicator index (``wallet``, ``cash``, ``ext``, ``complaint``) are
local to money trails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crossline.errors import IndicatorError
from crossline.indicators.banks import IFSC_BANKS
from crossline.indicators.crypto import crypto_address
from crossline.indicators.kinds import CRYPTO_KINDS, KINDS
from crossline.indicators.normalize import normalize
from crossline.indicators.payments import iban, ifsc, swift

LOCAL_KINDS = ("wallet", "cash", "ext", "complaint", "merchant")
ACCOUNT_KINDS = frozenset({"upi", "bank_account", "iban", "card", "phone", *CRYPTO_KINDS})

#: Channels whose money leaves the reach of a bank hold: cash, crypto, card spend and
#: international wires (a US recall only works for large wires within 72 hours).
CASHOUT_CHANNELS = frozenset({"atm", "cash", "crypto", "wire_intl", "card", "pos"})
CASHOUT_KINDS = frozenset({"cash", "merchant", *CRYPTO_KINDS})

#: Channel spellings seen in bank statements and complaint forms -> one channel name.
CHANNELS: dict[str, str] = {
    "upi": "upi", "imps": "imps", "neft": "neft", "rtgs": "rtgs", "ift": "neft",
    "wallet": "wallet", "transfer": "transfer", "bank transfer": "transfer",
    "net banking": "transfer", "netbanking": "transfer", "internet banking": "transfer",
    "atm": "atm", "atm withdrawal": "atm", "cash": "cash", "cash_out": "cash",
    "cash out": "cash", "cash withdrawal": "cash", "crypto": "crypto",
    "crypto purchase": "crypto", "p2p crypto": "crypto", "wire": "wire",
    "swift": "wire_intl", "international wire": "wire_intl", "wire_intl": "wire_intl",
    "card": "card", "debit card": "card", "credit card": "card", "pos": "pos",
    "payment": "payment", "debit": "debit", "cash_in": "cash_in", "ach": "ach", "zelle": "p2p",
    "p2p": "p2p", "cheque": "cheque", "check": "cheque",
}  # fmt: skip

#: UPI payment-service-provider handles -> the IFSC prefix of the bank behind them.
UPI_PSP_BANKS: dict[str, str] = {
    "okaxis": "UTIB", "axisbank": "UTIB", "axl": "UTIB", "axis": "UTIB", "okbizaxis": "UTIB",
    "oksbi": "SBIN", "sbi": "SBIN", "okhdfcbank": "HDFC", "hdfcbank": "HDFC",
    "okicici": "ICIC", "icici": "ICIC", "ibl": "ICIC", "ybl": "YESB", "yesbank": "YESB",
    "paytm": "PYTM", "ptyes": "YESB", "ptsbi": "SBIN", "pthdfc": "HDFC", "ptaxis": "UTIB",
    "apl": "UTIB", "kotak": "KKBK", "kmbl": "KKBK", "airtel": "AIRP", "fbl": "FDRL",
    "federal": "FDRL", "idfcbank": "IDFB", "idfcfirst": "IDFB", "indus": "INDB",
    "pnb": "PUNB", "barodampay": "BARB", "upi": "NPCI", "jio": "JIOP", "freecharge": "UTIB",
    "mobikwik": "HDFC", "rbl": "RATN", "cnrb": "CNRB", "unionbank": "UBIN", "boi": "BKID",
    "uco": "UCBA", "postbank": "IPOS", "aubank": "AUBL", "dbs": "DBSS", "citi": "CITI",
}  # fmt: skip

#: Mobile-money wallet providers -> routing code of the issuer.
WALLET_BANKS: dict[str, str] = {
    "paytm": "PYTM", "phonepe": "YESB", "mobikwik": "MOBK", "airtel": "AIRP",
    "amazonpay": "AMZP", "freecharge": "FRCH", "jio": "JIOP",
}  # fmt: skip

#: BIC prefixes (bank code + country, 6 characters) of banks that receive or send
#: international fraud wires most often, from the banks' published SWIFT codes.
BIC_BANKS: dict[str, str] = {
    "CHASUS": "JPMorgan Chase Bank", "BOFAUS": "Bank of America", "CITIUS": "Citibank",
    "WFBIUS": "Wells Fargo Bank", "PNCCUS": "PNC Bank", "USBKUS": "U.S. Bank",
    "TDOMCA": "TD Bank", "ROYCCA": "Royal Bank of Canada", "HSBCGB": "HSBC UK",
    "MIDLGB": "HSBC UK", "BARCGB": "Barclays", "NWBKGB": "NatWest", "LOYDGB": "Lloyds Bank",
    "DEUTDE": "Deutsche Bank", "COBADE": "Commerzbank", "BNPAFR": "BNP Paribas",
    "SOGEFR": "Societe Generale", "INGBNL": "ING Bank", "ABNANL": "ABN AMRO",
    "UBSWCH": "UBS", "CRESCH": "Credit Suisse", "DBSSSG": "DBS Bank", "OCBCSG": "OCBC Bank",
    "SCBLSG": "Standard Chartered Singapore", "HSBCHK": "HSBC Hong Kong",
    "BKCHCN": "Bank of China", "ICBKCN": "ICBC", "BOTKJP": "MUFG Bank", "MHCBJP": "Mizuho",
    "EBILAE": "Emirates NBD", "NBADAE": "First Abu Dhabi Bank", "SBININ": "State Bank of India",
    "HDFCIN": "HDFC Bank", "ICICIN": "ICICI Bank", "UTIBIN": "Axis Bank",
    "KKBKIN": "Kotak Mahindra Bank", "SCBLIN": "Standard Chartered India",
}  # fmt: skip

_IFSC_JOINED = re.compile(r"([A-Za-z]{4}0[A-Za-z0-9]{6})\s*[:/\-]\s*([0-9][0-9 \-]{4,})")
_WALLET_RE = re.compile(r"([a-z][a-z0-9]{1,31}):(.+)")
_LOCAL_RE = re.compile(r"[^\x00-\x1f]{1,180}")


@dataclass(frozen=True, slots=True)
class Bank:
    """Where a hold request for an account goes."""

    code: str  # IFSC prefix (India), BIC's first 8 characters, or a wallet issuer code
    name: str


def _fail(raw: str, expected: str) -> IndicatorError:
    return IndicatorError(f"account {raw!r} is not valid: expected {expected}", kind="account")


def account_key(raw: str, *, ifsc_code: str | None = None, kind: str | None = None) -> str:
    """The canonical key of an account written as ``raw`` (see the module docstring).

    ``ifsc_code`` pairs a bare account number with its branch; ``kind`` says what the
    value is when the source declares it. Keys are accepted back unchanged.
    """
    text = (raw or "").strip()
    if not text:
        raise _fail(raw, "a non-empty account, UPI handle, IBAN, wallet or address")
    head, sep, rest = text.partition(":")
    if kind is None and sep and head in (*LOCAL_KINDS, *ACCOUNT_KINDS) and rest:
        kind, text = head, rest
    if kind in LOCAL_KINDS:
        return _local(kind, text, raw)
    if kind == "bank_account" or (kind is None and ifsc_code):
        return "bank_account:" + normalize("bank_account", _joined(text, ifsc_code)).value
    if kind is not None:
        if kind not in KINDS:
            raise _fail(raw, f"a known kind, not {kind!r}")
        return f"{kind}:{normalize(kind, text, 'IN').value}"
    return _guess(text, raw)


def _joined(text: str, ifsc_code: str | None) -> str:
    if ifsc_code and not _IFSC_JOINED.fullmatch(text):
        code = ifsc(ifsc_code.strip())
        if code is None:
            raise _fail(ifsc_code, "an IFSC: 4 letters, '0', 6 letters or digits")
        return f"{code}:{text}"
    return text


def _local(kind: str, text: str, raw: str) -> str:
    if kind == "wallet":
        match = _WALLET_RE.fullmatch(text.lower())
        if match is None:
            raise _fail(raw, "wallet:<provider>:<id> (e.g. wallet:paytm:9876543210)")
        provider, ident = match.groups()
        try:
            ident = normalize("phone", ident, "IN").value
        except IndicatorError:
            ident = ident.strip()
        return f"wallet:{provider}:{ident}"
    if not _LOCAL_RE.fullmatch(text):
        raise _fail(raw, f"{kind}:<identifier> of printable characters")
    return f"{kind}:{text}"


def _guess(text: str, raw: str) -> str:
    """A value of undeclared kind: the first reading that validates."""
    joined = _IFSC_JOINED.fullmatch(text)
    if joined:
        return "bank_account:" + normalize("bank_account", text).value
    if "@" in text:
        return "upi:" + normalize("upi", text).value
    compact = text.replace(" ", "")
    if iban(compact):
        return f"iban:{iban(compact)}"
    address = crypto_address(text)
    if address is not None:
        return f"{address.kind}:{address.value}"
    digits = re.sub(r"[ \-]", "", text)
    if digits.isdigit() and 6 <= len(digits) <= 18:
        return "bank_account:" + normalize("bank_account", digits).value
    if _LOCAL_RE.fullmatch(text):
        return f"ext:{text}"
    raise _fail(raw, "a bank account, UPI handle, IBAN, wallet or crypto address")


def kind_of(key: str) -> str:
    return key.partition(":")[0]


def channel_name(raw: str | None) -> str:
    """One channel name for a statement's or a form's spelling (unknown -> ``other``)."""
    if not raw:
        return "other"
    return CHANNELS.get(raw.strip().lower().replace("-", " "), "other")


def is_cashout(channel: str, to_account: str) -> bool:
    """Money on this transfer leaves the banking system (or the country)."""
    return channel in CASHOUT_CHANNELS or kind_of(to_account) in CASHOUT_KINDS


def bank_of(key: str, hint: str | None = None) -> Bank | None:
    """The bank holding account ``key``: from its IFSC, UPI handle, wallet issuer or
    IBAN/BIC; ``hint`` (an IFSC, a BIC or a routing code given with the transfer) wins."""
    if hint:
        bank = bank_from_code(hint)
        if bank is not None:
            return bank
    kind, _, value = key.partition(":")
    if kind == "bank_account" and ":" in value:
        return bank_from_code(value.split(":", 1)[0])
    if kind == "upi":
        code = UPI_PSP_BANKS.get(value.rpartition("@")[2])
        if code:
            return Bank(code, IFSC_BANKS.get(code, _PSP_NAMES.get(code, code)))
        return None
    if kind == "wallet":
        code = WALLET_BANKS.get(value.split(":", 1)[0])
        return Bank(code, IFSC_BANKS.get(code, value.split(":", 1)[0].title())) if code else None
    if kind == "iban":
        return Bank(f"IBAN-{value[:2]}-{value[4:8]}", f"bank {value[4:8]} ({value[:2]})")
    return None


_PSP_NAMES = {"NPCI": "UPI (PSP unknown)", "JIOP": "Jio Payments Bank"}


def bank_from_code(code: str) -> Bank | None:
    """A bank from an IFSC (or its 4-letter prefix), a BIC, or a known routing code."""
    text = code.strip().upper()
    found = ifsc(text)
    if found or (len(text) == 4 and text in IFSC_BANKS):
        prefix = text[:4]
        return Bank(prefix, IFSC_BANKS.get(prefix, prefix))
    bic = swift(text) if len(text) in (8, 11) else None
    if bic:
        name = BIC_BANKS.get(bic[:6])
        return Bank(bic[:8], name or f"bank {bic[:4]} ({bic[4:6]})")
    if text in WALLET_BANKS.values():
        return Bank(text, text)
    return None
