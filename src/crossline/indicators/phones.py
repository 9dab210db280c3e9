"""Phone numbers: which digit spans are callable numbers, and their E.164 form.

Google's ``phonenumbers`` (libphonenumber metadata) is the authority: a number is kept
only if the numbering plan says it is *valid* (not merely possible). What this module
adds is the policy around it:

* With a region hint (``"US"``, ``"IN"`` ...), any national formatting valid in that
  region is accepted, plus international forms: ``+CC``, ``00CC`` (and ``011CC`` in the
  NANP), and a country code written without ``+`` when it stands apart
  (``91 98765 43210``) or is the hint's own (``919876543210`` under ``IN``).
* Without a hint, only forms that cannot be misread are accepted: explicit international
  forms, and the national layouts that belong to one of the two home numbering plans —
  US ``(833) 304-1447`` / ``833-304-1447`` / ``1-833-304-1447``; India ``98765 43210``,
  ``098765 43210``, ``1800-180-1111``. A bare ``7044518857`` is a valid number in both
  the US and India, so it needs a hint.
* Vanity numbers (``1-800-FLOWERS``) are read on the NANP keypad; letters must be upper
  case unless the number is written ``1-8XX-...``, so "800 dollars" is never a number.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import phonenumbers

from crossline.indicators.candidate import Option
from crossline.indicators.numbering import read_international, read_national

NANP_REGIONS = frozenset(phonenumbers.COUNTRY_CODE_TO_REGION_CODE[1])
SUPPORTED_REGIONS = frozenset(phonenumbers.SUPPORTED_REGIONS)

# Country codes accepted without "+" when written apart from the number.
_BARE_CODES = frozenset({"1", "91", "44"})


@dataclass(frozen=True, slots=True)
class Phone:
    """A valid number: E.164 value, ISO region, and line type as libphonenumber knows it."""

    value: str
    region: str
    phone_type: str

    def option(self, flags: frozenset[str] = frozenset()) -> Option:
        meta = [("region", self.region)]
        if self.phone_type:
            meta.append(("phone_type", self.phone_type))
        return Option("phone", self.value, flags, tuple(meta))


@functools.lru_cache(maxsize=1 << 17)
def parse_valid(number: str, region: str | None) -> Phone | None:
    """``number`` (digits, or ``+`` and digits) read in ``region``, if the plan says valid."""
    if number.startswith("+"):
        found = read_international(number[1:], prefer=region)
    elif region is None:
        return None
    else:
        found = read_national(number, region)
    return Phone(found.e164, found.region, found.phone_type) if found else None


def country_code(region: str) -> str:
    return str(phonenumbers.country_code_for_region(region))


def _no_hint_region(digits: str, groups: tuple[int, ...]) -> str | None:
    """The home region a national layout belongs to, when there is no hint."""
    if not groups:
        return None
    if groups == (3, 3, 4) or (groups == (1, 3, 3, 4) and digits[0] == "1"):
        return "US"
    if groups == (5, 5) and digits[0] in "6789":
        return "IN"
    if groups == (6, 5) and digits[0] == "0" and digits[1] in "6789":
        return "IN"
    if groups == (4, 3, 4) and digits.startswith(("1800", "1860")):
        return "IN"
    return None


_NANP_TOLL_FREE = frozenset({"800", "833", "844", "855", "866", "877", "888"})


def _nanp_toll_free_layout(digits: str, groups: tuple[int, ...]) -> bool:
    """A NANP toll-free number in the NANP layout: 3-3-4, optionally after a lone 1."""
    if groups == (1, 3, 3, 4) and digits[0] == "1":
        digits = digits[1:]
    elif groups != (3, 3, 4):
        return False
    return digits[:3] in _NANP_TOLL_FREE


@functools.lru_cache(maxsize=1 << 17)
def phone_for(
    digits: str,
    *,
    plus: bool,
    region: str | None,
    groups: tuple[int, ...],
) -> Phone | None:
    """The number written as ``digits`` (grouped as ``groups``), if the policy accepts it.

    ``plus`` tells that a ``+`` preceded the digits; ``groups`` are the lengths of the
    digit groups as written, which matter for the no-hint layouts and for a country code
    written apart.
    """
    if not 7 <= len(digits) <= 17:
        return None
    if plus:
        return parse_valid("+" + digits, None)
    if digits.startswith("00"):
        return parse_valid("+" + digits[2:], None)
    if region is None:
        if digits.startswith("011") and groups[0] == 3 and len(groups) > 1:
            return parse_valid("+" + digits[3:], None)
        home = _no_hint_region(digits, groups)
        if home is not None:
            return parse_valid(digits, home)
        # "91 98765 43210", "1 833 304 1447": a home country code standing apart.
        lead = digits[: groups[0]]
        if len(groups) > 1 and lead in ("1", "91"):
            rest_region = "US" if lead == "1" else "IN"
            rest = digits[groups[0] :]
            if _no_hint_region(rest, groups[1:]) == rest_region or len(groups) == 2:
                return parse_valid("+" + digits, None)
        return None
    if region not in NANP_REGIONS and _nanp_toll_free_layout(digits, groups):
        # "833-304-1447" in an Indian complaint is the US toll-free number written the
        # American way, though 8333041447 would also be a valid Indian mobile: Indian
        # mobiles are written 5-5 or as ten digits, not 3-3-4 (tested in test_phones).
        found = parse_valid("+1" + digits[-10:], None)
        if found is not None and found.phone_type == "toll_free":
            return found
    found = parse_valid(digits, region)
    if found is not None:
        return found
    if region in NANP_REGIONS and digits.startswith("011"):
        return parse_valid("+" + digits[3:], None)
    own = country_code(region)
    lead = digits[: groups[0]]
    if len(groups) > 1 and (lead in _BARE_CODES or lead == own):
        return parse_valid("+" + digits, None)
    return None


_VANITY_RE = re.compile(
    r"(?P<one>1[ .\-]?)?(?P<area>\(8[0-9]{2}\)|8[0-9]{2})[ .\-]?(?P<rest>.*)", re.ASCII
)


def vanity(token: str) -> tuple[int, Phone] | None:
    """``(end, number)`` of a vanity number at the start of ``token`` (1-800-FLOWERS).

    Letters beyond the seven that make a number are ignored, as on a phone keypad.
    """
    match = _VANITY_RE.fullmatch(token)
    if match is None:
        return None
    rest = match.group("rest")
    letters = "".join(c for c in rest if c.isalpha())
    if not letters:
        return None
    hyphen_form = bool(match.group("one")) and token[1:2] == "-"
    if not (letters.isupper() or hyphen_form):
        return None
    keyed = phonenumbers.convert_alpha_characters_in_number(rest)
    subscriber = "".join(c for c in keyed if c.isdigit())
    if len(subscriber) < 7:
        return None
    area = match.group("area").strip("()")
    found = parse_valid("+1" + area + subscriber[:7], None)
    if found is None:
        return None
    # The number ends where its seventh keypad character is, but whole words are kept:
    # 1-800-CONTACTS is written to its end even though only seven letters are dialled.
    end = match.start("rest")
    count = 0
    while end < len(token) and count < 7:
        count += token[end].isalnum()
        end += 1
    while end < len(token) and token[end].isalnum():
        end += 1
    return end, found
