"""Text normalisation and hashed n-gram features, computed a batch at a time.

Two families of features feed the model:

* character 2- to 5-grams of the normalised text (word boundaries included, so
  ``" kyc "`` and ``"ो जा"`` are features): robust to misspelling, transliteration
  and ASR noise, and script-agnostic (Latin, Devanagari, Chinese). They are hashed
  in numpy over the whole batch at once, which is what makes the classifier fast.
* word unigrams and bigrams, hashed with CRC-32 (stable across processes, unlike
  ``hash``), which carry phrase-level evidence that can be shown to an analyst.

Both land in one space of ``2**HASH_BITS`` buckets. Training and inference call the
same :func:`featurize`, so the two can never disagree about a feature's value.
Each occurrence counts ``1/sqrt(n)`` for a text with ``n`` occurrences, an
approximate L2 normalisation that keeps long complaint narratives and short SMS on
one scale.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

HASH_BITS = 21
N_BUCKETS = 1 << HASH_BITS
CHAR_ORDERS = (2, 3, 4, 5)
# Separator between texts in a batch; never survives normalisation.
_SEP = "\x00"
# Odd 64-bit multipliers for the polynomial n-gram hash (fixed: part of the model format).
_MULT = np.array(
    [
        0x9E3779B97F4A7C15,
        0xC2B2AE3D27D4EB4F,
        0x165667B19E3779F9,
        0xD6E8FEB86659FD93,
        0xFF51AFD7ED558CCD,
    ],
    dtype=np.uint64,
)
_FINAL = np.uint64(0xC4CEB9FE1A85EC53)
_SHIFT = np.uint64(64 - HASH_BITS)

# Masked digits in public data sets ("XXXXXXXXXX", "XX/XX/2019") read as digits.
_MASKED = re.compile(r"X{2,}")
# Digits in any script become "0": amounts and numbers vary, their presence matters.
_DIGITS = {ord(c): "0" for c in "0123456789०१२३४५६७८९"}
# Words: Latin/Devanagari letters with their vowel signs, digits, '$', '₹', '@'.
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
    """Word tokens of a normalised text."""
    return TOKEN.findall(norm)


def word_features(tokens: Sequence[str]) -> list[str]:
    """Unigrams and bigrams (``"a b"``) of a token list, in order."""
    return [*tokens, *(f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False))]


def word_bucket(feature: str) -> int:
    """Bucket of a word feature (CRC-32, folded into the shared hash space)."""
    return (zlib.crc32(feature.encode("utf-8")) * 2654435761) % N_BUCKETS


@dataclass(frozen=True, slots=True)
class Batch:
    """Sparse features of a batch: parallel arrays of row, bucket and value.

    Rows are not sorted and a (row, bucket) pair may repeat: consumers sum
    (``np.bincount`` / a COO matrix), which counts repeats as term frequency.
    """

    n: int
    rows: np.ndarray  # int64
    buckets: np.ndarray  # int64
    values: np.ndarray  # float32


def _char_hashes(norm_texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(row, bucket) of every character n-gram of every text, in row order."""
    padded = [f" {t} " if t else "" for t in norm_texts]
    joined = _SEP.join(padded) + _SEP
    cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    is_sep = cps == 0
    # cumulative separator count: a window is inside one text when it has no separator
    sep_cum = np.concatenate(([0], np.cumsum(is_sep, dtype=np.int64)))
    starts = np.flatnonzero(np.concatenate(([True], is_sep[:-1])))  # first cp of each text
    rows_out: list[np.ndarray] = []
    buckets_out: list[np.ndarray] = []
    size = cps.shape[0]
    for order in CHAR_ORDERS:
        m = size - order + 1
        if m <= 0:
            continue
        h = np.full(m, np.uint64(order), dtype=np.uint64)
        for k in range(order):
            h = (h ^ cps[k : k + m]) * _MULT[k]
        h ^= h >> np.uint64(29)
        h *= _FINAL
        ok = (sep_cum[order : order + m] - sep_cum[:m]) == 0
        pos = np.flatnonzero(ok)
        rows_out.append(np.searchsorted(starts, pos, side="right") - 1)
        buckets_out.append((h[pos] >> _SHIFT).astype(np.int64))
    if not rows_out:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(rows_out), np.concatenate(buckets_out)


def featurize(norm_texts: Sequence[str]) -> Batch:
    """Hashed features of already-normalised texts (see :func:`normalize`)."""
    n = len(norm_texts)
    c_rows, c_buckets = _char_hashes(norm_texts)
    w_rows: list[int] = []
    w_buckets: list[int] = []
    crc = zlib.crc32
    for i, text in enumerate(norm_texts):
        feats = word_features(TOKEN.findall(text))
        w_rows.extend([i] * len(feats))
        w_buckets.extend([(crc(f.encode("utf-8")) * 2654435761) % N_BUCKETS for f in feats])
    rows = np.concatenate((c_rows, np.asarray(w_rows, dtype=np.int64)))
    buckets = np.concatenate((c_buckets, np.asarray(w_buckets, dtype=np.int64)))
    counts = np.bincount(rows, minlength=n)
    scale = np.zeros(n, dtype=np.float32)
    nz = counts > 0
    scale[nz] = 1.0 / np.sqrt(counts[nz])
    return Batch(n, rows, buckets, scale[rows])
