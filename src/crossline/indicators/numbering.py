"""Fast, exact reading of plain digit strings against libphonenumber's metadata.

``phonenumbers.parse`` is general (letters, punctuation, extensions, carrier codes) and
costs tens of microseconds; a batch of a million complaints holds hundreds of thousands
of distinct digit runs, most of them not phone numbers at all. For a plain digit string
in a numbering plan whose trunk prefix is a fixed string (US, India, UK and most others),
the national significant number can be cut out directly and the *same* metadata checks
run on it (``is_valid_number_for_region``, the number-type patterns). Plans with
rewriting rules (Argentina, Mexico ...), numbers with leading zeros (Italy) and
anything unusual fall back to ``phonenumbers.parse``; libphonenumber stays the authority.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneMetadata, PhoneNumber, PhoneNumberType

try:  # the per-region type check, without the costly region lookup number_type() repeats
    from phonenumbers.phonenumberutil import _number_type_helper
except ImportError:  # pragma: no cover - older or newer library layout
    _number_type_helper = None  # type: ignore[assignment]

TYPE_NAMES = {
    PhoneNumberType.FIXED_LINE: "fixed_line",
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "fixed_line_or_mobile",
    PhoneNumberType.TOLL_FREE: "toll_free",
    PhoneNumberType.PREMIUM_RATE: "premium_rate",
    PhoneNumberType.SHARED_COST: "shared_cost",
    PhoneNumberType.VOIP: "voip",
    PhoneNumberType.PERSONAL_NUMBER: "personal_number",
    PhoneNumberType.PAGER: "pager",
    PhoneNumberType.UAN: "uan",
    PhoneNumberType.VOICEMAIL: "voicemail",
}


@dataclass(frozen=True, slots=True)
class Reading:
    """A valid number: E.164, the region it is valid in, and its line type."""

    e164: str
    region: str
    phone_type: str


@dataclass(frozen=True, slots=True)
class _Plan:
    code: str
    trunk: str
    lengths: frozenset[int]
    metadata: PhoneMetadata
    simple: bool


@functools.cache
def _plan(region: str) -> _Plan | None:
    metadata = PhoneMetadata.metadata_for_region(region)
    if metadata is None:
        return None
    trunk = metadata.national_prefix or ""
    parsing = metadata.national_prefix_for_parsing
    simple = metadata.national_prefix_transform_rule is None and parsing in (None, trunk or None)
    general = metadata.general_desc
    lengths = frozenset((general.possible_length or ()) if general is not None else ())
    return _Plan(str(metadata.country_code), trunk, lengths, metadata, simple)


def _type_name(nsn: str, region: str, numobj: PhoneNumber) -> str:
    if _number_type_helper is not None:
        plan = _plan(region)
        if plan is not None:
            return TYPE_NAMES.get(_number_type_helper(nsn, plan.metadata), "")
    return TYPE_NAMES.get(phonenumbers.number_type(numobj), "")


@functools.cache
def _leading(region: str) -> re.Pattern[str] | None:
    metadata = PhoneMetadata.metadata_for_region(region)
    pattern = metadata.leading_digits if metadata is not None else None
    return re.compile(pattern) if pattern else None


def _valid_in(code: str, nsn: str, regions: tuple[str, ...]) -> Reading | None:
    # ``regions`` all share ``code`` (they come from COUNTRY_CODE_TO_REGION_CODE[code]).
    numobj = PhoneNumber(country_code=int(code), national_number=int(nsn))
    for i, region in enumerate(regions):
        plan = _plan(region)
        if plan is None or len(nsn) not in plan.lengths:
            continue
        leading = _leading(region)
        if i and leading is not None and not leading.match(nsn):
            continue  # e.g. an NANP area code that belongs to another country
        if _number_type_helper is not None:
            # exactly is_valid_number_for_region(): the type patterns, run once for both
            kind = _number_type_helper(nsn, plan.metadata)
            if kind != PhoneNumberType.UNKNOWN:
                return Reading(f"+{code}{nsn}", region, TYPE_NAMES.get(kind, ""))
        elif phonenumbers.is_valid_number_for_region(numobj, region):
            return Reading(f"+{code}{nsn}", region, _type_name(nsn, region, numobj))
    return None


def _slow(number: str, region: str | None) -> Reading | None:
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    where = phonenumbers.region_code_for_number(parsed) or ""
    return Reading(
        phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164),
        where,
        TYPE_NAMES.get(phonenumbers.number_type(parsed), ""),
    )


def _regions_for(code: str, prefer: str | None) -> tuple[str, ...]:
    regions = tuple(phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(int(code), ()))
    if prefer in regions:
        regions = (prefer, *(r for r in regions if r != prefer))
    return regions


def read_international(digits: str, prefer: str | None = None) -> Reading | None:
    """``+<digits>``: country code, then the national number, valid in one of its regions."""
    for size in (1, 2, 3):
        code = digits[:size]
        if int(code or 0) in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
            break
    else:
        return None
    nsn = digits[size:]
    regions = _regions_for(code, prefer)
    if not nsn or nsn[0] == "0" or "001" in regions:
        # leading zeros are kept in a few plans; non-geographic codes (+800, +882 ...)
        return _slow("+" + digits, None)
    return _valid_in(code, nsn, regions)


def read_national(digits: str, region: str) -> Reading | None:
    """Digits written nationally in ``region`` (trunk prefix or country code allowed)."""
    plan = _plan(region)
    if plan is None or not plan.simple:
        return _slow(digits, region)
    # The order libphonenumber tries: trunk prefix stripped, as written, country code.
    candidates = []
    if plan.trunk and digits.startswith(plan.trunk):
        candidates.append(digits[len(plan.trunk) :])
    candidates.append(digits)
    if digits.startswith(plan.code):
        candidates.append(digits[len(plan.code) :])
    regions = _regions_for(plan.code, region)
    for nsn in candidates:
        if not nsn or len(nsn) not in plan.lengths and len(regions) == 1:
            continue
        if nsn[0] == "0":
            return _slow(digits, region)
        found = _valid_in(plan.code, nsn, regions)
        if found is not None:
            return found
    return None
