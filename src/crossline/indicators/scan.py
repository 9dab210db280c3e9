"""Candidate scan: find every span of text that *might* be an indicator.

The scan is deliberately loose and cheap; deciding what a candidate really is happens
later, once per distinct candidate (:mod:`crossline.indicators.classify`). Two regular
expressions do all the work:

* ``MAIN``: URLs (also defanged), e-mail / UPI handles, host names, digit runs, vanity
  numbers, IP addresses, crypto addresses, IBAN / IFSC / PAN / SWIFT shapes, ``@handles``;
* ``SPOKEN``: runs of number words ("eight three three, double five ...").

They are kept apart because their union defeats the regex engine's lazy DFA (measured:
the union scans at ~35 MB/s, the two apart at ~290 and ~530 MB/s).

A third, ``LONG``, finds base58 runs (crypto addresses) for the same reason.

All patterns are written once, in the syntax shared by Python's ``re`` and Rust's
``regex`` crate (used by Polars), so :func:`scan_one` (Python, one text) and
:func:`scan_batch` (Polars, many texts) return the same candidates. They use only ASCII
classes and no anchors, look-arounds or ``\\b`` (``SPOKEN`` consumes its leading
boundary character instead). That makes every match *context-free*, which is what lets
:func:`locate` recover match offsets from Polars' match strings with ``str.find``: if a
match string also occurred earlier, the engine would have matched it there first.

Text is folded first (:func:`fold`): every Unicode decimal digit (Devanagari, Arabic-Indic,
full-width ...) and full-width ASCII become ASCII, one character for one character, so
offsets into the folded text are offsets into the original.
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

# --- building blocks (shared Python / Rust regex syntax) ------------------------------

_LABEL = r"[A-Za-z0-9][A-Za-z0-9\-]*"
# "." and its defanged spellings: [.] (.) {.} [dot] (dot), also " [.] " with spaces.
DOT = r"(?:\.|\[\.\]|\(\.\)|\{\.\}|\[(?:dot|DOT)\]|\((?:dot|DOT)\)| \[\.\] )"
_HOST = rf"(?:{_LABEL}{DOT})+[A-Za-z][A-Za-z0-9\-]*"
# RFC 3986 characters (plus braces for "{.}"); never spaces, quotes or non-ASCII, so a
# URL stops at the "�" or the curly quote that SMS corpora glue to it.
_URLCH = r"[A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%{}]"
_SCHEME = r"(?:[hH][tTxX]{2}[pP][sS]?|[fF][tTxX][pP])"
# "://" and the ways it is defanged or mangled: [:]// [://] (:)// :/ // " //" :\\ : /
_SEP = r"(?:\[:\]//|\[://\]|\(:\)//|://|:/|//| //|:\\\\|:|/)"
# A stray space after the slashes ("http:// 103.208.86.96"), "label. " runs
# ("http://careers. bloomberg.com") and one space-separated tail ("...talk.c om/x",
# "index. wml?id=1") are taken in; the reader keeps them only where they mend the address.
_URL = (
    rf"{_SCHEME}{_SEP} ?(?:{_LABEL}\. )*{_URLCH}+"
    rf"(?: [A-Za-z][A-Za-z0-9\-._]*(?:[/?#]{_URLCH}*)?)?"
)
_AT = r"(?:@|\[@\]|\(@\)|\[at\]|\(at\)|\[AT\]|\(AT\))"
_EMAIL = rf"[A-Za-z0-9._%+\-]+{_AT}(?:{_LABEL}{DOT})*{_LABEL}"
_HOSTPATH = rf"{_HOST}(?::[0-9]{{1,5}})?(?:[/?#]{_URLCH}*)?"
_SWIFT = (
    r"(?:SWIFT|Swift|swift|BIC|Bic|bic)(?: ?(?:code|Code|CODE|/BIC|/ BIC))?"
    r"[ :#.\-]{0,4}[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?"
)
_ETH = r"0[xX][0-9a-fA-F]{40}"
_BECH32 = r"(?:[bB][cC]|[lL][tT][cC]|[tT][bB]|bnb|addr)1[02-9ac-hj-np-zAC-HJ-NP-Z]{6,110}"
_CASHADDR = r"(?:bitcoincash:)?[qp][02-9ac-hj-np-z]{41}"
_STELLAR = r"G[A-Z2-7]{55}"
_IBAN = r"[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?"
# IFSC and PAN shapes run to the end of the word, so "call09050000337" is one token
# (rejected as an IFSC, then read again for the number) rather than "call0905000" + rest.
_IFSC = r"[A-Za-z]{4}0[A-Za-z0-9]{6,}"
_PAN = r"[A-Z]{3}[ABCFGHLJPT][A-Z][0-9]{4}[A-Z][A-Za-z0-9]*"
# 1-800-FLOWERS, (888) NEW-PLAN, 800-356-WORK: tried before plain digit runs so the
# letters are not cut off; a run without letters fails here and falls to _DIGITS.
_VANITY = (
    r"(?:1[ .\-]?)?(?:\(8[0-9]{2}\)|8[0-9]{2})[ .\-]?(?:[0-9]{3}[ .\-]?)?"
    r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*"
)
# Seven or more digits with at most three separator characters between any two.
_DIGITS = r"(?:\+ ?|\(\+?)?[0-9](?:[ .\-/()]{0,3}[0-9]){6,}"
# A dotted quad with at least one defanged dot ("185.220.101[.]45"); plain ones are digit
# runs (read as IPv4 there), so "1.800.555.1212" is never cut after three digits.
_DEFANG_DOT = r"(?:\[\.\]|\(\.\)|\{\.\}|\[(?:dot|DOT)\]|\((?:dot|DOT)\))"
_IPV4 = (
    rf"[0-9]{{1,3}}(?:(?:\.|{_DEFANG_DOT})[0-9]{{1,3}}){{0,2}}{_DEFANG_DOT}[0-9]{{1,3}}"
    rf"(?:(?:\.|{_DEFANG_DOT})[0-9]{{1,3}}){{0,2}}"
)
# Plain dotted quads too short for a digit run ("10.0.0.1").
_IPV4_SHORT = r"[0-9]{1,3}(?:\.[0-9]{1,3}){3}"
_IPV6 = r"(?:[0-9A-Fa-f]{1,4}|:)(?::[0-9A-Fa-f]{0,4}){2,7}"
_BASE58 = r"[1-9A-HJ-NP-Za-km-z]{25,130}"
_AT_HANDLE = r"@[A-Za-z][A-Za-z0-9_]{3,31}"

# Order matters where two alternatives can start at the same place (leftmost-first).
MAIN = "|".join(
    (
        _URL,
        _EMAIL,
        _HOSTPATH,
        _SWIFT,
        _ETH,
        _BECH32,
        _CASHADDR,
        _STELLAR,
        _IBAN,
        _IFSC,
        _PAN,
        _VANITY,
        _IPV4,
        _DIGITS,
        _IPV4_SHORT,
        _IPV6,
        _AT_HANDLE,
    )
)

# Long base58 runs (crypto addresses) get their own pass: the counted repetition, joined
# to MAIN, multiplies the DFA's states and cut the whole scan from ~300 to ~60 MB/s.
LONG = _BASE58

# Longest first: for the last word of a run, leftmost-first alternation takes the first
# word that fits, and "six" would otherwise cut "sixteen", "o" cut "one".
_NUMBER_WORDS = """
    zero oh o one two three four five six seven eight nine ten eleven twelve thirteen
    fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty
    seventy eighty ninety hundred double triple
"""
NUMBER_WORDS = "|".join(sorted(_NUMBER_WORDS.split(), key=lambda word: (-len(word), word)))
_WORD = rf"(?i:{NUMBER_WORDS}|[0-9]{{1,4}})"
# Six or more number words / short digit groups; the first character is the boundary
# before the run (or the run starts the text).
SPOKEN = rf"(?:^|[^A-Za-z0-9_])(?:{_WORD}[ ,.\-]{{1,3}}){{5,}}{_WORD}"


def rust_syntax(pattern: str) -> str:
    """The same pattern for Rust's regex crate: ASCII-only case folding (much faster)."""
    return pattern.replace("(?i:", "(?i-u:")


MAIN_RE = re.compile(MAIN, re.ASCII)
LONG_RE = re.compile(LONG, re.ASCII)
SPOKEN_RE = re.compile(SPOKEN, re.ASCII)
_HAS_WORD_RE = re.compile(r"[A-Za-z]")

# --- folding ---------------------------------------------------------------------------

_EXTRA_FOLDS = {
    "\u00a0": " ",  # no-break space
    "\u2007": " ",
    "\u202f": " ",
    "\u2010": "-",  # hyphen, non-breaking hyphen, figure dash, en dash, minus
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2212": "-",
    "\u3002": ".",  # ideographic full stop, used to defang domains in CJK spam
    "\uff61": ".",
}


@functools.cache
def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x80, sys.maxunicode + 1):
        char = chr(code)
        if char.isdecimal():
            table[code] = str(unicodedata.decimal(char))
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII
        table[code] = chr(code - 0xFEE0)
    table[0x3000] = " "  # ideographic space
    for char, ascii_char in _EXTRA_FOLDS.items():
        table[ord(char)] = ascii_char
    return table


def fold(text: str) -> str:
    """``text`` with non-ASCII digits, full-width ASCII and odd dashes/spaces made ASCII.

    One character maps to one character, so offsets are unchanged.
    """
    if text.isascii():
        return text
    return text.translate(_fold_table())


# --- scanning --------------------------------------------------------------------------


# A candidate: (start, end, token, spoken) with ``text[start:end] == token`` in the folded
# text. A plain tuple: a batch makes millions of them.
Token = tuple[int, int, str, bool]


def locate(text: str, matches: Sequence[str]) -> list[tuple[int, str]]:
    """Offsets of consecutive, non-overlapping ``matches`` of a context-free pattern."""
    out: list[tuple[int, str]] = []
    pos = 0
    for match in matches:
        at = text.find(match, pos)
        if at < 0:  # cannot happen for a context-free pattern; never guess an offset
            raise AssertionError(f"scan match {match!r} not found in text")
        out.append((at, match))
        pos = at + len(match)
    return out


def _overlay(tokens: list[Token], extra: Token) -> list[Token]:
    """Add a SPOKEN/LONG token: it replaces the main tokens it contains, and loses to a
    main token that overlaps it without being inside it."""
    inside: list[Token] = []
    for t in tokens:
        if t[1] <= extra[0] or t[0] >= extra[1]:
            continue
        if t[0] < extra[0] or t[1] > extra[1]:
            return tokens
        inside.append(t)
    if inside:
        tokens = [t for t in tokens if t not in inside]
    tokens.append(extra)
    return tokens


def _spoken_token(text: str, at: int, match: str) -> Token | None:
    if match[:1] and not (match[0].isalnum() or match[0] == "_"):
        at, match = at + 1, match[1:]  # drop the consumed boundary character
    if not _HAS_WORD_RE.search(match):
        return None  # digits only: the main scan already has them
    end = at + len(match)
    # A word or number glued to the last item ("seven12", "fourteenth") is not in the run.
    while end < len(text) and text[end].isalnum():
        cut = max(match.rfind(" "), match.rfind(","), match.rfind("-"), match.rfind("."))
        if cut <= 0:
            return None
        match = match[:cut].rstrip(" ,.-")
        end = at + len(match)
    return (at, end, match, True)


def _merge(
    text: str,
    main: list[tuple[int, str]],
    spoken: list[tuple[int, str]],
    long: list[tuple[int, str]],
) -> list[Token]:
    tokens = [(at, at + len(m), m, False) for at, m in main]
    if not spoken and not long:
        return tokens
    for at, match in long:
        tokens = _overlay(tokens, (at, at + len(match), match, False))
    for at, match in spoken:
        token = _spoken_token(text, at, match)
        if token is not None:
            tokens = _overlay(tokens, token)
    tokens.sort()
    return tokens


def scan_one(text: str) -> list[Token]:
    """Candidates in one (already folded) text, with Python's ``re``."""
    main = [(m.start(), m.group()) for m in MAIN_RE.finditer(text)]
    spoken = [(m.start(), m.group()) for m in SPOKEN_RE.finditer(text)]
    long = [(m.start(), m.group()) for m in LONG_RE.finditer(text)]
    return _merge(text, main, spoken, long)


Sparse = dict[int, list[str]]


@dataclass(frozen=True, slots=True)
class BatchMatches:
    """Scan matches of a batch: ``MAIN`` flattened (``counts[i]`` matches of text ``i``,
    in order, in ``flat``), ``SPOKEN`` and ``LONG`` by row (they match in few rows)."""

    counts: list[int]
    flat: list[str]
    spoken: Sparse
    long: Sparse


CHUNK = 20_000  # texts per Polars call: small enough to pipeline, large enough to amortise


def _scan_chunk(texts: Sequence[str], lo: int, hi: int) -> BatchMatches:
    """Matches of the three patterns in ``texts[lo:hi]`` (row numbers of the batch)."""
    import polars as pl

    patterns = [rust_syntax(MAIN), rust_syntax(SPOKEN), rust_syntax(LONG)]
    frame = pl.DataFrame(pl.Series("t", texts[lo:hi], dtype=pl.String)).select(
        pl.col("t").str.extract_all(p).alias(f"p{i}") for i, p in enumerate(patterns)
    )
    # Lists come back flat: a list-of-lists column costs ten times more to turn into
    # Python objects. SPOKEN and LONG match in few rows: only those rows come back.
    counts = frame["p0"].list.len().fill_null(0).to_list()
    flat = frame["p0"].list.explode().drop_nulls().to_list()
    sparse: list[Sparse] = []
    for name in ("p1", "p2"):
        hits = frame.select(pl.col(name)).with_row_index("row")
        hits = hits.filter(pl.col(name).list.len() > 0)
        rows = [lo + r for r in hits["row"].to_list()]
        sparse.append(dict(zip(rows, hits[name].to_list(), strict=True)))
    return BatchMatches(counts, flat, sparse[0], sparse[1])


def _chunks(texts: Sequence[str], threads: int) -> Iterator[tuple[int, BatchMatches]]:
    """``(first row, matches)`` per chunk, in order. Chunks are scanned by ``threads``
    worker threads (Polars releases the GIL) while the caller reads earlier chunks, so
    the Python work on one chunk overlaps the regex work on the next."""
    n = len(texts)
    bounds = [(lo, min(n, lo + CHUNK)) for lo in range(0, n, CHUNK)]
    if threads <= 1 or len(bounds) == 1:
        for lo, hi in bounds:
            yield lo, _scan_chunk(texts, lo, hi)
        return
    with ThreadPoolExecutor(max_workers=threads) as pool:
        futures = [pool.submit(_scan_chunk, texts, lo, hi) for lo, hi in bounds]
        for (lo, _), future in zip(bounds, futures, strict=True):
            yield lo, future.result()


def scan_batch_matches(texts: Sequence[str], *, threads: int = 2) -> BatchMatches:
    """Match strings of the three patterns over a whole batch, with Polars."""
    out = BatchMatches([], [], {}, {})
    for _, part in _chunks(texts, threads):
        out.counts.extend(part.counts)
        out.flat.extend(part.flat)
        out.spoken.update(part.spoken)
        out.long.update(part.long)
    return out


def iter_scan(texts: Sequence[str], *, threads: int = 2) -> Iterator[list[list[Token]]]:
    """Candidates of consecutive chunks of ``texts`` (already folded), in order.

    Consumers that work chunk by chunk (``extract_many``) overlap their own Python work
    with the scan of the chunks that follow.
    """
    for lo, found in _chunks(texts, threads):
        out: list[list[Token]] = []
        append = out.append
        spoken, long, flat = found.spoken, found.long, found.flat
        k = 0
        for row, count in enumerate(found.counts, start=lo):
            text = texts[row]
            matches = flat[k : k + count]
            k += count
            if row in spoken or row in long:
                append(
                    _merge(
                        text,
                        locate(text, matches),
                        locate(text, spoken.get(row, [])),
                        locate(text, long.get(row, [])),
                    )
                )
                continue
            # locate() inlined: this loop runs once per candidate of the whole batch
            tokens: list[Token] = []
            pos = 0
            find = text.find
            for match in matches:
                at = find(match, pos)
                pos = at + len(match)
                tokens.append((at, pos, match, False))
            append(tokens)
        yield out


def scan_batch(texts: Sequence[str], *, threads: int = 2) -> list[list[Token]]:
    """Candidates in many (already folded) texts; same result as ``map(scan_one, texts)``."""
    out: list[list[Token]] = []
    for chunk in iter_scan(texts, threads=threads):
        out.extend(chunk)
    return out
