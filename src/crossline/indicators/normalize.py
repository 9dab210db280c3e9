"""``normalize``: one declared value (a structured field) to its normal form, or an error.

Importers call this for fields whose kind the source declares ("suspect_mobile",
"Company_Phone_Number", "beneficiary account" ...). The rules are the extractor's, minus
the reading of surrounding text: the field's kind is known, so a 10-digit account number
needs no "a/c" before it. Normalizing a normal form returns it unchanged (payment cards:
the keyed hash is accepted back as is).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from crossline.errors import IndicatorError
from crossline.indicators.crypto import crypto_address
from crossline.indicators.digits import digit_groups
from crossline.indicators.found import Found, frozen_meta
from crossline.indicators.kinds import CRYPTO_KINDS, KINDS
from crossline.indicators.payments import (
    account_digits,
    account_value,
    card,
    iban,
    ifsc,
    ifsc_bank,
    swift,
    upi,
)
from crossline.indicators.phones import phone_for, vanity
from crossline.indicators.pii import aadhaar, pan, ssn
from crossline.indicators.scan import fold
from crossline.indicators.spoken import spoken_groups
from crossline.indicators.urls import (
    handle_pieces,
    host_pieces,
    ip_flags,
    ipv4,
    ipv6,
    refang,
    registrable,
    strip_tail,
    url_pieces,
)

_EXTENSION_RE = re.compile(r"(?i)\s*(?:ext\.?|extension|x|#)\s*[0-9]{1,6}\s*$")
_MASKED_CARD_RE = re.compile(r"[0-9]{6}\*{2,9}[0-9]{4}")
_HASH_RE = re.compile(r"[0-9a-f]{64}")
_SOCIAL_RE = re.compile(
    r"(telegram|whatsapp|instagram|facebook|twitter|tiktok|youtube|linkedin):(\S+)"
)
_ACCOUNT_FORM_RE = re.compile(r"([A-Za-z]{4}0[A-Za-z0-9]{6})\s*[:/\-]\s*([0-9 \-]+)")


_CASELESS = frozenset({"telegram", "instagram", "twitter", "tiktok", "facebook"})


def _fail(kind: str, raw: str, expected: str) -> IndicatorError:
    return IndicatorError(
        f"{kind} value {raw!r} is not valid: expected {expected}", kind=kind, raw=raw
    )


_IFSC_FORM = "11 characters: 4 letters, '0', 6 letters or digits"
Extras = tuple[frozenset[str], dict[str, str]]


def _no_extras(value: str) -> Extras:
    return frozenset(), {}


def _ip_extras(address: str) -> Extras:
    return ip_flags(address), {}


def _bank_meta(code: str) -> dict[str, str]:
    bank = ifsc_bank(code)
    return {"bank": bank} if bank else {}


def _ifsc_extras(code: str) -> Extras:
    return frozenset(), _bank_meta(code)


# Kinds whose normal form one reader gives: (reader, what a valid value looks like,
# the flags and meta of the normal form).
_CHECKED: dict[str, tuple[Callable[[str], str | None], str, Callable[[str], Extras]]] = {
    "ipv4": (lambda text: ipv4(refang(text)), "a dotted-quad IPv4 address", _ip_extras),
    "ipv6": (ipv6, "an IPv6 address", _ip_extras),
    "ifsc": (ifsc, _IFSC_FORM, _ifsc_extras),
    "iban": (iban, "an IBAN with the right length and check digits (ISO 13616)", _no_extras),
    "swift": (swift, "a BIC: 4 letters, country code, 2 (+3) letters or digits", _no_extras),
}
# Victim personal data: (reader, what a valid value looks like).
_PII: dict[str, tuple[Callable[[str], str | None], str]] = {
    "pii_aadhaar": (aadhaar, "12 digits starting 2-9 with a correct Verhoeff check digit"),
    "pii_pan": (pan, "a PAN: 5 letters (4th the holder type), 4 digits, 1 letter"),
    "pii_ssn": (ssn, "an SSN AAA-GG-SSSS outside the never-issued ranges"),
}

RAW_PHONE_NOTE = "not a valid number (likely spoofed)"
_RAW_PHONE_RE = re.compile(r"\+?\(?[0-9][0-9 .\-()/]*")


def raw_phone_digits(raw: str) -> str | None:
    """The digits of a reported caller number that no numbering plan accepts
    (``232-138-9717``), or None when ``raw`` is not a number at all (``830Unknown``).

    The digits are kept exactly as reported: a spoofed caller id links only its exact
    repeats, and a repeat is typed the same way.
    """
    text = _EXTENSION_RE.sub("", fold(raw)).strip()
    if not _RAW_PHONE_RE.fullmatch(text):
        return None
    digits = "".join(c for c in text if c.isdigit())
    # From three digits: short codes (1930, 112) and SMS short codes call and text too.
    if not 3 <= len(digits) <= 15 or len(set(digits)) == 1:
        return None
    return digits


def normalize_account(account: str, ifsc_code: str | None = None) -> str:
    """Normal form of a bank account: ``"<IFSC>:<digits>"``, or the digits alone."""
    digits = account_digits(account.strip())
    if digits is None:
        raise _fail("bank_account", account, "6 to 18 digits (spaces and dashes allowed)")
    if ifsc_code is None:
        return digits
    code = ifsc(ifsc_code)
    if code is None:
        raise _fail("ifsc", ifsc_code, _IFSC_FORM)
    return account_value(digits, code)


def _phone(raw: str, region: str | None) -> tuple[str, frozenset[str], dict[str, str]]:
    text = _EXTENSION_RE.sub("", fold(raw)).strip()
    plus, groups = digit_groups(text)
    digits = "".join(g.digits for g in groups)
    found = None
    flags: frozenset[str] = frozenset()
    if digits and not re.search(r"[A-Za-z]", text):
        found = phone_for(
            digits, plus=plus, region=region, groups=tuple(len(g.digits) for g in groups)
        )
    elif re.search(r"[A-Za-z]", text):
        hit = vanity(text)
        if hit is not None and hit[0] == len(text):
            found, flags = hit[1], frozenset({"vanity"})
        else:
            words = spoken_groups(text)
            if words:
                spoken_digits = "".join(g.digits for g in words)
                found = phone_for(
                    spoken_digits,
                    plus=False,
                    region=region,
                    groups=tuple(len(g.digits) for g in words),
                )
                flags = frozenset({"spoken"})
    if found is None:
        where = f"valid in region {region}" if region else "with a region hint"
        raise _fail(
            "phone",
            raw,
            f"an E.164 number (+CC...) or a national number {where}, valid in the numbering plan",
        )
    meta = {"region": found.region}
    if found.phone_type:
        meta["phone_type"] = found.phone_type
    return found.value, flags, meta


def _web(kind: str, raw: str) -> tuple[str, frozenset[str], dict[str, str]]:
    text = strip_tail(raw.strip())
    if kind == "email":
        pieces = handle_pieces(text, in_text=False) or ()
    else:
        pieces = url_pieces(text) or host_pieces(text) or ()
    for piece in pieces:
        for option in piece.options:
            if option.kind != kind:
                continue
            if kind != "domain" and piece.end != len(text):
                continue  # the value must be the whole field, not a part of it
            return option.value, option.flags, dict(option.meta)
    if kind == "url" and any(o.kind == "domain" for p in pieces for o in p.options):
        return refang(text).lower(), frozenset(), {"host": refang(text).lower()}
    if kind == "domain":
        reg = registrable(refang(text))
        if reg:
            return reg[0], frozenset(), {}
    expected = {
        "url": "a web address (scheme optional, defanged forms accepted)",
        "domain": "a host name under a public suffix, or a URL",
        "email": "name@host.tld",
    }[kind]
    raise _fail(kind, raw, expected)


def normalize(
    kind: str, raw: str, region_hint: str | None = None, *, card_key: bytes | None = None
) -> Found:
    """The normal form of ``raw`` declared as ``kind``; raises IndicatorError if invalid."""
    from crossline.indicators.extract import check_region

    if kind not in KINDS:
        raise IndicatorError(
            f"unknown indicator kind {kind!r}: expected one of {', '.join(KINDS)}", kind=kind
        )
    if not isinstance(raw, str) or not raw.strip():
        raise _fail(kind, str(raw), "a non-empty string")
    region = check_region(region_hint)
    text = fold(raw).strip()
    flags: frozenset[str] = frozenset()
    meta: dict[str, str] = {}
    shown = raw
    if kind == "phone":
        value, flags, meta = _phone(raw, region)
    elif kind == "phone_raw":
        value = raw_phone_digits(raw) or ""
        if not value:
            raise _fail(kind, raw, "3 to 15 digits as reported (separators allowed, no letters)")
        meta = {"note": RAW_PHONE_NOTE}
    elif kind in ("url", "domain", "email"):
        value, flags, meta = _web(kind, text)
    elif kind in _CHECKED:
        read, expected, extras = _CHECKED[kind]
        value = read(text) or ""
        if not value:
            raise _fail(kind, raw, expected)
        flags, meta = extras(value)
    elif kind == "upi":
        vpa = upi(refang(text))
        if vpa is None:
            raise _fail(kind, raw, "a UPI address handle@psp (no dot after @)")
        value = vpa.value
        if vpa.mobile:
            meta["phone"] = vpa.mobile
    elif kind == "bank_account":
        match = _ACCOUNT_FORM_RE.fullmatch(text)
        code = match.group(1) if match else None
        value = normalize_account(match.group(2) if match else text, code)
        if code:
            meta = {"ifsc": code.upper(), **_bank_meta(code)}
    elif kind == "card":
        value, flags, meta, shown = _card(raw, text, card_key)
    elif kind in CRYPTO_KINDS:
        address = crypto_address(text)
        if address is None or address.kind != kind:
            raise _fail(kind, raw, f"a {kind} address whose checksum holds")
        value, flags = address.value, address.flags
    elif kind == "social":
        value = _social(raw, text)
    else:
        value = _pii(kind, raw, text)
    return Found(kind, value, shown, 0, len(shown), flags, frozen_meta(meta))


def _card(
    raw: str, text: str, key: bytes | None
) -> tuple[str, frozenset[str], dict[str, str], str]:
    if _HASH_RE.fullmatch(text):  # already a keyed hash: nothing to check, nothing to show
        return text, frozenset({"prehashed"}), {}, text
    if _MASKED_CARD_RE.fullmatch(text) and key is None:
        return text, frozenset({"unkeyed", "masked_input"}), {"masked": text}, text
    digits = re.sub(r"[ \-]", "", text)
    found = card(digits, key)
    if found is None:
        # never echo the digits back: the message names the problem, not the number
        raise IndicatorError(
            "card value is not valid: expected 13 to 19 digits with a known card prefix "
            "and a correct Luhn check digit",
            kind="card",
        )
    flags = {"checksum_ok"} | (set() if found.keyed else {"unkeyed"})
    return (
        found.value,
        frozenset(flags),
        {"masked": found.masked, "brand": found.brand},
        found.masked,
    )


def _social(raw: str, text: str) -> str:
    match = _SOCIAL_RE.fullmatch(text)
    if match:
        platform, account = match.groups()
        # handles are case-insensitive on these platforms; invite codes ("+AbC") are not
        if platform in _CASELESS and not account.startswith("+"):
            account = account.lower()
        return f"{platform}:{account}"
    pieces = url_pieces(text) or host_pieces(text) or ()
    for piece in pieces:
        for option in piece.options:
            if option.kind == "social":
                return option.value
    raise _fail("social", raw, "platform:account or a profile URL (t.me/..., wa.me/...)")


def _pii(kind: str, raw: str, text: str) -> str:
    read, expected = _PII[kind]
    value = read(text)
    if value is None:
        # the message names the problem, never the value (it is a victim's personal data)
        raise IndicatorError(f"{kind} value is not valid: expected {expected}", kind=kind)
    return value
