"""A campaign's label, from the labels of its reports.

A campaign (reports joined by shared phone numbers, handles, scripts) usually runs
one scheme, but its reports disagree: a number-only complaint reads as
``telemarketing``, a hasty victim picks the wrong category, the classifier is unsure
of a garbled transcript. So the campaign label is a confidence-weighted vote:

* each report votes for its label with its confidence; reports under
  :data:`MIN_CONFIDENCE` (those marked for review) vote with a tenth of it, so that
  confident reports decide but a campaign of unsure reports still gets a label;
* ``not_fraud`` wins only with a two-thirds majority of the weight: a campaign is a
  group of complaints, and one confident scam report among ordinary messages is
  what an analyst must see;
* ties go to the label with more reports, then to the order of :data:`LABELS`.

The distribution (reports per label) is returned with the label, so the analyst
sees how mixed the campaign is.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from crossline.classify.taxonomy import LABEL_INDEX, LABELS, NOT_FRAUD
from crossline.errors import ValidationError

MIN_CONFIDENCE = 0.5
LOW_CONFIDENCE_FACTOR = 0.1
NOT_FRAUD_MAJORITY = 2 / 3


def campaign_label(labels: Sequence[tuple[str, float]]) -> tuple[str | None, dict[str, int]]:
    """(label, {label: report count}) of a campaign from its reports' (label, confidence).

    Returns ``(None, {})`` for a campaign without reports. Raises
    :class:`~crossline.errors.ValidationError` for an unknown label or a confidence
    outside [0, 1].
    """
    counts: Counter[str] = Counter()
    weight: defaultdict[str, float] = defaultdict(float)
    for i, (label, confidence) in enumerate(labels):
        if label not in LABEL_INDEX:
            raise ValidationError(f"report {i}: unknown label {label!r}", field="label")
        if not 0.0 <= confidence <= 1.0:
            raise ValidationError(
                f"report {i}: confidence {confidence!r} is not in [0, 1]", field="confidence"
            )
        counts[label] += 1
        factor = 1.0 if confidence >= MIN_CONFIDENCE else LOW_CONFIDENCE_FACTOR
        weight[label] += confidence * factor
    if not counts:
        return None, {}
    distribution = {lab: counts[lab] for lab in LABELS if counts[lab]}
    total = sum(weight.values())
    fraud = {lab: w for lab, w in weight.items() if lab != NOT_FRAUD}
    if not fraud or (total > 0 and weight.get(NOT_FRAUD, 0.0) / total >= NOT_FRAUD_MAJORITY):
        return NOT_FRAUD, distribution
    best = max(fraud, key=lambda lab: (fraud[lab], counts[lab], -LABEL_INDEX[lab]))
    return best, distribution
