"""Text normalisation and hashed n-gram features, computed a batch at a time in numpy.

Two families of features feed the model:

* character 2- to 5-grams of the normalised text (word boundaries included, so
  ``" kyc "`` and ``"ो जा"`` are features): robust to misspelling, transliteration
  and ASR noise, and script-agnostic (Latin, Devanagari, Chinese);
* word unigrams and bigrams, which carry phrase-level evidence that can be shown to
  an analyst.

Both are hashed into one space of ``2**HASH_BITS`` buckets with a polynomial hash
over Unicode code points. The whole batch is one code-point array; prefix sums
turn the hash of any span into two multiplications, so every n-gram of every text is
hashed by a few vectorised numpy operations and no Python loop runs per feature.
Training and inference call the same :func:`featurize`, so they cannot disagree.

Each occurrence counts ``1/sqrt(n)`` for a text with ``n`` occurrences, an
approximate L2 normalisation that keeps long complaint narratives and short SMS on
one scale.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

HASH_BITS = 21
N_BUCKETS = 1 << HASH_BITS
CHAR_ORDERS = (2, 3, 4, 5)
_SEP = "\x00"  # between texts in a batch; never survives normalisation
_U64 = np.uint64
_P = 0x100000001B3  # FNV prime: odd, so invertible modulo 2**64
_P_INV = pow(_P, -1, 1 << 64)
_MIX = (_U64(0xFF51AFD7ED558CCD), _U64(0xC4CEB9FE1A85EC53))
_FAMILY = {"word": _U64(0x9E3779B97F4A7C15), "bigram": _U64(0xD6E8FEB86659FD93)}
_SHIFT = _U64(64 - HASH_BITS)

# Masked digits in public data sets ("XXXXXXXXXX", "XX/XX/2019") read as digits.
_MASKED = re.compile(r"X{2,}")
# Digits in any script become "0": amounts and numbers vary, their presence matters.
_DIGITS = {ord(c): "0" for c in "0123456789०१२३४५६७८९"}
# Word characters: letters and digits of any script, Devanagari vowel signs, '$', '₹', '@'.
TOKEN = re.compile(r"[\w\u0900-\u097f$₹@]+")


def normalize(text: str) -> str:
    """Canonical form used by rules and features.

    NFKC, masked digits (``XX``) and all digits to ``0``, case-folded, whitespace
    collapsed to single spaces. Pure and cheap (a few microseconds a message).
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    if "XX" in text:
        text = _MASKED.sub(lambda m: "0" * len(m.group()), text)
    text = text.casefold().translate(_DIGITS)
    return " ".join(text.replace(_SEP, " ").split())


def word_tokens(norm: str) -> list[str]:
    """Word tokens of a normalised text (the same tokens :func:`featurize` hashes)."""
    return TOKEN.findall(norm)


@cache
def _token_table() -> np.ndarray:
    """Which Basic-Multilingual-Plane code points are word characters (as :data:`TOKEN`)."""
    return np.fromiter(
        (TOKEN.fullmatch(chr(c)) is not None for c in range(0x10000)), dtype=bool, count=0x10000
    )


_POW: list[np.ndarray] = [np.ones(1, dtype=_U64), np.ones(1, dtype=_U64)]


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """``P**k`` and ``P**-k`` modulo 2**64 for k < n (cached, grown on demand)."""
    if _POW[0].size < n:
        size = max(n, 2 * _POW[0].size)
        with np.errstate(over="ignore"):
            p = np.full(size, _P, dtype=_U64)
            q = np.full(size, _P_INV, dtype=_U64)
            p[0] = q[0] = 1
            p = np.cumprod(p, dtype=_U64)
            q = np.cumprod(q, dtype=_U64)
        _POW[0], _POW[1] = p, q
    return _POW[0], _POW[1]


def _mix(h: np.ndarray, salt: np.uint64) -> np.ndarray:
    """Finalise 64-bit span hashes into buckets (murmur3-style avalanche)."""
    h = h ^ salt
    h ^= h >> _U64(33)
    h *= _MIX[0]
    h ^= h >> _U64(29)
    h *= _MIX[1]
    h ^= h >> _U64(32)
    return (h >> _SHIFT).astype(np.int64)


@dataclass(frozen=True, slots=True)
class Batch:
    """Sparse features of a batch: parallel arrays of row, bucket and value.

    Rows are not sorted and a (row, bucket) pair may repeat: consumers sum them,
    which counts repeats as term frequency. The ``word_*`` arrays describe the word
    features alone (a subset of the above), with their span in their text, so that
    evidence can be shown as the words themselves.
    """

    n: int
    rows: np.ndarray  # int64
    buckets: np.ndarray  # int64
    values: np.ndarray  # float32
    word_rows: np.ndarray  # int64
    word_buckets: np.ndarray  # int64
    word_spans: np.ndarray  # int64 (k, 2): [start, end) in the normalised text


def featurize(norm_texts: Sequence[str]) -> Batch:
    """Hashed features of already-normalised texts (see :func:`normalize`)."""
    n = len(norm_texts)
    padded = [f" {t} " if t else "" for t in norm_texts]
    joined = _SEP.join(padded) + _SEP
    cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    size = cps.size
    starts = np.flatnonzero(np.concatenate(([True], cps[:-1] == 0)))  # first cp of each text
    pw, pinv = _powers(size + 1)
    with np.errstate(over="ignore"):
        # S[i] = sum_{j<i} (c_j + 1) * P**-j ; hash(a, b) = P**(b-1) * (S[b] - S[a])
        prefix = np.zeros(size + 1, dtype=_U64)
        np.cumsum((cps.astype(_U64) + _U64(1)) * pinv[:size], out=prefix[1:])
        is_sep = np.concatenate(([0], np.cumsum(cps == 0, dtype=np.int64)))
        rows_out, buckets_out = [], []
        for order in CHAR_ORDERS:
            m = size - order + 1
            if m <= 0:
                continue
            pos = np.flatnonzero(is_sep[order : order + m] == is_sep[:m])
            h = pw[pos + order - 1] * (prefix[pos + order] - prefix[pos])
            rows_out.append(np.searchsorted(starts, pos, side="right") - 1)
            buckets_out.append(_mix(h, _U64(order)))

        # word tokens: runs of word characters (code points past the BMP are not words)
        tok = np.zeros(size + 2, dtype=bool)
        bmp = cps < 0x10000
        tok[1:-1][bmp] = _token_table()[cps[bmp]]
        edges = np.diff(tok.astype(np.int8))
        t_start = np.flatnonzero(edges == 1)
        t_end = np.flatnonzero(edges == -1)
        t_hash = pw[t_end - 1] * (prefix[t_end] - prefix[t_start])
        t_row = np.searchsorted(starts, t_start, side="right") - 1
        pair = np.flatnonzero(t_row[:-1] == t_row[1:])
        b_hash = t_hash[pair] * _U64(0x2545F4914F6CDD1D) + t_hash[pair + 1]
    w_rows = np.concatenate((t_row, t_row[pair]))
    w_buckets = np.concatenate((_mix(t_hash, _FAMILY["word"]), _mix(b_hash, _FAMILY["bigram"])))
    offset = starts[w_rows]
    w_spans = (
        np.stack(
            (np.concatenate((t_start, t_start[pair])), np.concatenate((t_end, t_end[pair + 1]))),
            axis=1,
        )
        - offset[:, None]
        - 1
    )  # -1: the leading pad space
    rows = np.concatenate((*rows_out, w_rows)) if rows_out else w_rows
    buckets = np.concatenate((*buckets_out, w_buckets)) if buckets_out else w_buckets
    counts = np.bincount(rows, minlength=n)
    scale = np.zeros(n, dtype=np.float32)
    nz = counts > 0
    scale[nz] = 1.0 / np.sqrt(counts[nz])
    return Batch(n, rows, buckets, scale[rows], w_rows, w_buckets, w_spans)
