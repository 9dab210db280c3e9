"""Scores and the labelled-CSV reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossline.classify.evaluate import format_report, read_labelled_csv, score
from crossline.errors import ValidationError


def test_scores_by_hand() -> None:
    gold = ["tech_support", "tech_support", "not_fraud", "job_task"]
    pred = ["tech_support", "not_fraud", "not_fraud", "tech_support"]
    r = score(gold, pred, min_support=2)
    tech = next(s for s in r.per_label if s.label == "tech_support")
    assert (tech.precision, tech.recall, tech.support) == (0.5, 0.5, 2)
    nf = next(s for s in r.per_label if s.label == "not_fraud")
    assert nf.precision == 0.5 and nf.recall == 1.0
    assert r.accuracy == 0.5
    assert r.fraud_accuracy == 0.75  # only the tech call read as not_fraud is wrong
    assert r.macro_f1 == pytest.approx((0.5 + 2 / 3 + 0.0) / 3)
    assert r.macro_f1_min_support == pytest.approx(0.5)  # only tech_support has 2
    assert r.confusion.sum() == 4
    text = format_report(r)
    assert "macro-F1" in text and "tech" in text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("text,kind\nhello,x\n", "missing label"),
        ("text,label\nhello,not_fraud\nbye,spam\n", "line 3: label 'spam'"),
        ("text,label\n", "no labelled rows"),
    ],
    ids=["header", "bad-label", "empty"],
)
def test_csv_errors_name_the_problem(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "x.csv"
    path.write_text(content)
    with pytest.raises(ValidationError, match=message):
        read_labelled_csv(path)


def test_csv_reads_quoted_multiline_text(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text('text,label,extra\n"line one\nline two",not_fraud,1\n')
    assert read_labelled_csv(path) == (["line one\nline two"], ["not_fraud"])
