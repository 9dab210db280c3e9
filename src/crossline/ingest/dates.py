"""Dates and times as sources write them, to timezone-aware UTC.

A source *format* declares its convention; a row never changes it. Under every
convention these are accepted:

* ISO 8601 and its year-first variants: ``2021-04-14``, ``2021-04-14 13:05:00``,
  ``2021-04-14T13:05:00.250-04:00``, ``2021/4/14`` (year first is never ambiguous);
* dates with a month name: ``14-Apr-2021``, ``14 April 2021``, ``April 14, 2021``;
* numeric dates with the year last, read in the convention's order only:
  ``M/D/Y`` for US sources, ``D/M/Y`` for Indian sources (``/`` or ``-``); dotted
  dates (``14.04.2021``) are D.M.Y under every convention, as everywhere dots are used;
* spreadsheet serial day numbers (``44300`` is 2021-04-14, ``44300.5`` its noon), as
  Excel and LibreOffice write a date cell exported without its format (days 20000 to
  80000, 1954 to 2119: other bare numbers are not dates).

A time may follow (``13:05``, ``13:05:09``, ``1:05 PM``, fractions of a second),
then an optional zone: ``Z``, an offset (``+05:30``, ``-0400``) or an abbreviation
the convention knows (``IST`` in India; ``EST``/``EDT``/``PST``... in the US;
``UTC``/``GMT`` everywhere). A time without a zone is local time in the
convention's zone (America/New_York, Asia/Kolkata). A date without a time is
midnight local time. Two-digit years are accepted with a month name only
(``14-Apr-21``: 00-69 are 2000-2069, 70-99 are 1970-1999); ``04/05/21`` could be three
different days and is refused.

:func:`read_datetime` is the lenient reading used by the record formats: a numeric
date that is impossible in the convention's order but valid in the other one
(``4/14/2021`` in an Indian file) is read in the other order, with a note saying so.

Impossible or unreadable values raise :class:`DateError` whose message says what
was found and what was expected.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

from crossline.errors import ValidationError

MIN_YEAR = 1900  # earlier years are typing mistakes in complaint data
MAX_YEAR = 2100


class DateError(ValidationError):
    """A date or time cannot be read, or names a day or time that does not exist."""

    code = "invalid_date"


@dataclass(frozen=True, slots=True)
class DateConvention:
    """How one source format writes dates: field order and local time zone."""

    name: str
    order: str  # "MDY" or "DMY": how numeric dates with the year last are read
    zone: str  # IANA zone of naive times
    # Zone abbreviations this source may write, as fixed UTC offsets in minutes.
    abbreviations: tuple[tuple[str, int], ...] = ()

    @property
    def pattern(self) -> str:
        """Human form of the numeric order, for messages: ``M/D/YYYY``."""
        return "/".join("YYYY" if c == "Y" else c for c in self.order)

    def expected(self) -> str:
        """What a valid value looks like under this convention (for messages)."""
        example = "4/14/2021 1:05 PM" if self.order == "MDY" else "14/04/2021 13:05"
        return (
            f"expected ISO 8601 (2021-04-14 or 2021-04-14 13:05:00) or {self.pattern} "
            f"(e.g. {example}); times without a zone are {self.zone}"
        )


_UNIVERSAL = (("UTC", 0), ("GMT", 0), ("Z", 0))
US_EASTERN = DateConvention(
    "US",
    "MDY",
    "America/New_York",
    _UNIVERSAL
    + (
        ("EST", -300), ("EDT", -240), ("CST", -360), ("CDT", -300), ("MST", -420),
        ("MDT", -360), ("PST", -480), ("PDT", -420), ("AKST", -540), ("AKDT", -480),
        ("HST", -600),
    ),
)  # fmt: skip
INDIA = DateConvention("IN", "DMY", "Asia/Kolkata", _UNIVERSAL + (("IST", 330),))

_MONTHS = {
    name: i
    for i in range(1, 13)
    for name in (calendar.month_name[i].lower(), calendar.month_abbr[i].lower())
}
_MONTHS["sept"] = 9

_DATETIME = re.compile(
    r"""^
    (?:
        (?P<y1>\d{4})(?P<s1>[-/.])(?P<a1>\d{1,2})(?P=s1)(?P<b1>\d{1,2})
      | (?P<a2>\d{1,2})(?P<s2>[-/.])(?P<b2>\d{1,2})(?P=s2)(?P<y2>\d{1,4})
      | (?P<d3>\d{1,2})(?:st|nd|rd|th)?[-\s/]?(?P<m3>[A-Za-z]{3,9})\.?[-\s,/]*(?P<y3>\d{4}|\d{2})
      | (?P<m4>[A-Za-z]{3,9})\.?[-\s]+(?P<d4>\d{1,2})(?:st|nd|rd|th)?,?[-\s]+(?P<y4>\d{4}|\d{2})
    )
    (?:
        (?:T|\s+|,\s*)
        (?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<F>\d{1,9}))?)?
        \s*(?P<ampm>[AaPp]\.?[Mm]\.?)?
    )?
    \s*(?P<tz>Z|[+-]\d{2}(?::?\d{2})?|[A-Za-z]{2,5})?
    $""",
    re.VERBOSE,
)


def parse_datetime(text: str, convention: DateConvention) -> datetime:
    """Parse ``text`` under ``convention`` to an aware UTC datetime.

    Raises :class:`DateError` with the reason (impossible day, unknown zone,
    two-digit year, unrecognised shape ...).
    """
    result = _parse_cached(text.strip(), convention)
    if isinstance(result, str):
        raise DateError(result, value=text)
    return result


@lru_cache(maxsize=1 << 16)
def _parse_cached(text: str, conv: DateConvention) -> datetime | str:
    # Real data repeats dates a lot; the cache also holds the reasons for bad ones.
    if not text:
        return "empty date; " + conv.expected()
    fast = _fast_iso(text, conv) or _fast_numeric(text, conv)
    if fast is not None:
        return fast
    if _SERIAL.fullmatch(text):
        return _from_serial(text, conv)
    match = _DATETIME.match(text)
    if match is None:
        return f"unrecognised date {text!r}; " + conv.expected()
    try:
        return _from_match(text, match, conv)
    except _Bad as bad:
        return str(bad)


class _Bad(Exception):
    pass


def read_datetime(text: str, convention: DateConvention) -> tuple[datetime, str | None]:
    """Like :func:`parse_datetime`, and a numeric date that is impossible in the
    convention's order is read in the other order when that reading is valid.

    Returns (UTC datetime, note): the note says when the other order was used, so the
    reader can record a warning. Raises :class:`DateError` as parse_datetime does.
    """
    try:
        return parse_datetime(text, convention), None
    except DateError:
        swapped = _swapped(text.strip())
        if swapped is None:
            raise
        try:
            value = parse_datetime(swapped, convention)
        except DateError:
            raise DateError(
                parse_datetime_reason(text, convention) + "; no other reading is valid either",
                value=text,
            ) from None
        other = "M/D/YYYY" if convention.order == "DMY" else "D/M/YYYY"
        return value, (
            f"{text!r} is impossible as {convention.pattern}; read as {other} "
            f"({value.astimezone(_zone(convention.zone)).date().isoformat()}), the only "
            "valid reading"
        )


def parse_datetime_reason(text: str, convention: DateConvention) -> str:
    """Why ``text`` is not a date under ``convention`` (empty when it is one)."""
    result = _parse_cached(text.strip(), convention)
    return result if isinstance(result, str) else ""


_SWAPPABLE = re.compile(r"(\d{1,2})([/-])(\d{1,2})\2(\d{4})(.*)", re.DOTALL)


def _swapped(text: str) -> str | None:
    """``4/14/2021 10:00`` -> ``14/4/2021 10:00`` (slash or dash dates only)."""
    m = _SWAPPABLE.fullmatch(text)
    if m is None or m.group(1) == m.group(3):
        return None
    a, sep, b, year, rest = m.groups()
    return f"{b}{sep}{a}{sep}{year}{rest}"


def _order(conv: DateConvention, separator: str) -> str:
    # Dotted numeric dates are day first wherever they are written (Europe, India).
    return "DMY" if separator == "." else conv.order


def _full_year(text: str) -> int:
    if len(text) != 2:
        return int(text)
    two = int(text)
    return 2000 + two if two < 70 else 1900 + two


# Spreadsheet day numbers: day 1 is 1900-01-01 and the (non-existent) 1900-02-29 is
# counted, so day n is 1899-12-30 + n for every n after February 1900.
_SERIAL = re.compile(r"(\d{5})(?:\.(\d{1,10}))?")
_SERIAL_EPOCH = datetime(1899, 12, 30)
SERIAL_RANGE = (20_000, 80_000)


def _from_serial(text: str, conv: DateConvention) -> datetime | str:
    whole, _, fraction = text.partition(".")
    day = int(whole)
    if not SERIAL_RANGE[0] <= day <= SERIAL_RANGE[1]:
        return (
            f"unrecognised date {text!r} (a spreadsheet day number must be between "
            f"{SERIAL_RANGE[0]} and {SERIAL_RANGE[1]}); " + conv.expected()
        )
    seconds = round(float("0." + fraction) * 86400) if fraction else 0
    local = _SERIAL_EPOCH + timedelta(days=day, seconds=seconds)
    return _to_utc(local, conv)


def _fast_iso(text: str, conv: DateConvention) -> datetime | None:
    """datetime.fromisoformat for the common ISO shapes (C speed); None to fall back."""
    if len(text) < 10 or text[4] != "-" or text[7] != "-":
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        return None
    return _to_utc(value, conv)


_NUMERIC = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")


def _fast_numeric(text: str, conv: DateConvention) -> datetime | None:
    """The common ``D/M/YYYY HH:MM[:SS]`` shapes when valid; None to take the full path."""
    m = _NUMERIC.fullmatch(text)
    if m is None:
        return None
    a, sep, b, y, hh, mm, ss = m.groups()
    month, day = (int(a), int(b)) if _order(conv, sep) == "MDY" else (int(b), int(a))
    year = int(y)
    hour, minute, second = int(hh or 0), int(mm or 0), int(ss or 0)
    if not (
        MIN_YEAR <= year <= MAX_YEAR
        and 1 <= month <= 12
        and 1 <= day <= calendar.monthrange(year, month)[1]
        and hour < 24
        and minute < 60
        and second < 60
    ):
        return None  # the full path says precisely what is wrong
    return _to_utc(datetime(year, month, day, hour, minute, second), conv)


def _to_utc(value: datetime, conv: DateConvention) -> datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=_zone(conv.zone))
    return value.astimezone(UTC)


@lru_cache(maxsize=32)
def _zone(name: str) -> tzinfo:
    return ZoneInfo(name)


def _from_match(text: str, m: re.Match[str], conv: DateConvention) -> datetime:
    g = m.groupdict()
    if g["y1"]:
        year, month, day = int(g["y1"]), int(g["a1"]), int(g["b1"])
        shape = "YYYY-MM-DD"
    elif g["y2"]:
        if len(g["y2"]) != 4:
            raise _Bad(
                f"ambiguous date {text!r}: the year must have four digits "
                f"({conv.pattern}); " + conv.expected()
            )
        first, second = int(g["a2"]), int(g["b2"])
        order = _order(conv, g["s2"])
        month, day = (first, second) if order == "MDY" else (second, first)
        year = int(g["y2"])
        shape = conv.pattern if order == conv.order else "D.M.YYYY"
    else:
        name = (g["m3"] or g["m4"]).lower()
        if name not in _MONTHS:
            raise _Bad(f"unrecognised month name {name!r} in {text!r}; " + conv.expected())
        month = _MONTHS[name]
        day = int(g["d3"] or g["d4"])
        year = _full_year(g["y3"] or g["y4"])
        shape = "day month-name year"
    _check_day(text, year, month, day, shape, conv)
    hour, minute, second, micro = _time_of_day(text, g)
    local = datetime(year, month, day, hour, minute, second, micro)
    zone = g["tz"]
    if zone is None:
        return _to_utc(local, conv)
    return local.replace(tzinfo=_zone_of(text, zone, conv)).astimezone(UTC)


def _check_day(
    text: str, year: int, month: int, day: int, shape: str, conv: DateConvention
) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _Bad(f"implausible year {year} in {text!r}; expected {MIN_YEAR}-{MAX_YEAR}")
    if not 1 <= month <= 12:
        hint = ""
        if shape == conv.pattern and 1 <= day <= 12:
            other = "D/M/YYYY" if conv.order == "MDY" else "M/D/YYYY"
            hint = f" (it looks like {other}, but this format writes {conv.pattern})"
        raise _Bad(
            f"impossible date {text!r}: month {month} does not exist{hint}; " + conv.expected()
        )
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise _Bad(
            f"impossible date {text!r}: {calendar.month_name[month]} {year} has {last} days, "
            f"not {day} (read as {shape})"
        )


def _time_of_day(text: str, g: dict[str, str | None]) -> tuple[int, int, int, int]:
    if g["H"] is None:
        return 0, 0, 0, 0
    hour, minute = int(g["H"]), int(g["M"] or 0)
    second = int(g["S"] or 0)
    micro = int((g["F"] or "0")[:6].ljust(6, "0"))
    ampm = g["ampm"]
    if ampm:
        if not 1 <= hour <= 12:
            raise _Bad(f"impossible time in {text!r}: hour {hour} with {ampm.upper()}")
        pm = ampm[0] in "pP"
        hour = hour % 12 + (12 if pm else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise _Bad(f"impossible time in {text!r}: expected hours 0-23, minutes and seconds 0-59")
    return hour, minute, second, micro


def _zone_of(text: str, zone: str, conv: DateConvention) -> tzinfo:
    if zone[0] in "+-":
        digits = zone[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:] or 0)
        if hours > 14 or minutes > 59:
            raise _Bad(f"impossible UTC offset {zone!r} in {text!r}")
        sign = -1 if zone[0] == "-" else 1
        return timezone(sign * timedelta(hours=hours, minutes=minutes))
    known = dict(conv.abbreviations)
    offset = known.get(zone.upper())
    if offset is None:
        names = ", ".join(sorted(known))
        raise _Bad(
            f"unknown time zone {zone!r} in {text!r}; expected an offset like +05:30 or one "
            f"of {names}"
        )
    return timezone(timedelta(minutes=offset))
