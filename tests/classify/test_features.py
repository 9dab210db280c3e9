"""Normalisation and hashed features."""

from __future__ import annotations

import numpy as np
import pytest

from crossline.classify.features import N_BUCKETS, featurize, normalize, word_tokens


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Press 1 NOW", "press 0 now"),
        ("  a\n\tb  ", "a b"),
        ("Call XXXXXXXXXX today", "call 0000000000 today"),
        ("₹५०० भेजें", "₹000 भेजें"),
        ("ＫＹＣ update", "kyc update"),
        ("", ""),
    ],
    ids=["digits", "spaces", "masked", "devanagari-digits", "fullwidth", "empty"],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_devanagari_words_keep_their_vowel_signs() -> None:
    assert word_tokens(normalize("खाता बंद हो जाएगा")) == ["खाता", "बंद", "हो", "जाएगा"]


def _row(batch, i: int) -> dict[int, float]:  # noqa: ANN001
    out: dict[int, float] = {}
    for r, b, v in zip(batch.rows, batch.buckets, batch.values, strict=True):
        if r == i:
            out[int(b)] = out.get(int(b), 0.0) + float(v)
    return out


def test_features_do_not_depend_on_the_batch() -> None:
    texts = [normalize(t) for t in ("your kyc is pending", "", "press 0 to speak", "नमस्ते")]
    alone = featurize([texts[2]])
    together = featurize(texts)
    assert _row(alone, 0) == pytest.approx(_row(together, 2))
    assert _row(together, 1) == {}


def test_features_are_in_range_and_normalised() -> None:
    batch = featurize([normalize("Your SSN has been suspended")])
    assert batch.buckets.min() >= 0 and batch.buckets.max() < N_BUCKETS
    # each occurrence weighs 1/sqrt(n): squared weights sum to 1 per text
    assert float(np.sum(batch.values.astype(np.float64) ** 2)) == pytest.approx(1.0, rel=1e-5)


def test_features_are_deterministic() -> None:
    a = featurize([normalize("aapka account band ho jayega")])
    b = featurize([normalize("aapka account band ho jayega")])
    assert np.array_equal(a.buckets, b.buckets)
