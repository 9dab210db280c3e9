"""``extract`` and ``extract_many``: every indicator in free text, with its span.

The pipeline, for one text or a batch:

1. fold non-ASCII digits and full-width forms to ASCII (offsets unchanged);
2. scan for candidate tokens (Python ``re`` for one text, Polars for a batch — the same
   patterns, the same tokens);
3. read each *distinct* token once (cached): pieces and their possible readings;
4. for each occurrence, read the words around it (is "4455667788" after "ref no", is
   "9876543210" after "a/c"?) and keep the reading the text supports, or none;
5. attach an IFSC written near a bank account to it.

Nothing here does I/O; the caller owns the texts and what happens to the results.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence

from crossline.errors import IndicatorError
from crossline.indicators import context
from crossline.indicators.banks import BANK_NAMES
from crossline.indicators.candidate import (
    NEED_AADHAAR,
    NEED_ACCOUNT,
    NEED_CARD,
    NEED_IFSC,
    NEED_PHONE,
    NEED_SSN,
    NEED_TELEGRAM,
    NEED_UPI,
    NEED_WEB,
    NEED_WHOLE,
    Option,
    Piece,
)
from crossline.indicators.classify import pieces_for
from crossline.indicators.found import Found, frozen_meta
from crossline.indicators.kinds import KINDS
from crossline.indicators.payments import account_value, ifsc_bank
from crossline.indicators.phones import SUPPORTED_REGIONS
from crossline.indicators.scan import Token, fold, iter_scan, scan_one

_KIND_ORDER = {kind: i for i, kind in enumerate(KINDS)}
_DIGIT_RUN_RE = re.compile(r"[0-9][0-9 .\-/()]*")
_IFSC_REACH = 160  # characters between an account and the IFSC that goes with it
_BANK_NAME_RE = re.compile(
    r"(?<![a-z])("
    + "|".join(sorted(map(re.escape, BANK_NAMES), key=len, reverse=True))
    + r")(?![a-z])"
)


def check_region(region: str | None) -> str | None:
    """The upper-case region code, or an error naming what was expected."""
    if region is None or region == "":
        return None
    if not isinstance(region, str):
        raise IndicatorError(f"region hint must be a country code string, got {region!r}")
    code = region.strip().upper()
    if code not in SUPPORTED_REGIONS:
        raise IndicatorError(
            f"region hint {region!r} is not a known ISO 3166-1 alpha-2 country code "
            "(expected e.g. 'US' or 'IN')",
            region=region,
        )
    return code


class _Context:
    """Lazy, per-text answers to the questions options ask."""

    __slots__ = ("text", "_upi", "_cues")

    def __init__(self, text: str) -> None:
        self.text = text
        self._upi: bool | None = None
        self._cues: dict[int, str | None] = {}

    def cue(self, start: int) -> str | None:
        """The cue before ``start`` (asked once for the run, once for its first piece)."""
        try:
            return self._cues[start]
        except KeyError:
            cue = self._cues[start] = context.cue_before(self.text, start)
            return cue

    def upi(self) -> bool:
        if self._upi is None:
            self._upi = context.upi_cue(self.text)
        return self._upi

    def satisfied(self, need: str | None, start: int) -> bool:
        if need is None:
            return True
        if need == NEED_UPI:
            return self.upi()
        if need == NEED_TELEGRAM:
            return context.telegram_cue(self.text, start)
        if need == NEED_WEB:
            return context.web_cue(self.text, start)
        if need == NEED_WHOLE:
            return not context.split_address(self.text, start)
        if need == NEED_IFSC:
            return context.ifsc_cue(self.text, start)
        category = {
            NEED_ACCOUNT: context.ACCOUNT,
            NEED_AADHAAR: context.AADHAAR,
            NEED_SSN: context.SSN,
            NEED_CARD: context.CARD,
            NEED_PHONE: context.PHONE,
        }[need]
        return context.keyword_near(self.text, start, category)


def _choose(piece: Piece, start: int, end: int, ctx: _Context) -> Option | None:
    """The reading of ``piece`` (at ``start:end``) that the surrounding text supports."""
    text = ctx.text
    options = piece.options
    if piece.strict_edges:
        # "]" counts as glue: "[redacted]amou[.]com" is the tail of a hidden name
        before = start > 0 and (text[start - 1].isalnum() or text[start - 1] in "]_")
        after = end < len(text) and text[end].isalnum()
        if before or after:
            # Only a phone number may touch letters: "call09050000337" (a phone word glued
            # before), "08452810075over18" (a lower-case word glued after). Digits or
            # capitals glued on make an id ("ID4455667788", "4455667788AB").
            tail = text[end : end + 2]
            phone_ok = (not before or context.glued_phone_prefix(text, start)) and (
                not after
                or (tail.isalpha() and tail.islower())
                or context.extension_after(text, end)
            )
            options = tuple(o for o in options if o.kind == "phone") if phone_ok else ()
            if not options:
                return None
    if piece.numeric:
        cue = ctx.cue(start)
        if cue in context.VETO or context.amount_after(text, end):
            return None
        wanted = context.CUE_KIND.get(cue) if cue else None
        if wanted is not None:
            for option in options:
                if option.kind == wanted:
                    return option
            # The cue speaks of *that* token only when the token can be what it names:
            # "SSN 536-22-1234" is an SSN, but in "call Social Security at 877-390-4456"
            # the number cannot be one, so a valid phone reading stands.
            return next((o for o in options if o.kind == "phone"), None)
    for option in options:
        if ctx.satisfied(option.need, start):
            return option
    return None


def _found(option: Option, start: int, end: int, original: str) -> Found:
    raw = original[start:end]
    if option.kind == "card":
        raw = dict(option.meta)["masked"]  # the full number never leaves the extractor
    return Found(option.kind, option.value, raw, start, end, option.flags, _meta(option.meta))


@functools.lru_cache(maxsize=1 << 14)
def _meta(pairs: tuple[tuple[str, str], ...]) -> Mapping[str, str]:
    """Read-only meta mapping, shared by every Found with the same facts."""
    return frozen_meta(dict(pairs))


def _attach_banks(found: list[Found], text: str) -> list[Found]:
    """Key each bank account by the IFSC written nearest to it (and name its bank)."""
    accounts = [f for f in found if f.kind == "bank_account"]
    if not accounts:
        return found
    codes = [f for f in found if f.kind == "ifsc"]
    out: list[Found] = []
    for f in found:
        if f.kind != "bank_account":
            out.append(f)
            continue
        meta = dict(f.meta)
        near = [
            (min(abs(c.start - f.end), abs(f.start - c.end)), c)
            for c in codes
            if min(abs(c.start - f.end), abs(f.start - c.end)) <= _IFSC_REACH
        ]
        value = f.value
        if near:
            code = min(near, key=lambda pair: pair[0])[1].value
            value = account_value(f.value, code)
            meta["ifsc"] = code
            bank = ifsc_bank(code)
            if bank:
                meta["bank"] = bank
        else:
            window = text[max(0, f.start - 60) : f.end + 40].lower()
            named = _BANK_NAME_RE.search(window)
            if named:
                meta["bank"] = BANK_NAMES[named.group(1)]
        out.append(Found(f.kind, value, f.raw, f.start, f.end, f.flags, frozen_meta(meta)))
    return out


def _resolve(
    original: str, folded: str, tokens: list[Token], region: str | None, card_key: bytes | None
) -> list[Found]:
    if not tokens:
        return []
    ctx = _Context(folded)
    out: list[Found] = []
    accounts = False
    for start0, _end, token, spoken in tokens:
        if (
            token[0].isdigit()
            and _DIGIT_RUN_RE.fullmatch(token)
            and ctx.cue(start0) in context.VETO
        ):
            # "ref no 4455667788", "Order #112-3344556-7788990", "OTP 48291734": a cue
            # that vetoes the start of a digit run vetoes all of it (an order number's
            # tail is no phone number). Skipping before reading the run spares reading
            # and caching a million one-off reference numbers.
            continue
        for piece in pieces_for(token, spoken, region, card_key):
            start = start0 + piece.start
            end = start0 + piece.end
            options = piece.options
            if len(options) == 1 and not (piece.numeric or piece.strict_edges or options[0].need):
                option: Option | None = options[0]  # nothing to ask of the text
            else:
                option = _choose(piece, start, end, ctx)
            if option is not None:
                accounts = accounts or option.kind == "bank_account"
                out.append(_found(option, start, end, original))
    if accounts:
        out = _attach_banks(out, folded)
    if len(out) > 1:
        out.sort(key=_order)
    return out


def _order(found: Found) -> tuple[int, int, int]:
    return (found.start, -found.end, _KIND_ORDER.get(found.kind, 99))


def extract(
    text: str, region_hint: str | None = None, *, card_key: bytes | None = None
) -> list[Found]:
    """Every indicator in ``text``, sorted by start offset.

    ``region_hint`` (ISO country code, e.g. the report's jurisdiction) says how to read
    national phone numbers; without it only unambiguous forms are phones. ``card_key``
    (the node's secret) keys the hash that stands for a card number; without it cards
    carry their masked form and the ``unkeyed`` flag.
    """
    if not isinstance(text, str):
        raise IndicatorError(f"text must be a string, got {type(text).__name__}")
    region = check_region(region_hint)
    folded = fold(text)
    return _resolve(text, folded, scan_one(folded), region, card_key)


def extract_many(
    texts: Sequence[str],
    region_hints: Sequence[str | None] | str | None = None,
    *,
    card_key: bytes | None = None,
) -> list[list[Found]]:
    """``[extract(t, r) for t, r in ...]`` for a batch, with one vectorised scan.

    ``region_hints`` is one hint for all texts, or one per text. The candidate scan runs
    over the whole batch in Polars; every distinct candidate is read once.
    """
    n = len(texts)
    if region_hints is None or isinstance(region_hints, str):
        regions: list[str | None] = [check_region(region_hints)] * n
    else:
        if len(region_hints) != n:
            raise IndicatorError(
                f"region_hints has {len(region_hints)} entries for {n} texts "
                "(expected one hint, or one per text)"
            )
        known: dict[str | None, str | None] = {}
        regions = []
        for hint in region_hints:
            if hint not in known:
                known[hint] = check_region(hint)
            regions.append(known[hint])
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise IndicatorError(f"texts[{i}] must be a string, got {type(text).__name__}")
    folded = [fold(t) for t in texts]
    out: list[list[Found]] = []
    row = 0
    for chunk in iter_scan(folded):
        for toks in chunk:
            out.append(_resolve(texts[row], folded[row], toks, regions[row], card_key))
            row += 1
    return out
