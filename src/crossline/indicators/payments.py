"""Payment identifiers: cards, IBAN, IFSC, SWIFT/BIC, UPI handles, bank accounts.

Every function here is pure and validates one candidate string; callers decide from the
surrounding text whether the candidate is wanted (see :mod:`crossline.indicators.context`).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass

import phonenumbers

from crossline.indicators.banks import EMAIL_PROVIDERS, IBAN_LENGTHS, IFSC_BANKS, UPI_HANDLES

# --- payment cards -----------------------------------------------------------------


def luhn_ok(digits: str) -> bool:
    """ISO/IEC 7812 check digit (Luhn mod 10)."""
    total = 0
    for i, char in enumerate(reversed(digits)):
        d = ord(char) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


# (brand, issuer-number prefixes as (low, high) on the leading digits, allowed lengths)
_BRANDS: tuple[tuple[str, tuple[tuple[str, str], ...], tuple[int, ...]], ...] = (
    ("amex", (("34", "34"), ("37", "37")), (15,)),
    ("diners", (("300", "305"), ("36", "36"), ("38", "39")), (14, 16, 19)),
    ("jcb", (("3528", "3589"),), (16, 17, 18, 19)),
    ("visa", (("4", "4"),), (13, 16, 19)),
    ("mastercard", (("51", "55"), ("2221", "2720")), (16,)),
    ("discover", (("6011", "6011"), ("644", "649"), ("65", "65")), (16, 19)),
    ("rupay", (("60", "60"), ("652", "653"), ("81", "82"), ("508", "508")), (16,)),
    ("unionpay", (("62", "62"),), (16, 17, 18, 19)),
    ("maestro", (("50", "50"), ("56", "58"), ("63", "63"), ("67", "67")), (13, 16, 19)),
)


def card_brand(digits: str) -> str | None:
    """The card scheme whose issuer prefixes and lengths admit ``digits``, if any."""
    for brand, ranges, lengths in _BRANDS:
        if len(digits) not in lengths:
            continue
        for low, high in ranges:
            head = digits[: len(low)]
            if low <= head <= high:
                return brand
    return None


def mask_pan(digits: str) -> str:
    """First six and last four digits, the rest as ``*`` (PCI DSS display rule)."""
    return digits[:6] + "*" * (len(digits) - 10) + digits[-4:]


def card_hash(digits: str, key: bytes) -> str:
    """Keyed HMAC-SHA-256 of the card number: links cards without keeping them."""
    return hmac.new(key, digits.encode("ascii"), hashlib.sha256).hexdigest()


@dataclass(frozen=True, slots=True)
class Card:
    value: str
    masked: str
    brand: str
    keyed: bool


def card(digits: str, key: bytes | None) -> Card | None:
    """A payment card from 13-19 digits: Luhn-valid with a known scheme prefix."""
    if not 13 <= len(digits) <= 19 or not digits.isdigit():
        return None
    brand = card_brand(digits)
    if brand is None or not luhn_ok(digits):
        return None
    if len(set(digits)) == 1:  # 0000 0000 0000 0000 and the like: filler, not a card
        return None
    masked = mask_pan(digits)
    if key is None:
        return Card(masked, masked, brand, keyed=False)
    return Card(card_hash(digits, key), masked, brand, keyed=True)


# --- IBAN -----------------------------------------------------------------------------


def iban(candidate: str) -> str | None:
    """The compact upper-case IBAN if ``candidate`` passes ISO 13616 (length + mod 97)."""
    compact = re.sub(r"[ \-]", "", candidate).upper()
    country = compact[:2]
    if IBAN_LENGTHS.get(country) != len(compact) or not compact.isalnum():
        return None
    if not compact[2:4].isdigit():
        return None
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(c, 36)) for c in rearranged)
    return compact if int(number) % 97 == 1 else None


# --- IFSC and bank accounts -------------------------------------------------------------

_IFSC_RE = re.compile(r"[A-Z]{4}0[A-Z0-9]{6}")


def ifsc(candidate: str) -> str | None:
    """The upper-case IFSC: four letters (bank), ``0``, six alphanumerics (branch)."""
    code = candidate.strip().upper()
    return code if _IFSC_RE.fullmatch(code) else None


def ifsc_bank(code: str) -> str | None:
    """Bank name for an IFSC, when its prefix is in the shipped table."""
    return IFSC_BANKS.get(code[:4].upper())


_ACCOUNT_RE = re.compile(r"[0-9]{6,18}")


def account_digits(candidate: str) -> str | None:
    """Digits of a bank account number (6-18 digits; spaces and dashes are dropped)."""
    digits = re.sub(r"[ \-]", "", candidate)
    if not _ACCOUNT_RE.fullmatch(digits) or len(set(digits)) == 1:
        return None
    return digits


def account_value(digits: str, ifsc_code: str | None) -> str:
    """Normal form of an account: ``"<IFSC>:<digits>"`` when the IFSC is known.

    Keying the account by its IFSC keeps two accounts with the same digits at different
    banks apart.
    """
    return f"{ifsc_code}:{digits}" if ifsc_code else digits


# --- SWIFT / BIC ----------------------------------------------------------------------

_BIC_RE = re.compile(r"[A-Z]{4}([A-Z]{2})[A-Z0-9]{2}(?:[A-Z0-9]{3})?")
_COUNTRIES = frozenset(phonenumbers.SUPPORTED_REGIONS) | {"XK", "EU"}


def swift(candidate: str) -> str | None:
    """BIC in its 8-character form when it is the head office (``XXX`` branch dropped)."""
    code = candidate.strip().upper()
    match = _BIC_RE.fullmatch(code)
    if not match or match.group(1) not in _COUNTRIES:
        return None
    if code[7] == "0":  # location code "x0" marks a test BIC
        return None
    return code[:8] if code.endswith("XXX") else code


# --- UPI ------------------------------------------------------------------------------

_VPA_LOCAL_RE = re.compile(r"[a-z0-9][a-z0-9.\-_]{1,255}")
# Pieces of PSP handles: an unknown handle must at least look like one ("hello@world" does not).
_PSP_FRAGMENTS = (
    "bank", "pay", "upi", "axis", "hdfc", "icici", "sbi", "kotak", "yes", "idfc", "federal",
    "indus", "paytm", "ybl", "ibl", "axl", "barod", "canara", "union", "kvb", "rbl",
)  # fmt: skip
_PSP_RE = re.compile(r"[a-z][a-z0-9]{1,31}")


@dataclass(frozen=True, slots=True)
class Vpa:
    value: str
    known_psp: bool
    mobile: str | None  # E.164 when the handle is an Indian mobile number


def upi(candidate: str) -> Vpa | None:
    """A UPI virtual payment address ``handle@psp`` (lower-cased).

    ``known_psp`` tells whether the PSP is in the shipped list; an unknown PSP is only a
    UPI handle when the text around it says so (decided by the caller). Mail providers
    written without their TLD (``name@gmail``) are never UPI.
    """
    local, sep, psp = candidate.strip().lower().rpartition("@")
    if not sep or "." in psp or not _PSP_RE.fullmatch(psp) or psp in EMAIL_PROVIDERS:
        return None
    if not _VPA_LOCAL_RE.fullmatch(local) or local.endswith("."):
        return None
    mobile = None
    digits = local[2:] if len(local) == 12 and local.startswith("91") else local
    if len(digits) == 10 and digits.isdigit() and digits[0] in "6789":
        mobile = "+91" + digits
    if psp not in UPI_HANDLES and not (
        psp.startswith("ok") or any(f in psp for f in _PSP_FRAGMENTS)
    ):
        return None
    return Vpa(f"{local}@{psp}", psp in UPI_HANDLES, mobile)
