"""From one scanned token to its pieces, once per distinct token.

The scan's alternatives are re-tried on the token, in the scan's own order, to learn which
one produced it (for a context-free pattern the first alternative matching the whole token
is the one the scan used). Each alternative has its reader. When a reader rejects a token
that may hide something else (``7679046492.Claim`` matched as a host name, an IBAN shape
that swallowed the next word), the token is scanned again without the host-name and
hand-off alternatives, and its parts are read on their own.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from crossline.indicators import scan
from crossline.indicators.candidate import NEED_IFSC, Option, Piece
from crossline.indicators.crypto import crypto_address
from crossline.indicators.digits import digit_groups, segment
from crossline.indicators.payments import iban, ifsc, ifsc_bank, swift
from crossline.indicators.phones import vanity
from crossline.indicators.pii import pan
from crossline.indicators.spoken import spoken_groups
from crossline.indicators.urls import (
    at_handle_pieces,
    handle_pieces,
    host_pieces,
    ip_flags,
    ipv4,
    ipv6,
    refang,
    url_pieces,
)

Reader = Callable[[str, str | None, bytes | None], tuple[Piece, ...] | None]


def _shift(pieces: tuple[Piece, ...], offset: int) -> tuple[Piece, ...]:
    return tuple(
        Piece(p.start + offset, p.end + offset, p.options, p.numeric, p.strict_edges, p.raw)
        for p in pieces
    )


def _one(
    start: int, end: int, option: Option, *, numeric: bool = False, strict_edges: bool = False
) -> tuple[Piece, ...]:
    return (Piece(start, end, (option,), numeric=numeric, strict_edges=strict_edges),)


def _url(token: str, region: str | None, key: bytes | None) -> tuple[Piece, ...] | None:
    pieces = url_pieces(token)
    if pieces is None:
        return None
    # The scan may have taken a word after the URL that the reader did not keep
    # ("http://a.com www.b.com"): read what is left as text of its own.
    end = max(p.end for p in pieces)
    rest = token[end:]
    extra: list[Piece] = []
    for match in scan.MAIN_RE.finditer(rest):
        extra.extend(_shift(pieces_for(match.group(), False, region, key), end + match.start()))
    return pieces + tuple(extra)


def _email(token: str, region: str | None, key: bytes | None) -> tuple[Piece, ...] | None:
    return handle_pieces(token)


def _host(token: str, region: str | None, key: bytes | None) -> tuple[Piece, ...] | None:
    return host_pieces(token)


_BIC_TAIL_RE = re.compile(r"[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$")


def _swift(token: str, region: str | None, key: bytes | None) -> tuple[Piece, ...] | None:
    match = _BIC_TAIL_RE.search(token)
    code = swift(match.group()) if match else None
    if match is None or code is None:
        return None
    meta: tuple[tuple[str, str], ...] = (("country", code[4:6]),)
    bank = ifsc_bank(code) if code[4:6] == "IN" else None
    if bank:
        meta += (("bank", bank),)
    return _one(match.start(), match.end(), Option("swift", code, meta=meta), strict_edges=True)


def _crypto(token: str, region: str | None, key: bytes | None) -> tuple[Piece, ...] | None:
    found = crypto_address(token)
    if found is None:
        return None
    return _one(0, len(token), Option(found.kind, found.value, found.flags), strict_edges=True)


_IBAN_GROUP_RE = re.compile(r" ?[A-Z0-9]{1,4}$")


def _iban(token: str, region: str | None, key: bytes | None) -> tuple[Piece, ...] | None:
    # The scan may have swallowed a following word ("... 7654 32 CALL"): drop trailing
    # groups until the check digits agree.
    candidate = token
    while len(candidate.replace(" ", "")) >= 15:
        value = iban(candidate)
        if value is not None:
            option = Option("iban", value, frozenset({"checksum_ok"}), (("country", value[:2]),))
            return _one(0, len(candidate), option, strict_edges=True)
        candidate = _IBAN_GROUP_RE.sub("", candidate)
    return None


def _ifsc(token: str, region: str | None, key: bytes | None) -> tuple[Piece, ...] | None:
    code = ifsc(token) if len(token) == 11 else None
    if code is None or not any(c.isdigit() for c in code[5:]):
        return None  # branch codes are numeric in practice; "ABCD0EFGHIJ" is a word
    bank = ifsc_bank(code)
    # A bank code outside the shipped table ("CALL0905000") needs the text to say IFSC.
    option = Option(
        "ifsc", code, meta=(("bank", bank),) if bank else (), need=None if bank else NEED_IFSC
    )
    return _one(0, len(token), option, strict_edges=True)


def _pan(token: str, region: str | None, key: bytes | None) -> tuple[Piece, ...] | None:
    value = pan(token) if len(token) == 10 else None
    return _one(0, len(token), Option("pii_pan", value), strict_edges=True) if value else None


def _vanity(token: str, region: str | None, key: bytes | None) -> tuple[Piece, ...] | None:
    found = vanity(token)
    if found is None:
        return None
    end, phone = found
    piece = Piece(0, end, (phone.option(frozenset({"vanity"})),), numeric=True, strict_edges=True)
    return (piece,)


def _digits(token: str, region: str | None, key: bytes | None) -> tuple[Piece, ...] | None:
    plus, groups = digit_groups(token)
    return tuple(segment(groups, plus=plus, region=region, card_key=key))


def _ipv4_defanged(token: str, region: str | None, key: bytes | None) -> tuple[Piece, ...] | None:
    address = ipv4(refang(token))
    if address is None:
        return None
    flags = ip_flags(address) | ({"defanged"} if refang(token) != token else set())
    option = Option("ipv4", address, frozenset(flags))
    return _one(0, len(token), option, numeric=True, strict_edges=True)


def _ipv6(token: str, region: str | None, key: bytes | None) -> tuple[Piece, ...] | None:
    address = ipv6(token)
    if address is None:
        return None
    return _one(0, len(token), Option("ipv6", address, ip_flags(address)), strict_edges=True)


def _at_handle(token: str, region: str | None, key: bytes | None) -> tuple[Piece, ...] | None:
    return at_handle_pieces(token)


# Same order as scan.MAIN, then LONG.
_READERS: tuple[tuple[str, Reader, bool], ...] = (
    (scan._URL, _url, True),
    (scan._EMAIL, _email, True),
    (scan._HOSTPATH, _host, True),
    (scan._SWIFT, _swift, False),
    (scan._ETH, _crypto, False),
    (scan._BECH32, _crypto, False),
    (scan._CASHADDR, _crypto, False),
    (scan._STELLAR, _crypto, False),
    (scan._IBAN, _iban, True),
    (scan._IFSC, _ifsc, True),
    (scan._PAN, _pan, True),
    (scan._VANITY, _vanity, True),
    (scan._IPV4, _ipv4_defanged, False),
    (scan._DIGITS, _digits, False),
    (scan._IPV4_SHORT, _ipv4_defanged, False),
    (scan._IPV6, _ipv6, False),
    (scan._AT_HANDLE, _at_handle, False),
    (scan.LONG, _crypto, False),
)
_COMPILED = tuple((re.compile(p, re.ASCII), reader, retry) for p, reader, retry in _READERS)
_HAND_OFF = (_url, _email, _host, _vanity)


@functools.cache
def _retry_re(index: int) -> re.Pattern[str]:
    """Second look inside a token rejected by alternative ``index``: every alternative
    but that one and those that hand off to others (URL, e-mail, host, vanity)."""
    return re.compile(
        "|".join(
            p for i, (p, reader, _) in enumerate(_READERS) if i != index and reader not in _HAND_OFF
        ),
        re.ASCII,
    )


def _retry(index: int, token: str, region: str | None, key: bytes | None) -> tuple[Piece, ...]:
    out: list[Piece] = []
    for match in _retry_re(index).finditer(token):
        sub = match.group()
        if sub == token:
            continue
        out.extend(_shift(pieces_for(sub, False, region, key), match.start()))
    return tuple(out)


def _spoken(token: str, region: str | None) -> tuple[Piece, ...]:
    """Phone numbers read out in words. Counting ("one two three four ...") is not a
    number; reference and case numbers read out are vetoed by their cue, like written ones."""
    groups = spoken_groups(token)
    if not groups or "123456" in "".join(g.digits for g in groups):
        return ()
    out = []
    for piece in segment(groups, plus=False, region=region, card_key=None, flags=_SPOKEN):
        options = tuple(o for o in piece.options if o.kind == "phone")
        if options:
            out.append(Piece(piece.start, piece.end, options, numeric=True, strict_edges=True))
    return tuple(out)


_SPOKEN = frozenset({"spoken"})


CACHE_SIZE = 1 << 18


class _Cache:
    """Pieces per distinct token, bounded; tokens that hold a card number are not kept,
    so no full card number lingers in memory after the text that carried it."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.data: dict[tuple[str, bool, str | None, bytes | None], tuple[Piece, ...]] = {}
        self.hits = 0
        self.misses = 0

    def clear(self) -> None:
        self.data.clear()
        self.hits = self.misses = 0


_CACHE = _Cache(CACHE_SIZE)


def cache_stats() -> tuple[int, int, int]:
    """``(hits, misses, size)`` of the per-token cache: misses are tokens read."""
    return _CACHE.hits, _CACHE.misses, len(_CACHE.data)


def cache_clear() -> None:
    _CACHE.clear()


def pieces_for(
    token: str, spoken: bool, region: str | None, card_key: bytes | None
) -> tuple[Piece, ...]:
    """Pieces of one scanned token (offsets relative to the token), read once per token."""
    key = (token, spoken, region, card_key)
    found = _CACHE.data.get(key)
    if found is not None:
        _CACHE.hits += 1
        return found
    _CACHE.misses += 1
    found = _read(token, spoken, region, card_key)
    if any(o.kind == "card" for p in found for o in p.options):
        return found
    if len(_CACHE.data) >= _CACHE.size:
        _CACHE.data.clear()  # a new batch's vocabulary: start over rather than track ages
    _CACHE.data[key] = found
    return found


def _read(
    token: str, spoken: bool, region: str | None, card_key: bytes | None
) -> tuple[Piece, ...]:
    if spoken:
        return _spoken(token, region)
    for index, (pattern, reader, retry) in enumerate(_COMPILED):
        match = pattern.match(token)
        if match is None or match.end() != len(token):
            continue
        found = reader(token, region, card_key)
        if found is None:
            return _retry(index, token, region, card_key) if retry else ()
        return found
    return ()
