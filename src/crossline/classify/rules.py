"""Labeling functions: named, hand-written patterns that vote for a label (the table
of rules is :mod:`crossline.classify.rule_table`).

Each rule is a regular expression over the *normalised* text (see
:func:`crossline.classify.features.normalize`: case-folded, digits turned into
``0``, whitespace collapsed). Rules serve twice:

* at build time, as weak supervision: they label the unlabelled public messages
  and transcripts the model is trained on (with the source's own tags where they
  exist);
* at run time, as extra evidence added to the model's scores, weighted by a factor
  fitted on data the rules did not label, and reported by name as *evidence*.

Rules are written in English, Hinglish (Hindi in Latin letters) and Hindi
(Devanagari), with a few Chinese ones for the Chinese-language courier/consulate
robocalls seen in the FTC recordings. Patterns use only the syntax shared by
Python's ``re`` and Rust's ``regex`` (no look-around, no back-references), because
batches are matched with Polars.

The weight says how much a hit should count: 2 for a phrase that on its own names
the scheme ("social security number has been suspended"), 1 for a strong hint,
0.5 for a weak one that only helps when something else agrees.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import numpy as np
import polars as pl

from crossline.classify.rule_table import RULES, Rule
from crossline.classify.taxonomy import LABEL_INDEX, LABELS


def _to_rust(pattern: str) -> str:
    # ASCII word boundaries: Unicode-aware \b is ~50x slower in Rust's regex, and the
    # rules only put \b next to Latin letters.
    return pattern.replace(r"\b", r"(?-u:\b)")


@cache
def _python_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(r.pattern) for r in RULES)


@cache
def _weights() -> np.ndarray:
    """(n_rules, n_labels) matrix: rule i votes ``weight`` for its label."""
    w = np.zeros((len(RULES), len(LABELS)), dtype=np.float32)
    for i, rule in enumerate(RULES):
        w[i, LABEL_INDEX[rule.label]] = rule.weight
    return w


# Below this many texts Python's ``re`` beats one Polars pass per pattern: each pass has
# a fixed cost (~0.4 ms), which dominated single-report imports (a report pushed by a
# partner, a report posted to the API). Same patterns; \b may differ only next to a
# non-ASCII letter glued to a Latin one.
SMALL_BATCH = 48


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def match_patterns(
    norm_texts: Sequence[str], patterns: Sequence[str], *, vectorised: bool | None = None
) -> np.ndarray:
    """Boolean (n_texts, n_patterns) matrix: which pattern is found in which text.

    Matching runs in Polars (Rust regex), one vectorised pass per pattern; small
    batches use Python's ``re``. ``vectorised`` forces the choice (a caller that
    matches the distinct texts of a larger batch keeps the batch's engine).
    """
    n = len(norm_texts)
    out = np.zeros((n, len(patterns)), dtype=bool)
    if n == 0:
        return out
    if not (n >= SMALL_BATCH if vectorised is None else vectorised):
        for j, pattern in enumerate(patterns):
            rx = _compiled(pattern)
            for i, text in enumerate(norm_texts):
                out[i, j] = text is not None and rx.search(text) is not None
        return out
    series = pl.Series("t", list(norm_texts), dtype=pl.String)
    for j, pattern in enumerate(patterns):
        out[:, j] = series.str.contains(_to_rust(pattern)).fill_null(False).to_numpy()
    return out


def match_matrix(norm_texts: Sequence[str], *, vectorised: bool | None = None) -> np.ndarray:
    """Boolean (n_texts, n_rules) matrix: which rules fire on which normalised text."""
    return match_patterns(norm_texts, [r.pattern for r in RULES], vectorised=vectorised)


def votes(matches: np.ndarray) -> np.ndarray:
    """(n_texts, n_labels) summed rule weights for each label."""
    return matches.astype(np.float32) @ _weights()


def weak_label(vote_row: np.ndarray, *, min_vote: float = 1.5, margin: float = 1.0) -> str | None:
    """Label the rules agree on for one text, or ``None`` when they abstain or conflict.

    The top label needs at least ``min_vote`` and must lead the runner-up by ``margin``.
    """
    order = np.argsort(-vote_row, kind="stable")
    top, second = vote_row[order[0]], vote_row[order[1]]
    if top < min_vote or top - second < margin:
        return None
    return LABELS[int(order[0])]


def fired(norm_text: str, matches_row: np.ndarray) -> list[tuple[Rule, str]]:
    """The rules that fired on one text, each with the phrase it matched (for audits)."""
    pats = _python_patterns()
    out: list[tuple[Rule, str]] = []
    for j in np.flatnonzero(matches_row):
        m = pats[j].search(norm_text)
        out.append((RULES[j], m.group(0)[:60] if m else ""))
    return out
