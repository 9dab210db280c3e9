"""Typed cell values: amounts, channels, countries, US states, flags.

Pure functions; each raises ``ValueError`` with a message that says what was found
and what was expected, which the readers turn into a quarantine reason.
"""

from __future__ import annotations

import re
from functools import lru_cache

from crossline.ingest.amounts import CURRENCY_MARKS, parse_amount, read_amount

__all__ = [
    "channel_of",
    "country_code",
    "parse_amount",
    "parse_currency",
    "parse_flag",
    "read_amount",
    "us_state",
]


def parse_currency(text: str) -> str:
    """An ISO 4217 code (``usd`` -> ``USD``), or ValueError."""
    code = CURRENCY_MARKS.get(text.strip().lower(), text.strip().upper())
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise ValueError(f"found {text!r}, expected a three-letter currency code such as USD")
    return code


# How a victim was contacted, as sources word it, to domain.CHANNELS.
_CHANNEL_WORDS: tuple[tuple[str, str], ...] = (
    ("robocall", "robocall"), ("robo call", "robocall"), ("recorded", "robocall"),
    ("prerecorded", "robocall"), ("ivr", "robocall"), ("whatsapp", "whatsapp"),
    ("text", "sms"), ("sms", "sms"), ("imessage", "sms"), ("e-mail", "email"),
    ("email", "email"), ("mail", "email"), ("social", "social"), ("facebook", "social"),
    ("instagram", "social"), ("telegram", "social"), ("twitter", "social"),
    ("linkedin", "social"), ("website", "web"), ("web", "web"), ("internet", "web"),
    ("online", "web"), ("app", "web"), ("phone", "call"), ("call", "call"),
    ("mobile", "call"), ("telephone", "call"), ("vishing", "call"),
)  # fmt: skip


@lru_cache(maxsize=1024)
def channel_of(text: str | None) -> str | None:
    """Map a contact-method phrase to a channel; unknown phrases are ``"other"``."""
    if not text:
        return None
    lowered = text.lower()
    for word, channel in _CHANNEL_WORDS:
        if word in lowered:
            return channel
    return "other"


_COUNTRIES = {
    "us": "US", "usa": "US", "u.s.": "US", "u.s.a.": "US", "united states": "US",
    "united states of america": "US", "america": "US", "in": "IN", "ind": "IN",
    "india": "IN", "bharat": "IN", "ca": "CA", "canada": "CA", "gb": "GB", "uk": "GB",
    "united kingdom": "GB", "great britain": "GB", "au": "AU", "australia": "AU",
    "mx": "MX", "mexico": "MX", "ph": "PH", "philippines": "PH", "ng": "NG",
    "nigeria": "NG", "pk": "PK", "pakistan": "PK", "bd": "BD", "bangladesh": "BD",
    "np": "NP", "nepal": "NP", "lk": "LK", "sri lanka": "LK", "ae": "AE",
    "uae": "AE", "united arab emirates": "AE", "sg": "SG", "singapore": "SG",
    "cn": "CN", "china": "CN", "de": "DE", "germany": "DE", "fr": "FR", "france": "FR",
}  # fmt: skip


@lru_cache(maxsize=1024)
def country_code(text: str | None) -> str | None:
    """ISO 3166-1 alpha-2 for a country as typed, or None when it is not known here."""
    if not text:
        return None
    key = text.strip().lower()
    if key in _COUNTRIES:
        return _COUNTRIES[key]
    if re.fullmatch(r"[A-Za-z]{2}", key):
        return key.upper()
    return None


US_STATES = {
    "alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA",
    "colorado": "CO", "connecticut": "CT", "delaware": "DE", "district of columbia": "DC",
    "florida": "FL", "georgia": "GA", "hawaii": "HI", "idaho": "ID", "illinois": "IL",
    "indiana": "IN", "iowa": "IA", "kansas": "KS", "kentucky": "KY", "louisiana": "LA",
    "maine": "ME", "maryland": "MD", "massachusetts": "MA", "michigan": "MI",
    "minnesota": "MN", "mississippi": "MS", "missouri": "MO", "montana": "MT",
    "nebraska": "NE", "nevada": "NV", "new hampshire": "NH", "new jersey": "NJ",
    "new mexico": "NM", "new york": "NY", "north carolina": "NC", "north dakota": "ND",
    "ohio": "OH", "oklahoma": "OK", "oregon": "OR", "pennsylvania": "PA",
    "rhode island": "RI", "south carolina": "SC", "south dakota": "SD", "tennessee": "TN",
    "texas": "TX", "utah": "UT", "vermont": "VT", "virginia": "VA", "washington": "WA",
    "west virginia": "WV", "wisconsin": "WI", "wyoming": "WY", "puerto rico": "PR",
    "guam": "GU", "u.s. virgin islands": "VI", "virgin islands": "VI",
    "american samoa": "AS", "northern mariana islands": "MP",
    "armed forces americas": "AA", "armed forces europe": "AE", "armed forces pacific": "AP",
}  # fmt: skip
_US_CODES = frozenset(US_STATES.values())


@lru_cache(maxsize=1024)
def us_state(text: str | None) -> str | None:
    """USPS code for a US state written out or as a code; other text is kept as given."""
    if not text:
        return None
    value = text.strip()
    code = US_STATES.get(value.lower())
    if code:
        return code
    if value.upper() in _US_CODES:
        return value.upper()
    return value


_TRUE = frozenset({"1", "y", "yes", "true", "t", "synthetic"})
_FALSE = frozenset({"0", "n", "no", "false", "f", "real"})


def parse_flag(text: str) -> bool:
    """yes/no, true/false, 1/0, Y/N -> bool."""
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"found {text!r}, expected yes/no, true/false or 1/0")
