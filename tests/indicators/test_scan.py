"""The candidate scan: Python and Polars find the same candidates at the same offsets."""

from __future__ import annotations

import re

import pytest

from crossline.indicators.scan import MAIN, SPOKEN, fold, locate, rust_syntax, scan_batch, scan_one

TEXTS = [
    "",
    "no candidates here at all",
    "call 833-304-1447 or 833-304-1447 again, hxxps://evil[.]com/x",
    "a1234567890 1234567890 and 1234567890",  # same match string twice: offsets must differ
    "eight three three three zero four one four four seven then 12/05/2023",
    "1111111111111111111114oLvT2 and 1BoatSLRHtKNngkdXEeobR76b53LETtpyT.",
    "someone two three four five six seven eight",  # a number word inside a word
    "फ़ोन ९८७६५ ४३२१० and ＋９１ ９８７６５ ４３２１０",
    "x@y.com john@okaxis GB82 WEST 1234 5698 7654 32 SWIFT: HDFCINBBXXX 0x" + "ab" * 20,
]


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_batch_scan_equals_single_scan(text: str) -> None:
    folded = fold(text)
    assert scan_batch([folded, folded]) == [scan_one(folded)] * 2
    for start, end, token, _ in scan_one(folded):
        assert folded[start:end] == token


def test_fold_keeps_offsets() -> None:
    text = "फ़ोन ९८७६५ ४३२१० ＠ＡＢＣ\u00a0–"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded.endswith("98765 43210 @ABC -")


def test_locate_finds_repeated_matches_in_order() -> None:
    text = "aa 12345678 bb 12345678"
    assert locate(text, ["12345678", "12345678"]) == [(3, "12345678"), (15, "12345678")]


@pytest.mark.parametrize("pattern", [MAIN, SPOKEN], ids=["main", "spoken"])
def test_patterns_are_context_free(pattern: str) -> None:
    # locate() relies on this: no anchors but SPOKEN's leading "^", no look-around, no \b
    outside_classes = re.sub(r"\[(?:\\.|[^\\\]])*\]", "", pattern)
    assert not re.search(r"\\b|\(\?[=!<]|\$", outside_classes)
    assert rust_syntax(pattern).count("(?i-u:") == pattern.count("(?i:")


def test_scan_batch_threads_agree() -> None:
    texts = [fold(t) for t in TEXTS * 50]
    assert scan_batch(texts, threads=1) == scan_batch(texts, threads=2)
