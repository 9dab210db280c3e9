"""Near-duplicate grouping and deterministic train / dev / eval splits.

Scam messages come in campaigns: the same script with another name, amount or
callback number. A split that puts one rendering in training and another in
evaluation measures memory, not skill. So texts are first grouped by
near-duplicate (MinHash over word 3-shingles with banding, then union-find), and
whole groups are assigned to a split by a hash of the group's smallest member:
the assignment depends only on the texts, never on order or on a random state.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np

from crossline.classify.features import word_tokens

_N_HASH = 24
_BANDS = 12  # 12 bands of 2 rows: pairs with Jaccard >= ~0.5 collide with high probability
_PRIME = np.uint64((1 << 61) - 1)
_rng = np.random.default_rng(7)
_A = _rng.integers(1, 1 << 31, size=_N_HASH, dtype=np.uint64)
_B = _rng.integers(0, 1 << 31, size=_N_HASH, dtype=np.uint64)


def _shingles(norm: str) -> np.ndarray:
    toks = word_tokens(norm)
    if len(toks) < 3:
        return np.array([zlib.crc32(norm.encode())], dtype=np.uint64)
    grams = {" ".join(toks[i : i + 3]) for i in range(len(toks) - 2)}
    return np.fromiter((zlib.crc32(g.encode()) for g in grams), dtype=np.uint64)


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def near_duplicate_groups(norm_texts: Sequence[str]) -> list[int]:
    """Group id (index of a representative) for every text; near-duplicates share one."""
    n = len(norm_texts)
    parent = list(range(n))
    buckets: dict[tuple[int, bytes], int] = {}
    for i, text in enumerate(norm_texts):
        sh = _shingles(text)
        sig = ((_A[:, None] * sh[None, :] + _B[:, None]) % _PRIME).min(axis=1)
        for band in range(_BANDS):
            key = (band, sig[band * 2 : band * 2 + 2].tobytes())
            j = buckets.setdefault(key, i)
            if j != i:
                ri, rj = _find(parent, i), _find(parent, j)
                if ri != rj:
                    parent[max(ri, rj)] = min(ri, rj)
    return [_find(parent, i) for i in range(n)]


def assign_split(key: str, *, eval_share: float = 0.15, dev_share: float = 0.15) -> str:
    """``train``, ``dev`` or ``eval`` for a group key, stable across runs and machines."""
    u = zlib.crc32(key.encode("utf-8")) / 0xFFFFFFFF
    if u < eval_share:
        return "eval"
    if u < eval_share + dev_share:
        return "dev"
    return "train"
