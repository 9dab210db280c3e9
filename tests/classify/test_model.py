"""The shipped artefact: loads, round-trips, fails clearly."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest

from crossline.classify.model import DEFAULT_PATH, Model, load_model, read_model, save_model
from crossline.classify.taxonomy import LABELS
from crossline.errors import ModelError


def test_shipped_model_is_small_and_loads() -> None:
    assert DEFAULT_PATH.stat().st_size < 5_000_000
    m = load_model()
    assert m.weights.shape == (m.buckets.size, len(LABELS))
    assert np.all(np.diff(m.buckets) > 0)
    assert 0.0 < m.review_threshold < 1.0 and m.temperature > 0


def _tiny() -> Model:
    rng = np.random.default_rng(0)
    return Model(
        np.array([3, 10, 99]),
        rng.normal(size=(3, len(LABELS))).astype(np.float32),
        np.zeros(len(LABELS), np.float32),
        1.25,
        0.8,
        0.5,
        {"seed": 1},
    )


def test_round_trip_is_close_and_byte_identical(tmp_path: Path) -> None:
    a, b = tmp_path / "a.npz", tmp_path / "b.npz"
    save_model(_tiny(), a)
    save_model(_tiny(), b)
    assert a.read_bytes() == b.read_bytes()
    back = read_model(a)
    assert np.array_equal(back.buckets, [3, 10, 99])
    assert np.allclose(back.weights, _tiny().weights, atol=np.abs(_tiny().weights).max() / 100)
    assert (back.beta, back.temperature, back.review_threshold) == (1.25, 0.8, 0.5)


@pytest.mark.parametrize("kind", ["missing", "garbage", "foreign"], ids=str)
def test_bad_artefact_raises_model_error(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "m.npz"
    if kind == "garbage":
        path.write_bytes(b"not a zip")
    elif kind == "foreign":
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("x.npy", b"")
    with pytest.raises(ModelError) as err:
        read_model(path)
    assert str(path) in err.value.message and err.value.code == "model"


def test_unknown_buckets_contribute_nothing() -> None:
    from crossline.classify.features import Batch

    m = _tiny()
    none = np.zeros(0, np.int64)
    batch = Batch(
        2,
        np.array([0, 1, 1]),
        np.array([10, 5, 99]),
        np.ones(3, np.float32),
        none,
        none,
        np.zeros((0, 2), np.int64),
    )
    out = m.linear(batch)
    assert np.allclose(out[0], m.weights[1])
    assert np.allclose(out[1], m.weights[2])
