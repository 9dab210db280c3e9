"""Classify texts: model + rules + source category -> label, confidence, evidence, tags.

Scores combine three things, in logit space:

* the trained model's logits over hashed n-grams;
* ``beta`` x the rules' votes (``beta`` fitted on held-out data, see
  :mod:`~crossline.classify.calibrate`);
* when the source gave a category that maps to a label (FTC subject, NCRP
  sub-category ...), :data:`CATEGORY_PRIOR` towards that label: the victim's own
  choice is informative but chosen in haste, so the text can overrule it.

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
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from crossline.classify import rules
from crossline.classify.calibrate import softmax
from crossline.classify.features import normalize, word_bucket, word_features, word_tokens
from crossline.classify.model import Model, load_model
from crossline.classify.tags import tags_for
from crossline.classify.taxonomy import LABEL_INDEX, LABELS, label_from_source_category
from crossline.errors import ValidationError

CATEGORY_PRIOR = 1.5
CATEGORY_ONLY_CONFIDENCE = 0.6
NO_TEXT_CONFIDENCE = 0.2
MAX_EVIDENCE = 5
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
    norms = [normalize(t or "") for t in texts]
    cat_labels = [
        label_from_source_category(s or "", c) if c else None
        for s, c in zip(srcs, categories, strict=True)
    ]
    matches = rules.match_matrix(norms)
    logits = mdl.logits(norms) + mdl.beta * rules.votes(matches)
    for i, lab in enumerate(cat_labels):
        if lab is not None:
            logits[i, LABEL_INDEX[lab]] += CATEGORY_PRIOR
    probs = softmax(logits, mdl.temperature)
    top = probs.argmax(axis=1)
    out: list[Classification] = []
    for i in range(n):
        tags = tags_for(norms[i], channel=channels[i], source=srcs[i])
        if not word_tokens(norms[i]):
            out.append(_without_text(cat_labels[i], categories[i], srcs[i], tags, mdl))
            continue
        j = int(top[i])
        conf = float(probs[i, j])
        evidence = _evidence(mdl, norms[i], matches[i], j)
        if cat_labels[i] == LABELS[j]:
            evidence = (f"category:{categories[i]}", *evidence)[:MAX_EVIDENCE]
        out.append(Classification(LABELS[j], conf, evidence, tags,
                                  conf < mdl.review_threshold))
    return out


def _without_text(cat_label: str | None, category: str | None, source: str | None,
                  tags: Mapping[str, object], mdl: Model) -> Classification:
    if cat_label is not None:
        conf = CATEGORY_ONLY_CONFIDENCE
        return Classification(cat_label, conf, (f"category:{category}",), tags,
                              conf < mdl.review_threshold)
    if source == "ftc_dnc":
        label = "telemarketing"
    elif source in _COMPLAINT_SOURCES:
        label = "other_fraud"
    else:
        label = "not_fraud"
    return Classification(label, NO_TEXT_CONFIDENCE, ("no_text",), tags, True)


# Words too common to explain anything to an analyst (Hinglish and Hindi included).
_STOP = frozenset(
    "a an the to of in on for is are was be been has have had i me my you your we our us it "
    "this that and or at by from with as if do not no so please dear hi hello hey am will can "
    "ka ki ke hai hain ho se me mein ko aap aapka aapke par pe "
    "का की के है हैं हो से में को आप आपका आपके पर और मैं".split()
)


def _informative(feature: str) -> bool:
    words = feature.split()
    if all(w in _STOP or w.strip("0") == "" for w in words):
        return False
    return len(feature) >= 3


def _evidence(mdl: Model, norm: str, match_row: np.ndarray, label: int) -> tuple[str, ...]:
    """Rules that voted for the label, then the words/phrases that pushed it most."""
    ev: list[str] = [
        f"rule:{rule.name}" for rule, _ in rules.fired(norm, match_row)
        if LABEL_INDEX[rule.label] == label
    ]
    feats = list(dict.fromkeys(word_features(word_tokens(norm))))
    if feats:
        buckets = np.fromiter((word_bucket(f) for f in feats), dtype=np.int64, count=len(feats))
        idx = np.searchsorted(mdl.buckets, buckets)
        idx[idx >= mdl.buckets.size] = 0
        hit = np.flatnonzero(mdl.buckets[idx] == buckets) if mdl.buckets.size else idx[:0]
        w = mdl.weights[idx[hit]]
        # margin over the mean of the other labels: what makes *this* label win
        score = w[:, label] - (w.sum(axis=1) - w[:, label]) / (w.shape[1] - 1)
        order = np.argsort(-score, kind="stable")
        best = [
            (float(score[k]), feats[int(hit[k])])
            for k in order
            if score[k] > 0 and _informative(feats[int(hit[k])])
        ]
    else:
        best = []
    ev.extend(f"phrase:{f}" for _, f in best[: max(0, MAX_EVIDENCE - len(ev))])
    return tuple(ev[:MAX_EVIDENCE])
