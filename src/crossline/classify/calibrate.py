"""Calibration on held-out data: how much to trust the rules, and temperature scaling.

Both are fitted on the *dev* split and only on examples whose label did not come
from the rules (source tags, "ham", synthetic templates): fitting the rules' weight
on labels the rules produced would only teach that the rules agree with themselves.

* ``beta`` scales the rule votes added to the model's logits; chosen on a grid by
  dev log-loss.
* the temperature ``T`` divides the combined logits so that the top probability
  matches observed accuracy (Guo et al., "On Calibration of Modern Neural
  Networks", 2017); fitted by minimising dev log-loss.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize_scalar


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """Row-wise softmax of ``logits / temperature``."""
    z = logits / temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def log_loss(logits: np.ndarray, y: np.ndarray, temperature: float = 1.0) -> float:
    """Mean negative log-likelihood of integer labels ``y``."""
    p = softmax(logits, temperature)
    return float(-np.mean(np.log(np.clip(p[np.arange(len(y)), y], 1e-12, 1.0))))


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """Temperature minimising log-loss, searched in [0.05, 20]."""
    res = minimize_scalar(
        lambda t: log_loss(logits, y, t),
        bounds=(0.05, 20.0),
        method="bounded",
        options={"xatol": 1e-4},
    )
    return float(res.x)


def fit_beta(model_logits: np.ndarray, votes: np.ndarray, y: np.ndarray) -> float:
    """Rule weight on a grid, each candidate with its own fitted temperature."""
    best = (np.inf, 0.0)
    for beta in np.arange(0.0, 3.01, 0.25):
        combined = model_logits + beta * votes
        loss = log_loss(combined, y, fit_temperature(combined, y))
        if loss < best[0] - 1e-9:
            best = (loss, float(beta))
    return best[1]


def expected_calibration_error(probs: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    """ECE of the top-label confidence, equal-width bins."""
    conf = probs.max(axis=1)
    correct = probs.argmax(axis=1) == y
    edges = np.linspace(0.0, 1.0, bins + 1)
    ece = 0.0
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        m = (conf > lo) & (conf <= hi)
        if m.any():
            ece += m.mean() * abs(correct[m].mean() - conf[m].mean())
    return float(ece)
