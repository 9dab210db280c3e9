"""Evaluation: read a labelled CSV, score predictions, format a report.

The CSV needs ``text`` and ``label`` columns (others are ignored). Scores are the
ones the issue asks for: per-label precision / recall / F1 with support, macro-F1
over labels present in the gold data (and over labels with at least
``min_support`` examples), fraud-vs-``not_fraud`` accuracy, and a confusion matrix
(rows = gold, columns = predicted).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from crossline.classify.taxonomy import LABEL_INDEX, LABELS, NOT_FRAUD
from crossline.errors import UnreadableFileError, ValidationError


@dataclass(frozen=True, slots=True)
class LabelScore:
    label: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True, slots=True)
class Report:
    """Scores of predictions against gold labels."""

    per_label: tuple[LabelScore, ...]
    macro_f1: float  # over labels with gold support >= 1
    macro_f1_min_support: float  # over labels with gold support >= min_support
    min_support: int
    accuracy: float
    fraud_accuracy: float  # fraud vs not_fraud, whatever the fraud label
    confusion: np.ndarray  # (n_labels, n_labels), rows gold, columns predicted
    n: int


def read_labelled_csv(path: Path) -> tuple[list[str], list[str]]:
    """(texts, labels) of a ``text,label`` CSV; errors name the row and what was expected."""
    try:
        fh = path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise UnreadableFileError(f"cannot open {path}: {exc}", path=str(path)) from exc
    texts: list[str] = []
    labels: list[str] = []
    with fh:
        try:
            reader = csv.DictReader(fh)
            missing = {"text", "label"} - set(reader.fieldnames or ())
            if missing:
                raise ValidationError(
                    f"{path}: header must have columns text,label "
                    f"(missing {', '.join(sorted(missing))})",
                    path=str(path),
                )
            for row in reader:
                label = (row.get("label") or "").strip()
                if label not in LABEL_INDEX:
                    raise ValidationError(
                        f"{path} line {reader.line_num}: label {label!r} is not one of "
                        f"{', '.join(LABELS)}",
                        path=str(path),
                        line=reader.line_num,
                        field="label",
                    )
                texts.append(row.get("text") or "")
                labels.append(label)
        except UnicodeDecodeError as exc:
            raise UnreadableFileError(f"{path} is not UTF-8 text: {exc}", path=str(path)) from exc
        except csv.Error as exc:
            raise ValidationError(f"{path}: malformed CSV: {exc}", path=str(path)) from exc
    if not texts:
        raise ValidationError(f"{path} has no labelled rows", path=str(path))
    return texts, labels


def score(gold: Sequence[str], pred: Sequence[str], *, min_support: int = 10) -> Report:
    """Per-label and overall scores of ``pred`` against ``gold``."""
    if len(gold) != len(pred):
        raise ValidationError(f"{len(gold)} gold labels but {len(pred)} predictions")
    k = len(LABELS)
    cm = np.zeros((k, k), dtype=np.int64)
    for g, p in zip(gold, pred, strict=True):
        cm[LABEL_INDEX[g], LABEL_INDEX[p]] += 1
    per: list[LabelScore] = []
    for i, label in enumerate(LABELS):
        tp = cm[i, i]
        support = int(cm[i].sum())
        predicted = int(cm[:, i].sum())
        precision = tp / predicted if predicted else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per.append(LabelScore(label, float(precision), float(recall), float(f1), support))
    present = [s.f1 for s in per if s.support > 0]
    big = [s.f1 for s in per if s.support >= min_support]
    n = len(gold)
    fraud_ok = sum((g == NOT_FRAUD) == (p == NOT_FRAUD) for g, p in zip(gold, pred, strict=True))
    return Report(
        per_label=tuple(per),
        macro_f1=float(np.mean(present)) if present else 0.0,
        macro_f1_min_support=float(np.mean(big)) if big else 0.0,
        min_support=min_support,
        accuracy=float(np.trace(cm) / n) if n else 0.0,
        fraud_accuracy=fraud_ok / n if n else 0.0,
        confusion=cm,
        n=n,
    )


_SHORT = {
    "government_impersonation": "gov",
    "tech_support": "tech",
    "business_impersonation": "biz",
    "account_phishing": "acct",
    "investment_crypto": "inv",
    "job_task": "job",
    "romance_sextortion": "rom",
    "family_emergency": "fam",
    "prize_lottery": "prize",
    "loan_debt_relief": "loan",
    "delivery_shopping": "deliv",
    "telemarketing": "tele",
    "other_fraud": "other",
    "not_fraud": "NOT",
}


def format_report(report: Report) -> str:
    """Plain-text report: per-label table, summary lines, confusion matrix."""
    lines = [f"{'label':<26}{'precision':>10}{'recall':>8}{'f1':>8}{'support':>9}"]
    for s in report.per_label:
        if s.support or report.confusion[:, LABEL_INDEX[s.label]].sum():
            lines.append(
                f"{s.label:<26}{s.precision:>10.3f}{s.recall:>8.3f}{s.f1:>8.3f}{s.support:>9}"
            )
    lines += [
        "",
        f"examples                     {report.n}",
        f"accuracy                     {report.accuracy:.3f}",
        f"macro-F1 (labels present)    {report.macro_f1:.3f}",
        f"macro-F1 (support >= {report.min_support:<3})    {report.macro_f1_min_support:.3f}",
        f"fraud vs not_fraud accuracy  {report.fraud_accuracy:.3f}",
        "",
        "confusion matrix (rows gold, columns predicted)",
    ]
    used = [
        i for i in range(len(LABELS)) if report.confusion[i].sum() or report.confusion[:, i].sum()
    ]
    lines.append(f"{'':>7}" + "".join(f"{_SHORT[LABELS[i]]:>7}" for i in used))
    for i in used:
        lines.append(
            f"{_SHORT[LABELS[i]]:>7}" + "".join(f"{report.confusion[i, j]:>7}" for j in used)
        )
    return "\n".join(lines)
