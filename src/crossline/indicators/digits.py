"""Digit runs: split a run of digit groups into the numbers it holds, and read each.

A scanned run such as ``"12/05/2023 98765 43210"`` or ``"800-833-304-1447"`` is a list of
digit groups with separators. Walking left to right, the longest span of whole groups
that reads as *something* wins: a date or a year range (consumed, never emitted), an IPv4
address, a payment card, an Aadhaar number, an SSN, a phone number, or a bank account
(the last three may need a cue in the text, decided later). So ``800-833-304-1447``
("our 800 number, 833-304-1447") gives ``+18333041447``: no reading covers the leading
``800``, and the rest is a valid number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crossline.indicators.candidate import (
    NEED_AADHAAR,
    NEED_ACCOUNT,
    NEED_SSN,
    Option,
    Piece,
)
from crossline.indicators.payments import account_digits, card
from crossline.indicators.phones import phone_for
from crossline.indicators.pii import aadhaar, ssn
from crossline.indicators.urls import ip_flags, ipv4

MAX_GROUPS = 12  # digit-by-digit dictation: "2-1-3-6-0-0-7-5-7-9"


@dataclass(frozen=True, slots=True)
class Group:
    """Consecutive digits at ``token[start:end]``; ``sep`` is the text before them."""

    digits: str
    start: int
    end: int
    sep: str


_GROUP_RE = re.compile(r"[0-9]+")


def digit_groups(token: str) -> tuple[bool, list[Group]]:
    """``(plus, groups)``: whether a ``+`` leads the run, and its digit groups."""
    groups: list[Group] = []
    prev = None
    for match in _GROUP_RE.finditer(token):
        sep = token[prev : match.start()] if prev is not None else ""
        groups.append(Group(match.group(), match.start(), match.end(), sep))
        prev = match.end()
    plus = bool(groups) and "+" in token[: groups[0].start]
    return plus, groups


_PHONE_SEP_CHARS = frozenset(" -.()")
_DATE_SEPS = frozenset({"/", "-", ".", " "})


def _is_date(span: list[Group]) -> bool:
    if len(span) not in (2, 3):
        return False
    seps = {g.sep.strip() or g.sep for g in span[1:]}
    if len(seps) != 1 or not seps <= _DATE_SEPS:
        return False
    sizes = tuple(len(g.digits) for g in span)
    values = [int(g.digits) for g in span]
    if len(span) == 2:  # year ranges: 2019-2020, 2019/20
        return sizes in ((4, 4), (4, 2)) and 1900 <= values[0] <= 2100 and seps <= {"-", "/"}
    if sizes[0] == 4 and sizes[1] <= 2 and sizes[2] <= 2:  # 2023-05-12
        return 1 <= values[1] <= 12 and 1 <= values[2] <= 31
    if sizes[0] <= 2 and sizes[1] <= 2 and sizes[2] in (2, 4):  # 12/05/2023, 05-12-23
        a, b = values[0], values[1]
        return 1 <= a <= 31 and 1 <= b <= 31 and (a <= 12 or b <= 12)
    return False


def _phone_span_ok(span: list[Group]) -> bool:
    """Separators that can sit inside one phone number (never "/", at most three chars)."""
    for g in span[1:]:
        if len(g.sep) > 3 or not set(g.sep) <= _PHONE_SEP_CHARS:
            return False
        # dots separate groups of two or more digits (800.555.1212), not single digits
        if "." in g.sep and len(g.digits) < 2:
            return False
    return True


def _card_shape(sizes: tuple[int, ...]) -> bool:
    if len(sizes) == 1:
        return True
    if sizes in ((4, 6, 5), (4, 6, 4)):  # Amex, Diners
        return True
    return all(s == 4 for s in sizes[:-1]) and 1 <= sizes[-1] <= 4 and len(sizes) >= 4


def _readings(
    span: list[Group], *, plus: bool, region: str | None, card_key: bytes | None
) -> tuple[Option, ...] | str | None:
    """Options for a span of groups; ``"date"`` for a date; None when nothing fits."""
    if not plus and _is_date(span):
        return "date"
    sizes = tuple(len(g.digits) for g in span)
    seps = [g.sep for g in span[1:]]
    digits = "".join(g.digits for g in span)
    options: list[Option] = []
    if len(span) == 4 and all(s == "." for s in seps) and max(sizes) <= 3:
        address = ipv4(".".join(g.digits for g in span))
        return (Option("ipv4", address, ip_flags(address)),) if address else None
    plain = all(s in (" ", "-") for s in seps) and not plus
    if plain and 13 <= len(digits) <= 19 and _card_shape(sizes):
        found = card(digits, card_key)
        if found is not None:
            flags = frozenset({"checksum_ok"} | (set() if found.keyed else {"unkeyed"}))
            meta = (("masked", found.masked), ("brand", found.brand))
            options.append(Option("card", found.value, flags, meta))
    if plain and len(digits) == 12 and sizes in ((4, 4, 4), (12,)):
        number = aadhaar(digits)
        if number is not None:
            need = None if sizes == (4, 4, 4) else NEED_AADHAAR
            options.append(Option("pii_aadhaar", number, frozenset({"checksum_ok"}), need=need))
    if plain and len(digits) == 9 and sizes in ((3, 2, 4), (9,)):
        number = ssn(digits)
        if number is not None:
            need = None if sizes == (3, 2, 4) and seps == ["-", "-"] else NEED_SSN
            options.append(Option("pii_ssn", number, need=need))
    # A card is never also read as a phone: that keeps card numbers out of the phone caches.
    if _phone_span_ok(span) and not options:
        phone = phone_for(digits, plus=plus, region=region, groups=sizes)
        if phone is not None:
            options.append(phone.option())
    if plain and 9 <= len(digits) <= 18 and (len(span) == 1 or set(sizes[:-1]) == {4}):
        account = account_digits(digits)
        if account is not None:
            options.append(Option("bank_account", account, need=NEED_ACCOUNT))
    # A need-free reading goes first; the rest keep their order (resolved in context).
    options.sort(key=lambda o: o.need is not None)
    return tuple(options) or None


def segment(
    groups: list[Group],
    *,
    plus: bool,
    region: str | None,
    card_key: bytes | None,
    flags: frozenset[str] = frozenset(),
) -> list[Piece]:
    """Pieces read from ``groups`` (offsets are the groups' own)."""
    pieces: list[Piece] = []
    i = 0
    n = len(groups)
    while i < n:
        # A date takes its groups first: "29-11-2016 15:04" is not a Cardiff number.
        if not (plus and i == 0):
            dated = next((k for k in (3, 2) if _is_date(groups[i : i + k])), 0)
            if dated:
                i += dated
                continue
        taken = 0
        top = i
        total = 0
        for j in range(i, min(n, i + MAX_GROUPS)):
            total += len(groups[j].digits)
            if total > 19:
                break
            top = j
        for j in range(top, i - 1, -1):
            span = groups[i : j + 1]
            digits_len = sum(len(g.digits) for g in span)
            if digits_len < 7 and not (len(span) == 4 and all(g.sep == "." for g in span[1:])):
                continue
            read = _readings(span, plus=plus and i == 0, region=region, card_key=card_key)
            if read is None:
                continue
            taken = j + 1 - i
            if not isinstance(read, str):  # "date": consumed, nothing to emit
                options = (
                    tuple(Option(o.kind, o.value, o.flags | flags, o.meta, o.need) for o in read)
                    if flags
                    else read
                )
                # the first number keeps the "+" or "(" that opens the run
                start = 0 if i == 0 else span[0].start
                pieces.append(Piece(start, span[-1].end, options, numeric=True, strict_edges=True))
            break
        i += taken or 1
    return pieces
