"""Classify texts: model + rules + source category -> label, confidence, evidence, tags.

Scores combine up to four things, in logit space:

* the trained model's logits over hashed n-grams;
* ``beta`` x the rules' votes (``beta`` fitted on held-out data, see
  :mod:`~crossline.classify.calibrate`);
* when the source gave a category that maps to a label (FTC subject, NCRP
  sub-category ...), :data:`CATEGORY_PRIOR` towards that label: the victim's own
  choice is informative but chosen in haste, so a clear text overrules it;
* for reports from fraud-reporting portals (:data:`FRAUD_PORTALS`),
  :data:`PORTAL_NOT_FRAUD_PENALTY` against ``not_fraud``.

The sum is divided by the fitted temperature and soft-maxed; the top probability is
the *confidence*. Results under the model's review threshold (0.5 for the shipped
model) are returned with ``needs_review=True``, never forced into certainty.

Texts with no words (number-only Do-Not-Call complaints) cannot be read: the label
then comes from the source category at :data:`CATEGORY_ONLY_CONFIDENCE`; without a
category, from the source's base rate (``ftc_dnc`` -> ``telemarketing``, other
complaint systems -> ``other_fraud``, else ``not_fraud``) at
:data:`NO_TEXT_CONFIDENCE`, always marked for review.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from crossline.classify import rules
from crossline.classify.calibrate import softmax
from crossline.classify.features import Batch, featurize, normalize, word_tokens
from crossline.classify.model import Model, load_model
from crossline.classify.tags import tags_many
from crossline.classify.taxonomy import LABEL_INDEX, LABELS, label_from_source_category
from crossline.errors import ValidationError

CATEGORY_PRIOR = 4.0
# Reports filed on a fraud-reporting portal are fraud complaints by construction: a
# narrative there that reads like ordinary talk ("they took my money") is not "not_fraud".
FRAUD_PORTALS = frozenset({"sentinel", "ncrp", "ic3", "chakshu"})
PORTAL_NOT_FRAUD_PENALTY = 8.0
CATEGORY_ONLY_CONFIDENCE = 0.6
NO_TEXT_CONFIDENCE = 0.2
MAX_EVIDENCE = 5
# Distinct inputs worked at a time: the feature and rule matrices grow with them.
DISTINCT_BATCH = 2_000
_COMPLAINT_SOURCES = frozenset({"sentinel", "ncrp", "cfpb", "ic3", "chakshu"})


@dataclass(frozen=True, slots=True)
class Classification:
    """The scheme a report runs, how sure we are, and why."""

    label: str  # one of LABELS
    confidence: float  # calibrated probability of `label`
    evidence: tuple[str, ...]  # rules ("rule:kyc_update") and phrases ("phrase:kyc update")
    tags: Mapping[str, object]  # channel, payment_rail, spoofing, money_lost, call_center
    needs_review: bool  # confidence under the review threshold

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form (the CLI's ``--jsonl`` line)."""
        return {
            "label": self.label,
            "confidence": round(self.confidence, 4),
            "evidence": list(self.evidence),
            "tags": dict(self.tags),
            "needs_review": self.needs_review,
        }


def classify(
    text: str,
    *,
    channel: str | None = None,
    source_category: str | None = None,
    source: str | None = None,
) -> Classification:
    """Classify one text (see :func:`classify_many` for batches)."""
    return classify_many(
        [text], channels=[channel], source_categories=[source_category], sources=[source]
    )[0]


def _column(values: Sequence[str | None] | None, n: int, name: str) -> Sequence[str | None]:
    if values is None:
        return [None] * n
    if len(values) != n:
        raise ValidationError(f"{name} has {len(values)} items for {n} texts", field=name)
    return values


def classify_many(
    texts: Sequence[str],
    *,
    channels: Sequence[str | None] | None = None,
    source_categories: Sequence[str | None] | None = None,
    sources: Sequence[str | None] | None = None,
    model: Model | None = None,
    model_path: Path | None = None,
) -> list[Classification]:
    """Classify a batch; results are in input order. Vectorised: use for bulk imports.

    ``channels``, ``source_categories`` and ``sources`` are optional and, when given,
    parallel to ``texts``. ``None`` texts are treated as empty.
    """
    n = len(texts)
    channels = _column(channels, n, "channels")
    categories = _column(source_categories, n, "source_categories")
    srcs = _column(sources, n, "sources")
    mdl = model or load_model(model_path)
    # The answer is a function of (normalised text, channel, category, source): one
    # script pasted into many complaints with other numbers in it is worked once.
    keys = [
        (normalize(t or ""), c, k, s)
        for t, c, k, s in zip(texts, channels, categories, srcs, strict=True)
    ]
    distinct = list(dict.fromkeys(keys))
    vectorised = n >= rules.SMALL_BATCH
    found: list[Classification] = []
    for start in range(0, len(distinct), DISTINCT_BATCH):
        part = distinct[start : start + DISTINCT_BATCH]
        found.extend(_classify_distinct(part, mdl, vectorised=vectorised))
    if len(distinct) == n:
        return found
    by_key = dict(zip(distinct, found, strict=True))
    # Each row its own tags: a caller may change one row's without touching the others.
    return [replace(c, tags=dict(c.tags)) for c in (by_key[k] for k in keys)]


def _classify_distinct(
    rows: Sequence[tuple[str, str | None, str | None, str | None]],
    mdl: Model,
    *,
    vectorised: bool,
) -> list[Classification]:
    """:func:`classify_many` on distinct (normalised text, channel, category, source)."""
    n = len(rows)
    norms = [r[0] for r in rows]
    channels = [r[1] for r in rows]
    categories = [r[2] for r in rows]
    srcs = [r[3] for r in rows]
    cat_labels = [
        label_from_source_category(s or "", c) if c else None
        for s, c in zip(srcs, categories, strict=True)
    ]
    matches = rules.match_matrix(norms, vectorised=vectorised)
    batch = featurize(norms)
    logits = mdl.linear(batch) + mdl.beta * rules.votes(matches)
    for i, lab in enumerate(cat_labels):
        if lab is not None:
            logits[i, LABEL_INDEX[lab]] += CATEGORY_PRIOR
        if srcs[i] in FRAUD_PORTALS:
            logits[i, LABEL_INDEX["not_fraud"]] -= PORTAL_NOT_FRAUD_PENALTY
    probs = softmax(logits, mdl.temperature)
    top = probs.argmax(axis=1)
    phrases = _phrases(mdl, batch, norms, top)
    all_tags = tags_many(norms, channels, srcs)
    out: list[Classification] = []
    for i in range(n):
        tags = all_tags[i]
        if not word_tokens(norms[i]):
            out.append(_without_text(cat_labels[i], categories[i], srcs[i], tags, mdl))
            continue
        j = int(top[i])
        conf = float(probs[i, j])
        evidence = _evidence(matches[i], j, phrases[i])
        if cat_labels[i] == LABELS[j]:
            evidence = (f"category:{categories[i]}", *evidence)[:MAX_EVIDENCE]
        out.append(Classification(LABELS[j], conf, evidence, tags, conf < mdl.review_threshold))
    return out


def _without_text(
    cat_label: str | None,
    category: str | None,
    source: str | None,
    tags: Mapping[str, object],
    mdl: Model,
) -> Classification:
    if cat_label is not None:
        conf = CATEGORY_ONLY_CONFIDENCE
        return Classification(
            cat_label, conf, (f"category:{category}",), tags, conf < mdl.review_threshold
        )
    if source == "ftc_dnc":
        label = "telemarketing"
    elif source in _COMPLAINT_SOURCES:
        label = "other_fraud"
    else:
        label = "not_fraud"
    return Classification(label, NO_TEXT_CONFIDENCE, ("no_text",), tags, True)


# Words too common to explain anything to an analyst (Hinglish and Hindi included).
_STOP_WORDS = (
    "a an the to of in on for is are was be been has have had i me my you your we our us it "
    "this that and or at by from with as if do not no so please dear hi hello hey am will can "
    "ka ki ke hai hain ho se me mein ko aap aapka aapke par pe "
    "का की के है हैं हो से में को आप आपका आपके पर और मैं"
)
_STOP = frozenset(_STOP_WORDS.split(" "))


def _informative(feature: str) -> bool:
    words = feature.split()
    if all(w in _STOP or w.strip("0") == "" for w in words):
        return False
    return len(feature) >= 3


def _phrases(mdl: Model, batch: Batch, norms: Sequence[str], top: np.ndarray) -> list[list[str]]:
    """Per text, the words/bigrams that pushed its predicted label most, best first.

    A feature's push is its weight for the label minus its mean weight for the other
    labels: what makes *this* label win. Computed for the whole batch at once.
    """
    out: list[list[str]] = [[] for _ in range(batch.n)]
    hit, w = mdl.rows_of(batch.word_buckets)
    if hit.size == 0:
        return out
    rows = batch.word_rows[hit]
    lab = top[rows]
    own = w[np.arange(hit.size), lab]
    score = own - (w.sum(axis=1) - own) / (w.shape[1] - 1)
    keep = score > 0
    hit, rows, score = hit[keep], rows[keep], score[keep]
    order = np.lexsort((-score, rows))
    bounds = np.searchsorted(rows[order], np.arange(batch.n + 1))
    spans = batch.word_spans
    for i in range(batch.n):
        chosen = out[i]
        for k in order[bounds[i] : bounds[i + 1]]:
            start, end = spans[hit[k]]
            phrase = norms[i][start:end]
            if phrase not in chosen and _informative(phrase):
                chosen.append(phrase)
                if len(chosen) >= MAX_EVIDENCE:
                    break
    return out


_RULE_LABELS = np.array([LABEL_INDEX[r.label] for r in rules.RULES])
_RULE_POSITIVE = np.array([r.weight > 0 for r in rules.RULES])


def _evidence(match_row: np.ndarray, label: int, phrases: list[str]) -> tuple[str, ...]:
    """Rules that voted for the label, then the phrases that pushed it most."""
    fired = np.flatnonzero(match_row & _RULE_POSITIVE & (label == _RULE_LABELS))
    ev = [f"rule:{rules.RULES[j].name}" for j in fired]
    ev.extend(f"phrase:{p}" for p in phrases)
    return tuple(ev[:MAX_EVIDENCE])
