"""Near-duplicate robocall scripts: content similarity as a link type of its own.

A robocall campaign plays the same recorded script to millions of people while
rotating every number it calls from, so the script is what ties its calls
together. Transcripts of the script are partial and noisy: the recording starts
late (a cut-off start), the speech recogniser slips (``a legal`` / ``illegal``),
spells digits as words (``press one``) and sometimes writes in another language.

The method, chosen for those defects:

1. normalise: Unicode NFKC, case-folding, spoken numbers to digits
   (``eight three three`` -> ``833``), digit groups joined (``833-631-7911`` ->
   ``8336317911``), punctuation dropped, no spaces between CJK characters;
   and stock phrases of Chinese-language scripts rendered in English (a shipped
   glossary), since the recogniser sometimes translates those recordings;
2. character shingles (5-grams by default), which survive word-level slips;
3. each shingle weighted by its rarity (``log(1 + n / df)``) so that boilerplate
   shared by every robocall (``press 1 to speak``) counts for little;
4. score = weighted *containment*: shared weight over the weight of the smaller
   transcript, so a cut-off fragment matches the full script it came from; but a
   fragment much shorter than the other side (under ``fragment_ratio`` of its weight)
   must reach the higher ``fragment_threshold``: boilerplate that many scripts share
   ("press 1 to speak to a representative") is easily half "contained" in any long call;
5. candidate pairs come from exact prefix filtering (a pair can only reach the
   threshold if the smaller side's rarest shingles occur in the other), so the
   work grows with the number of real matches, not with n squared;
6. clusters by single linkage (transitivity through the cluster) with a size cap,
   strongest links first, so one weak link cannot fuse two big campaigns; when the
   caller gives each transcript's scam type (confident classifications only), two
   groups of different types are never merged, not even through an untyped call.

:func:`content_links` returns a sparse spanning forest: one edge fewer than
members per cluster, each edge a real scored pair, whose connected components
are the script clusters.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import scipy.sparse as sp

from crossline.calls.graph import capped_single_linkage
from crossline.errors import ValidationError

DEFAULT_THRESHOLD = 0.5
SHINGLE = 5
METHOD = f"char{SHINGLE}-containment"

_UNITS = {
    w: i
    for i, w in enumerate(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    )
}
_TEENS = {
    w: i + 10
    for i, w in enumerate(
        [
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
_TENS = {
    w: (i + 2) * 10
    for i, w in enumerate(
        ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    )
}
_REPEAT = {"double": 2, "triple": 3}
# A token is a run of digits, a run of letters (any script), or one other visible character.
_TOKEN = re.compile(r"[0-9]+|[^\W\d_]+|[^\w\s]")
# Separators that may sit inside a spoken or written number: "833-631-7911", "2, 1, 2".
_NUMBER_JOINERS = frozenset(",.-/()")


@dataclass(frozen=True, slots=True)
class ContentLink:
    """Two items whose transcripts carry the same script.

    ``a < b`` are the caller's ids; ``score`` is the weighted containment in [0, 1];
    ``method`` names how the score was computed.
    """

    a: str
    b: str
    score: float
    method: str


@dataclass(frozen=True, slots=True)
class ContentParams:
    """Tuning of the content clustering; the defaults suit robocall transcripts.

    ``max_cluster_size`` None means ``max(100, a tenth of the items)``.
    """

    threshold: float = DEFAULT_THRESHOLD
    shingle: int = SHINGLE
    min_chars: int = 24  # shorter transcripts ("press 1") cannot be attributed to a script
    min_shared: int = 12  # shingles two transcripts must share, whatever their weight
    # A side under fragment_ratio of the other's weight must be contained at least
    # fragment_threshold (a higher bar than threshold); see the module docstring.
    fragment_ratio: float = 0.5
    fragment_threshold: float = 0.8
    max_cluster_size: int | None = None

    def cap(self, n: int) -> int:
        if self.max_cluster_size is not None:
            return self.max_cluster_size
        return max(100, n // 10)


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\u3040" <= ch <= "\u30ff"


def _spoken_numbers(tokens: list[str]) -> list[str]:
    """Replace spoken numbers by digits; ``oh`` counts as zero only between digits."""
    out: list[str] = []
    i, n = 0, len(tokens)
    while i < n:
        w = tokens[i]
        nxt = tokens[i + 1] if i + 1 < n else ""
        if w in _TENS and nxt in _UNITS and nxt != "zero":
            out.append(str(_TENS[w] + _UNITS[nxt]))
            i += 2
        elif w in _REPEAT and nxt in _UNITS:
            out.append(str(_UNITS[nxt]) * _REPEAT[w])
            i += 2
        elif w in _UNITS:
            out.append(str(_UNITS[w]))
            i += 1
        elif w in _TEENS:
            out.append(str(_TEENS[w]))
            i += 1
        elif w in _TENS:
            out.append(str(_TENS[w]))
            i += 1
        elif w == "hundred" and out and out[-1].isdigit() and len(out[-1]) == 1:
            out[-1] += "00"  # "eight hundred number" -> 800
            i += 1
        elif (
            w in ("oh", "o")
            and out
            and out[-1].isdigit()
            and (nxt.isdigit() or nxt in _UNITS or nxt in ("oh", "o"))
        ):
            out.append("0")
            i += 1
        else:
            out.append(w)
            i += 1
    return out


def _join_digit_groups(tokens: list[str]) -> list[str]:
    """Glue digit groups split by spaces or number punctuation into one token."""
    out: list[str] = []
    for w in tokens:
        if w.isdigit() and out:
            if out[-1].isdigit():
                out[-1] += w
                continue
            if out[-1] in _NUMBER_JOINERS and len(out) > 1 and out[-2].isdigit():
                out.pop()
                out[-1] += w
                continue
        out.append(w)
    return out


@lru_cache(maxsize=1)
def _glossary() -> tuple[re.Pattern[str], dict[str, str]]:
    """Chinese phrases of common robocall scripts and their English renderings.

    The speech recogniser sometimes transcribes a Chinese-language robocall in
    Chinese and sometimes translates it to English; rendering the script's stock
    phrases in English lets both transcripts of one recording share shingles.
    """
    text = (resources.files("crossline.calls") / "data" / "script_glossary.csv").read_text(
        encoding="utf-8"
    )
    pairs = {row["zh"]: row["en"] for row in csv.DictReader(text.splitlines())}
    alternation = "|".join(re.escape(k) for k in sorted(pairs, key=len, reverse=True))
    return re.compile(alternation), pairs


def normalize_transcript(text: str) -> str:
    """Canonical form of a transcript for script comparison (see the module docstring)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    if any(_is_cjk(ch) for ch in folded):
        pattern, pairs = _glossary()
        folded = pattern.sub(lambda m: f" {pairs[m.group(0)]} ", folded)
    tokens = _join_digit_groups(_spoken_numbers(_TOKEN.findall(folded)))
    parts: list[str] = []
    for w in tokens:
        if not w[0].isalnum():
            continue
        if parts and not (_is_cjk(parts[-1][-1]) and _is_cjk(w[0])):
            parts.append(" ")
        parts.append(w)
    return "".join(parts)


def _shingle_matrix(texts: Sequence[str], k: int) -> sp.csr_matrix:
    """Binary document x shingle matrix; shingles are 64-bit rolling hashes of k characters."""
    n = len(texts)
    if n == 0:
        return sp.csr_matrix((0, 0), dtype=np.float64)
    joined = "\x00".join(texts) + "\x00"
    cp = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    windows = len(cp) - k + 1
    if windows <= 0:
        return sp.csr_matrix((n, 0), dtype=np.float64)
    base = np.uint64(0x100000001B3)
    h = np.zeros(windows, dtype=np.uint64)
    for j in range(k):
        h = h * base + cp[j : j + windows]
    # splitmix64 finaliser spreads the polynomial hash over all 64 bits
    h ^= h >> np.uint64(30)
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(27)
    sep = np.concatenate(([0], np.cumsum(cp == 0)))
    valid = (sep[k : k + windows] - sep[:windows]) == 0
    doc = sep[:windows][valid]
    terms, term_idx = np.unique(h[valid], return_inverse=True)
    key = np.unique(doc.astype(np.int64) * len(terms) + term_idx)
    rows, cols = np.divmod(key, len(terms))
    data = np.ones(len(key), dtype=np.float64)
    return sp.csr_matrix((data, (rows, cols)), shape=(n, len(terms)))


@dataclass(frozen=True, slots=True)
class ScoredPairs:
    """Pairs ``i < j`` of item positions with their containment score and shared shingles."""

    i: np.ndarray
    j: np.ndarray
    score: np.ndarray
    shared: np.ndarray


def _candidates(x: sp.csr_matrix, w: np.ndarray, totals: np.ndarray, t: float) -> np.ndarray:
    """Exact prefix filter for weighted containment >= t, as encoded pairs ``i * n + j``.

    If shared weight >= t * W(A) then B must contain one of A's rarest shingles
    whose cumulative weight reaches (1 - t) * W(A); probing each item's prefix
    against every other item's full set therefore finds every qualifying pair.
    """
    n = x.shape[0]
    coo = x.tocoo()
    order = np.lexsort((coo.col, -w[coo.col], coo.row))
    rows, cols = coo.row[order], coo.col[order]
    weights = w[cols]
    cum = np.cumsum(weights)
    row_start = np.searchsorted(rows, np.arange(n))
    before = cum - weights - np.concatenate(([0.0], cum))[row_start[rows]]
    keep = before <= (1.0 - t) * totals[rows] + 1e-9
    prefix = sp.csr_matrix((np.ones(int(keep.sum())), (rows[keep], cols[keep])), shape=x.shape)
    hits = (prefix @ x.T).tocoo()
    a, b = hits.row.astype(np.int64), hits.col.astype(np.int64)
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    mask = lo != hi
    return np.unique(lo[mask] * n + hi[mask])


# Above this many multiply-adds (sum of squared shingle frequencies) the full similarity
# product is too costly and candidates come from the prefix filter instead.
_FULL_PRODUCT_BUDGET = 300_000_000


def _verify(
    x: sp.csr_matrix, w: np.ndarray, totals: np.ndarray, ii: np.ndarray, jj: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Containment score and shared-shingle count of the given pairs."""
    scores = np.empty(len(ii))
    shared = np.empty(len(ii), dtype=np.int64)
    chunk = 20_000
    for s in range(0, len(ii), chunk):
        a, b = ii[s : s + chunk], jj[s : s + chunk]
        both = x[a].multiply(x[b]).tocsr()
        shared[s : s + chunk] = np.diff(both.indptr)
        overlap = np.asarray(both @ w).ravel()
        scores[s : s + chunk] = overlap / np.maximum(np.minimum(totals[a], totals[b]), 1e-12)
    return scores, shared


def score_pairs(norm_texts: Sequence[str], params: ContentParams) -> ScoredPairs:
    """Every pair of normalised transcripts whose weighted containment reaches the threshold.

    Transcripts are expected to be distinct (callers collapse exact duplicates first).
    """
    n = len(norm_texts)
    empty = np.zeros(0, dtype=np.int64)
    usable = np.array([len(s) >= params.min_chars for s in norm_texts], dtype=bool)
    if n < 2 or usable.sum() < 2:
        return ScoredPairs(empty, empty, np.zeros(0), empty)
    x = _shingle_matrix(norm_texts, params.shingle)
    x = (sp.diags(usable.astype(np.float64)) @ x).tocsr()  # unusable items take part in nothing
    x.eliminate_zeros()
    x.sort_indices()  # element-wise products take the fast path on sorted rows
    df = np.asarray(x.sum(axis=0)).ravel()
    w = np.zeros_like(df)
    present = df > 0
    w[present] = np.log1p(usable.sum() / df[present])
    totals = np.asarray(x @ w).ravel()
    if float(np.square(df).sum()) <= _FULL_PRODUCT_BUDGET:
        overlap = sp.triu((x @ sp.diags(w) @ x.T).tocsr(), k=1).tocoo()
        ratio = overlap.data / np.maximum(
            np.minimum(totals[overlap.row], totals[overlap.col]), 1e-12
        )
        hit = ratio >= params.threshold - 1e-9
        ii, jj = overlap.row[hit].astype(np.int64), overlap.col[hit].astype(np.int64)
    else:
        ii, jj = np.divmod(_candidates(x, w, totals, params.threshold), n)
    scores, shared = _verify(x, w, totals, ii, jj)
    small = np.minimum(totals[ii], totals[jj])
    ratio = small / np.maximum(np.maximum(totals[ii], totals[jj]), 1e-12)
    bar = np.where(
        ratio >= params.fragment_ratio,
        params.threshold,
        max(params.threshold, params.fragment_threshold),
    )
    keep = (scores >= bar - 1e-9) & (shared >= params.min_shared)
    return ScoredPairs(ii[keep], jj[keep], np.minimum(scores[keep], 1.0), shared[keep])


@dataclass(frozen=True, slots=True)
class ContentClusters:
    """Script clusters: a cluster number per item position and the spanning-forest links."""

    labels: np.ndarray
    links: list[ContentLink]

    def groups(self, ids: Sequence[str]) -> list[list[str]]:
        """Members of each cluster with two or more items, largest first."""
        by_label: dict[int, list[str]] = {}
        for item_id, label in zip(ids, self.labels.tolist(), strict=True):
            by_label.setdefault(label, []).append(item_id)
        groups = [sorted(g) for g in by_label.values() if len(g) > 1]
        return sorted(groups, key=lambda g: (-len(g), g[0]))


def _check_items(items: Sequence[tuple[str, str]]) -> None:
    seen: set[str] = set()
    for pos, item in enumerate(items):
        if not (isinstance(item, tuple | list) and len(item) == 2):
            raise ValidationError(f"item {pos}: expected an (id, transcript) pair", item=pos)
        item_id, text = item
        if not isinstance(item_id, str) or not item_id:
            raise ValidationError(f"item {pos}: id must be a non-empty string", item=pos)
        if text is not None and not isinstance(text, str):
            raise ValidationError(
                f"item {pos} ({item_id}): transcript must be text, got {type(text).__name__}",
                item=pos,
            )
        if item_id in seen:
            raise ValidationError(f"item {pos}: duplicate id {item_id!r}", item=pos)
        seen.add(item_id)


def content_clusters(
    items: Sequence[tuple[str, str]],
    params: ContentParams | None = None,
    *,
    types: Sequence[str | None] | None = None,
) -> ContentClusters:
    """Cluster ``(id, transcript)`` items by script; see the module docstring for the method.

    ``types``, parallel to ``items``: each transcript's confidently classified scam type
    or None; transcripts of different types never share a cluster.
    """
    params = params or ContentParams()
    if not 0.0 < params.threshold <= 1.0:
        raise ValidationError(f"threshold must be in (0, 1], got {params.threshold}")
    _check_items(items)
    ids = [item_id for item_id, _ in items]
    norm = [normalize_transcript(text or "") for _, text in items]
    # Robocall transcripts repeat verbatim; score each distinct text once and tie its
    # copies to the first one with a perfect score.
    first: dict[str, int] = {}
    rep = np.array([first.setdefault(s, pos) for pos, s in enumerate(norm)], dtype=np.int64)
    distinct = np.flatnonzero(rep == np.arange(len(norm)))
    pairs = score_pairs([norm[p] for p in distinct], params)
    copies = np.flatnonzero(
        (rep != np.arange(len(norm)))
        & np.array([len(s) >= params.min_chars for s in norm], dtype=bool)
    )
    a = np.concatenate((rep[copies], distinct[pairs.i]))
    b = np.concatenate((copies, distinct[pairs.j]))
    score = np.concatenate((np.ones(len(copies)), pairs.score))
    if types is not None:
        if len(types) != len(ids):
            raise ValidationError(f"types: expected {len(ids)} entries, got {len(types)}")
        kinds = np.array([t or "" for t in types], dtype=object)
        ok = (kinds[a] == "") | (kinds[b] == "") | (kinds[a] == kinds[b])
        a, b, score = a[ok], b[ok], score[ok]
    forest = capped_single_linkage(len(ids), a, b, score, params.cap(len(ids)), types)
    links = []
    for e in forest.kept.tolist():
        left, right = sorted((ids[int(a[e])], ids[int(b[e])]))
        links.append(ContentLink(left, right, round(float(score[e]), 4), METHOD))
    links.sort(key=lambda link: (link.a, link.b))
    return ContentClusters(labels=forest.labels, links=links)


def content_links(
    items: Sequence[tuple[str, str]],
    *,
    threshold: float | None = None,
    types: Sequence[str | None] | None = None,
) -> list[ContentLink]:
    """Scored content links between items carrying the same script.

    ``items`` are ``(id, transcript)``; the result is a sparse spanning forest
    (not every pair) whose connected components are the script clusters, each edge
    ``a < b`` with its weighted-containment score.
    """
    params = ContentParams() if threshold is None else ContentParams(threshold=threshold)
    return content_clusters(items, params, types=types).links
