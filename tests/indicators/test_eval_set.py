"""The annotated evaluation set: well-formed, and the extractor meets its bar on it."""

from __future__ import annotations

import json

import pytest

from crossline.indicators import CRYPTO_KINDS, KINDS
from crossline.indicators.evaluate import evaluate, parse_cases

from .support import EVAL_FILE

HEADLINE = ("phone", "url", "domain", "email")


@pytest.fixture(scope="module")
def report():  # type: ignore[no-untyped-def]
    with EVAL_FILE.open(encoding="utf-8") as fh:
        return evaluate(parse_cases(fh))


def test_eval_set_is_well_formed() -> None:
    lines = EVAL_FILE.read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 300
    kinds = set()
    for number, line in enumerate(lines, start=1):
        obj = json.loads(line)
        assert set(obj) == {"text", "region", "source", "indicators"}, number
        for item in obj["indicators"]:
            kinds.add(item["kind"])
            assert item["kind"] in KINDS
            if item["start"] >= 0 and item["kind"] != "card":
                assert obj["text"][item["start"] : item["end"]], number
    wanted = {"phone", "url", "domain", "email", "upi", "bank_account", "ifsc", "iban", "card"}
    assert wanted <= kinds
    assert kinds & set(CRYPTO_KINDS)


@pytest.mark.parametrize("kind", HEADLINE)
def test_headline_kinds_meet_the_bar(report, kind: str) -> None:  # type: ignore[no-untyped-def]
    score = report.scores[kind]
    assert score.precision >= 0.97, (kind, score)
    assert score.recall >= 0.95, (kind, score)


def test_crypto_meets_the_bar(report) -> None:  # type: ignore[no-untyped-def]
    score = report.total(CRYPTO_KINDS)
    assert score.precision >= 0.97 and score.recall >= 0.95, score
