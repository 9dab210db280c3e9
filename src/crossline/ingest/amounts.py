"""Amounts of money as people in India and the US type them, to (Decimal, ISO currency).

Accepted, in any combination:

* currency marks before or after the number: ``$``, ``US$``, ``₹``, ``Rs``, ``Rs.``,
  ``INR``, ``रुपये``, ``रु``, ``rupees``, ``€``, ``£``, ISO codes (``USD``, ``EUR`` ...);
* the Indian ``/-`` ending (``Rs. 5,000/-``) and a trailing ``only``;
* multipliers: ``lakh``/``lac`` (100,000), ``crore``/``cr`` (10,000,000), ``k``
  (1,000), ``thousand``, ``million``/``mn``;
* digit grouping with commas (US ``1,299,000``, Indian ``1,50,000``), spaces
  (``1 299.99``, also no-break and thin spaces) or dots when a comma is the decimal
  separator (``1.299,99``); a lone comma followed by one or two digits is a decimal
  comma (``1299,99``);
* a trailing note in parentheses (``$1,299.99 (gift cards)``);
* Devanagari and other Unicode decimal digits.

``N/A``, ``nil``, ``unknown``, ``-`` and empty text mean *no amount*: :func:`read_amount`
returns None for them, it is not an error. Anything else that is not an amount raises
``ValueError`` saying what was found and what was expected.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

# Larger amounts are typing mistakes (and do not fit the store's NUMERIC(18, 2)).
MAX_AMOUNT = Decimal(10) ** 15

NO_AMOUNT = frozenset(
    {"", "-", "--", "---", "—", "–", "n/a", "na", "n.a.", "nil", "none", "null", "unknown",
     "not known", "not applicable", "not available", "nk", "?", "nan"}
)  # fmt: skip

# Currency marks as people type them, to ISO 4217 (longest first in the patterns).
CURRENCY_MARKS = {
    "$": "USD", "us$": "USD", "usd": "USD", "dollars": "USD", "dollar": "USD",
    "₹": "INR", "rs": "INR", "rs.": "INR", "inr": "INR", "rupees": "INR", "rupee": "INR",
    "रुपये": "INR", "रुपए": "INR", "रुपया": "INR", "रु": "INR", "रु.": "INR",
    "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR",
    "£": "GBP", "gbp": "GBP", "c$": "CAD", "cad": "CAD", "a$": "AUD", "aud": "AUD",
    "aed": "AED", "sgd": "SGD", "cny": "CNY", "jpy": "JPY",
}  # fmt: skip
_MARKS = "|".join(re.escape(m) for m in sorted(CURRENCY_MARKS, key=len, reverse=True))
_PREFIX = re.compile(rf"^(?P<mark>{_MARKS})(?![a-z\u0900-\u097f])\s*", re.IGNORECASE)
_SUFFIX = re.compile(rf"(?<![a-z])\s*(?P<mark>{_MARKS})$", re.IGNORECASE)

MULTIPLIERS = {
    "k": 1_000, "thousand": 1_000, "lakh": 100_000, "lakhs": 100_000, "lac": 100_000,
    "lacs": 100_000, "crore": 10_000_000, "crores": 10_000_000, "cr": 10_000_000,
    "million": 1_000_000, "mn": 1_000_000, "हज़ार": 1_000, "हजार": 1_000,
    "लाख": 100_000, "करोड़": 10_000_000, "करोड": 10_000_000,
}  # fmt: skip
_MULT = "|".join(re.escape(m) for m in sorted(MULTIPLIERS, key=len, reverse=True))
_MULT_SUFFIX = re.compile(rf"(?<=[\d\s.])\s*(?P<mult>{_MULT})\.?$", re.IGNORECASE)

_NOTE = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\s*$")
_ENDING = re.compile(r"\s*(?:/-|/=|-/-)?\s*(?:only)?\s*$", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u2009\u202f\u2007]+")

_PLAIN = re.compile(r"\d+(?:\.\d+)?|\.\d+")
_US_GROUPS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_IN_GROUPS = re.compile(r"\d{1,2}(?:,\d{2})*,\d{3}(?:\.\d+)?")
_EU_GROUPS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_DECIMAL_COMMA = re.compile(r"\d+,\d{1,2}")
_SPACE_GROUPS = re.compile(r"\d{1,3}(?: \d{3})+(?=$|[.,])")

_EXPECTED = (
    "expected an amount such as 1234.50, $1,299.99, Rs. 1,50,000/-, ₹2 lakh, INR 50k or "
    "1.299,99 (or N/A when there is none)"
)


def read_amount(text: str, default_currency: str) -> tuple[Decimal, str] | None:
    """``"Rs. 1.5 lakh"`` -> ``(Decimal("150000"), "INR")``; ``"N/A"`` -> None.

    Raises ValueError (found what, expected what) when the text is neither an amount
    nor one of the ways of saying there is none. Negative amounts are refused.
    """
    result = _read_cached(text, default_currency)
    if isinstance(result, str):
        raise ValueError(result)
    return result


def parse_amount(text: str, default_currency: str) -> tuple[Decimal, str]:
    """Like :func:`read_amount`, for places where an amount is required."""
    result = read_amount(text, default_currency)
    if result is None:
        raise ValueError(f"found {text!r}, which gives no amount; {_EXPECTED}")
    return result


@lru_cache(maxsize=1 << 14)
def _read_cached(text: str, default_currency: str) -> tuple[Decimal, str] | None | str:
    # Real files repeat amounts; the cache also holds the reasons for bad ones.
    s = unicodedata.normalize("NFC", text).strip()
    if s.lower() in NO_AMOUNT:
        return None
    s = _ascii_digits(s)
    while (note := _NOTE.search(s)) and note.start() > 0:
        s = s[: note.start()]
    marks: list[str] = []
    mult = 1
    for _ in range(3):  # marks and multipliers in any order: "Rs 2 crore", "50k INR"
        before = s
        s = _ENDING.sub("", s)
        if m := _PREFIX.match(s):
            marks.append(m.group("mark"))
            s = s[m.end() :].strip()
        if m := _SUFFIX.search(s):
            marks.append(m.group("mark"))
            s = s[: m.start()].strip()
        if mult == 1 and (m := _MULT_SUFFIX.search(s)):
            mult = MULTIPLIERS[m.group("mult").lower()]
            s = s[: m.start()].strip()
        if s == before:
            break
    codes = {CURRENCY_MARKS[m.lower()] for m in marks}
    if len(codes) > 1:
        return f"found {text!r}, which names two currencies ({', '.join(sorted(codes))})"
    currency = codes.pop() if codes else default_currency
    if s.startswith("-"):
        return f"found {text!r}, a negative amount; expected a non-negative amount"
    number = _number(s)
    if number is None:
        if not s and (marks or mult != 1):
            return f"found {text!r}: a currency or multiplier without a number; {_EXPECTED}"
        return f"found {text!r}; {_EXPECTED}"
    value = number * mult
    if value >= MAX_AMOUNT:
        return f"found {text!r}, an implausibly large amount (over {MAX_AMOUNT:,})"
    return value, currency


def _ascii_digits(s: str) -> str:
    if s.isascii():
        return s
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in s)


def _number(s: str) -> Decimal | None:
    """The number in ``s`` (separators already known to be grouping or decimal)."""
    s = _SPACES.sub(" ", s).strip()
    if " " in s:
        m = _SPACE_GROUPS.match(s)
        if m is None or " " in s[m.end() :]:
            return None
        s = s[: m.end()].replace(" ", "") + s[m.end() :]
    if _PLAIN.fullmatch(s):
        digits = s
    elif _US_GROUPS.fullmatch(s) or _IN_GROUPS.fullmatch(s):
        digits = s.replace(",", "")
    elif _EU_GROUPS.fullmatch(s) and ("," in s or s.count(".") > 1):
        digits = s.replace(".", "").replace(",", ".")
    elif _DECIMAL_COMMA.fullmatch(s):
        digits = s.replace(",", ".")
    else:
        return None
    try:
        return Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the patterns admit only digits
        return None
