"""The shipped classifier artefact and its numpy inference.

The artefact (``classify/model.npz``) holds a multinomial logistic regression over
the hashed features of :mod:`crossline.classify.features`, stored sparsely: the
sorted list of buckets that carry weight and one row of int8-quantised weights per
bucket (a per-label scale restores float32). Next to it: the bias, the factor
``beta`` by which rule votes are added to the model's logits, the calibration
temperature, and the review threshold. Loading is a single ``np.load`` (well under
a second); inference is a gather and fourteen ``bincount`` calls per batch.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

from crossline.classify.features import Batch, featurize
from crossline.classify.taxonomy import LABELS
from crossline.errors import ModelError

DEFAULT_PATH = Path(__file__).with_name("model.npz")
FORMAT = "crossline-classify/1"


@dataclass(frozen=True, slots=True, eq=False)
class Model:
    """Trained weights plus the calibration fitted on held-out data."""

    buckets: np.ndarray  # int64, sorted: hashed feature buckets that carry weight
    weights: np.ndarray  # float32 (len(buckets), n_labels)
    bias: np.ndarray  # float32 (n_labels,)
    beta: float  # weight of rule votes added to the logits
    temperature: float  # softmax temperature (calibration)
    review_threshold: float  # below this confidence a result needs review
    meta: dict[str, object] = field(default_factory=dict)

    def linear(self, batch: Batch) -> np.ndarray:
        """Model logits (n, n_labels) of a featurised batch, before rules and calibration."""
        n_labels = self.weights.shape[1]
        out = np.tile(self.bias, (batch.n, 1)).astype(np.float32)
        if batch.buckets.size == 0 or self.buckets.size == 0:
            return out
        idx = np.searchsorted(self.buckets, batch.buckets)
        idx[idx >= self.buckets.size] = 0
        hit = self.buckets[idx] == batch.buckets
        rows = batch.rows[hit]
        contrib = self.weights[idx[hit]] * batch.values[hit, None]
        for j in range(n_labels):
            out[:, j] += np.bincount(rows, weights=contrib[:, j], minlength=batch.n)
        return out

    def logits(self, norm_texts: list[str]) -> np.ndarray:
        """Model logits of normalised texts."""
        return self.linear(featurize(norm_texts))

    def weight_of(self, bucket: int) -> np.ndarray | None:
        """The weight row of one bucket, or ``None`` when the bucket carries no weight."""
        i = int(np.searchsorted(self.buckets, bucket))
        if i < self.buckets.size and self.buckets[i] == bucket:
            return self.weights[i]
        return None


def save_model(model: Model, path: Path) -> None:
    """Write the artefact: int8 weights with per-label scales, compressed, deterministic."""
    scale = np.abs(model.weights).max(axis=0) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.rint(model.weights / scale), -127, 127).astype(np.int8)
    meta = dict(model.meta, format=FORMAT, labels=list(LABELS))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        np.savez_compressed(
            fh,
            buckets=model.buckets.astype(np.int32),
            weights_q=q,
            scale=scale.astype(np.float32),
            bias=model.bias.astype(np.float32),
            calib=np.array([model.beta, model.temperature, model.review_threshold], np.float64),
            meta=np.frombuffer(json.dumps(meta, sort_keys=True).encode(), dtype=np.uint8),
        )


def read_model(path: Path) -> Model:
    """Load an artefact from ``path``; :class:`ModelError` if missing, foreign or corrupt."""
    try:
        with np.load(path, allow_pickle=False) as z:
            meta = json.loads(bytes(z["meta"]).decode())
            if meta.get("format") != FORMAT or meta.get("labels") != list(LABELS):
                raise ModelError(
                    f"{path} is not a {FORMAT} model for the current label set", path=str(path)
                )
            weights = z["weights_q"].astype(np.float32) * z["scale"][None, :]
            beta, temperature, threshold = (float(x) for x in z["calib"])
            return Model(
                buckets=z["buckets"].astype(np.int64),
                weights=weights,
                bias=z["bias"].astype(np.float32),
                beta=beta,
                temperature=temperature,
                review_threshold=threshold,
                meta=meta,
            )
    except ModelError:
        raise
    except FileNotFoundError as exc:
        raise ModelError(
            f"classifier model not found at {path}; run `crossline classify train`",
            path=str(path),
        ) from exc
    except (OSError, ValueError, KeyError, json.JSONDecodeError) as exc:
        raise ModelError(f"classifier model at {path} cannot be read: {exc}", path=str(path)) from exc


@cache
def _cached(path: str) -> Model:
    return read_model(Path(path))


def load_model(path: str | Path | None = None) -> Model:
    """The model at ``path`` (default: the one shipped with the package), loaded once."""
    return _cached(str(Path(path) if path else DEFAULT_PATH))


def clear_cache() -> None:
    """Forget loaded models (after ``classify train`` writes a new one)."""
    _cached.cache_clear()
