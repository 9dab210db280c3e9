"""Scam-type classification: which scheme a report runs, how sure, and why.

::

    from crossline.classify import classify, classify_many, Classification, LABELS, load_model

    result = classify("aapka KYC update nahi hua to account band ho jayega")
    result.label, result.confidence, result.evidence, result.tags, result.needs_review

Labels are the fourteen of ``TAXONOMY.md`` (:data:`LABELS`); partner vocabularies are
in :mod:`crossline.classify.taxonomy`, campaign labels in
:mod:`crossline.classify.campaign`.
"""

from crossline.classify.classifier import Classification, classify, classify_many
from crossline.classify.model import load_model
from crossline.classify.taxonomy import LABELS

__all__ = ["LABELS", "Classification", "classify", "classify_many", "load_model"]
