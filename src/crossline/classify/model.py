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

import io
import json
import zipfile
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

import numpy as np
from scipy import sparse

from crossline.classify.features import N_BUCKETS, Batch, featurize
from crossline.classify.taxonomy import LABELS
from crossline.errors import ModelError

DEFAULT_PATH = Path(__file__).with_name("model.npz")
FORMAT = "crossline-classify/1"


@dataclass(frozen=True, eq=False)
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
        out = np.broadcast_to(self.bias, (batch.n, self.bias.size)).astype(np.float32)
        if batch.buckets.size == 0 or self.buckets.size == 0:
            return out
        idx = self.index[batch.buckets]
        hit = np.flatnonzero(idx >= 0)
        rows = batch.rows[hit]
        # rows come in a few sorted runs (one per n-gram order): a stable sort merges them
        # cheaply, and CSR accepts repeated columns, which the product simply sums
        order = np.argsort(rows, kind="stable")
        indptr = np.zeros(batch.n + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=batch.n), out=indptr[1:])
        x = sparse.csr_matrix(
            (batch.values[hit][order], idx[hit][order], indptr),
            shape=(batch.n, self.buckets.size),
        )
        return out + np.asarray(x @ self.weights, dtype=np.float32)

    def logits(self, norm_texts: list[str]) -> np.ndarray:
        """Model logits of normalised texts."""
        return self.linear(featurize(norm_texts))

    def rows_of(self, buckets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(positions in ``buckets`` that carry weight, their weight rows)."""
        idx = self.index[buckets]
        hit = np.flatnonzero(idx >= 0)
        return hit, self.weights[idx[hit]]

    @cached_property
    def index(self) -> np.ndarray:
        """Dense bucket -> weight-row table (-1: no weight); 8 MB, built once per model."""
        table = np.full(N_BUCKETS, -1, dtype=np.int32)
        table[self.buckets] = np.arange(self.buckets.size, dtype=np.int32)
        return table


def save_model(model: Model, path: Path) -> None:
    """Write the artefact: int8 weights with per-label scales, compressed, deterministic."""
    scale = np.abs(model.weights).max(axis=0) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.rint(model.weights / scale), -127, 127).astype(np.int8)
    meta = dict(model.meta, format=FORMAT, labels=list(LABELS))
    arrays = {
        "buckets": model.buckets.astype(np.int32),
        "weights_q": q,
        "scale": scale.astype(np.float32),
        "bias": model.bias.astype(np.float32),
        "calib": np.array([model.beta, model.temperature, model.review_threshold], np.float64),
        "meta": np.frombuffer(json.dumps(meta, sort_keys=True).encode(), dtype=np.uint8),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    # np.savez stamps members with the current time; a fixed stamp keeps builds identical.
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, arr in arrays.items():
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.ascontiguousarray(arr), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, buf.getvalue(), compresslevel=9)


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
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise ModelError(
            f"classifier model at {path} cannot be read: {exc}", path=str(path)
        ) from exc


@cache
def _cached(path: str) -> Model:
    return read_model(Path(path))


def load_model(path: str | Path | None = None) -> Model:
    """The model at ``path`` (default: the one shipped with the package), loaded once."""
    return _cached(str(Path(path) if path else DEFAULT_PATH))


def clear_cache() -> None:
    """Forget loaded models (after ``classify train`` writes a new one)."""
    _cached.cache_clear()
