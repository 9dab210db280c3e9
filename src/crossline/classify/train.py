"""Reproducible build of the classifier from ``../shared/data`` and the synthetic set.

Steps (all deterministic; the only seed is :data:`SEED`, for the synthetic set):

1. read every public corpus (:mod:`~crossline.classify.sources`) and render the
   synthetic Indian-scenario templates (:mod:`~crossline.classify.synth`);
2. label what the sources leave unlabelled with the rules (weak supervision);
   robocalls the rules cannot read take the label of their near-duplicate group;
   spam-corpus messages no rule explains fall back to their corpus' character
   (UK premium-rate spam and unexplained robocalls -> ``telemarketing``; CFPB scam
   narratives -> ``other_fraud``); anything else unexplained is dropped;
3. group near-duplicates and split groups into train / dev / eval (15 % each for
   dev and eval); synthetic templates go to train or dev whole, never to eval;
4. fit a multinomial logistic regression (scikit-learn, build time only) on the
   hashed features of train, weighting classes and campaigns so that neither the
   many "ham" SMS nor one 44-copy Amazon script dominate;
5. on dev gold labels, fit the rules' weight ``beta`` and the temperature;
6. refit on train + dev with the same settings, keep ``beta`` and the temperature,
   and write ``model.npz`` (int8 weights, a few MB) plus the eval split and a manifest.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from crossline.classify import rules, synth
from crossline.classify.calibrate import fit_beta, fit_temperature, log_loss, softmax
from crossline.classify.evaluate import format_report, score
from crossline.classify.features import N_BUCKETS, featurize, normalize
from crossline.classify.model import DEFAULT_PATH, Model, read_model, save_model
from crossline.classify.sources import REDISTRIBUTABLE, Example, load_all, write_csv
from crossline.classify.splits import assign_split, near_duplicate_groups
from crossline.classify.taxonomy import LABEL_INDEX, LABELS

SEED = 20240401
C = 8.0  # inverse L2 strength, chosen on dev macro-F1
REVIEW_THRESHOLD = 0.5  # calibrated confidence below this -> needs_review
MIN_DF = 2  # a bucket must occur in at least this many training texts
CFPB_NOT_FRAUD_WEIGHT = 0.25
PRUNE = 0.02  # drop buckets whose largest |weight| is below this (artefact size)
_SPAM_HINTS = frozenset({"spam", "smishing", "fraud", "ads"})


@dataclass(frozen=True, slots=True)
class Labelled:
    """An example with its final label, how it got it, its split and near-dup group."""

    example: Example
    norm: str
    label: str
    how: str  # "gold" | "rules" | "group" | "fallback"
    split: str
    group: int


def weak_supervise(examples: list[Example]) -> list[tuple[Example, str, str | None, str]]:
    """(example, normalised text, label or None, how) for every example with text.

    ``how`` is ``gold`` (the source's label), ``rules``, ``fallback`` or ``none``.
    """
    norms = [normalize(e.text) for e in examples]
    votes = rules.votes(rules.match_matrix(norms))
    out: list[tuple[Example, str, str | None, str]] = []
    for ex, norm, vote in zip(examples, norms, votes, strict=True):
        if not norm:
            continue
        if ex.label is not None:
            out.append((ex, norm, ex.label, "gold"))
            continue
        spammy = ex.hint in _SPAM_HINTS
        label = rules.weak_label(
            vote, min_vote=1.0 if spammy else 1.5, margin=0.5 if spammy else 1.0
        )
        if label == "not_fraud" and ex.hint not in ("complaint", "voicemail"):
            label = None  # a spam or robocall corpus holds no personal chat: rule misfire
        if label is not None:
            out.append((ex, norm, label, "rules"))
        elif ex.origin in ("uci_sms", "mendeley_sms") and ex.hint == "spam":
            out.append((ex, norm, "telemarketing", "fallback"))
        elif ex.origin == "cfpb":
            out.append((ex, norm, "other_fraud", "fallback"))
        else:
            out.append((ex, norm, None, "none"))
    return out


def _propagate(
    items: list[tuple[Example, str, str | None, str]], groups: list[int]
) -> list[tuple[Example, str, str | None, str]]:
    """Give unlabelled robocalls the majority label of their near-duplicate group.

    A truncated recording of a known script ("...so if you want to know about this case,
    press 1") carries too little text for the rules but belongs to its campaign. Robocalls
    still unlabelled after that fall back to ``telemarketing``: every FTC recording is an
    illegal robocall, so none of them is ``not_fraud``.
    """
    votes: dict[int, Counter[str]] = {}
    for (_, _, label, _), g in zip(items, groups, strict=True):
        if label is not None:
            votes.setdefault(g, Counter())[label] += 1
    out = []
    for (ex, norm, label, how), g in zip(items, groups, strict=True):
        if label is None and ex.hint == "robocall":
            if g in votes:
                label, how = votes[g].most_common(1)[0][0], "group"
            else:
                label, how = "telemarketing", "fallback"
        out.append((ex, norm, label, how))
    return out


def build_dataset(examples: list[Example]) -> list[Labelled]:
    """Label, group near-duplicates and split (see the module docstring)."""
    supervised = [
        t for t in weak_supervise(examples) if t[2] is not None or t[0].hint == "robocall"
    ]
    groups = near_duplicate_groups([n for _, n, _, _ in supervised])
    labelled = _propagate(supervised, groups)
    rep: dict[int, str] = {}
    for (_, norm, _, _), g in zip(labelled, groups, strict=True):
        rep[g] = min(rep.get(g, norm), norm)
    out: list[Labelled] = []
    for (ex, norm, label, how), g in zip(labelled, groups, strict=True):
        if label is None:
            continue
        if ex.origin == "synthetic":
            in_dev = assign_split(ex.template, eval_share=0.0, dev_share=0.2) == "dev"
            split = "dev" if in_dev else "train"
        else:
            split = assign_split(rep[g])
        out.append(Labelled(ex, norm, label, how, split, g))
    return out


def _matrix(norms: list[str]):  # noqa: ANN202 - scipy type
    from scipy import sparse

    b = featurize(norms)
    m = sparse.csr_matrix(
        (b.values.astype(np.float64), (b.rows, b.buckets)), shape=(len(norms), N_BUCKETS)
    )
    m.sum_duplicates()
    return m


def _weights(items: list[Labelled]) -> np.ndarray:
    """Sample weights: sqrt-balanced classes, 1/sqrt(size) per near-duplicate group.

    CFPB grievances against real firms (``not_fraud``) count :data:`CFPB_NOT_FRAUD_WEIGHT`:
    there are thirty of them for every scam narrative, and without the discount the
    model learns that *any* complaint narrative is ``not_fraud``.
    """
    y = [it.label for it in items]
    counts = Counter(y)
    group_size = Counter(it.group for it in items)
    n, k = len(items), len(counts)
    w = np.array(
        [
            (n / (k * counts[it.label])) ** 0.5
            / group_size[it.group] ** 0.5
            * (
                CFPB_NOT_FRAUD_WEIGHT
                if it.example.origin == "cfpb" and it.label == "not_fraud"
                else 1.0
            )
            for it in items
        ]
    )
    return w / w.mean()


def _fit(items: list[Labelled], columns: np.ndarray | None = None):  # noqa: ANN202
    from sklearn.linear_model import LogisticRegression

    x = _matrix([it.norm for it in items])
    if columns is None:
        df = np.asarray((x > 0).sum(axis=0)).ravel()
        columns = np.flatnonzero(df >= MIN_DF)
    y = np.array([LABEL_INDEX[it.label] for it in items])
    clf = LogisticRegression(C=C, max_iter=2000, tol=1e-4)
    clf.fit(x[:, columns], y, sample_weight=_weights(items))
    # sklearn drops classes absent from y; put their rows back as -inf-ish logits
    coef = np.zeros((len(LABELS), columns.size), dtype=np.float32)
    bias = np.full(len(LABELS), -10.0, dtype=np.float32)
    coef[clf.classes_] = clf.coef_
    bias[clf.classes_] = clf.intercept_
    return columns, coef.T.copy(), bias


def _to_model(
    columns: np.ndarray,
    weights: np.ndarray,
    bias: np.ndarray,
    beta: float,
    temperature: float,
    meta: dict[str, object],
) -> Model:
    keep = np.abs(weights).max(axis=1) >= PRUNE
    return Model(
        columns[keep].astype(np.int64),
        weights[keep],
        bias,
        beta,
        temperature,
        REVIEW_THRESHOLD,
        meta,
    )


def _gold_dev(items: list[Labelled]) -> list[Labelled]:
    return [it for it in items if it.split == "dev" and it.how == "gold"]


def train(
    out: Path = DEFAULT_PATH,
    data_out: Path | None = None,
    shared: Path | None = None,
    log=print,  # noqa: ANN001
    per_template: int = 12,
) -> dict[str, object]:
    """Build the model; returns the manifest (counts, calibration, dev and eval figures)."""
    t0 = time.perf_counter()
    examples = load_all(shared) + synth.generate(SEED, per_template)
    data = build_dataset(examples)
    train_items = [it for it in data if it.split == "train"]
    dev_items = [it for it in data if it.split == "dev"]
    eval_items = [it for it in data if it.split == "eval"]
    log(f"examples: train {len(train_items)}, dev {len(dev_items)}, eval {len(eval_items)}")

    columns, w, b = _fit(train_items)
    first = _to_model(columns, w, b, 0.0, 1.0, {})
    gold = _gold_dev(data)
    norms = [it.norm for it in gold]
    y = np.array([LABEL_INDEX[it.label] for it in gold])
    z = first.logits(norms)
    v = rules.votes(rules.match_matrix(norms))
    beta = fit_beta(z, v, y)
    temperature = fit_temperature(z + beta * v, y)
    dev_pred = softmax(z + beta * v, temperature).argmax(axis=1)
    log(
        f"dev (gold {len(gold)}): beta {beta:.2f}, T {temperature:.3f}, "
        f"acc {np.mean(dev_pred == y):.3f}, log-loss {log_loss(z + beta * v, y, temperature):.3f}"
    )

    final_items = train_items + dev_items
    columns, w, b = _fit(final_items)
    manifest: dict[str, object] = {
        "seed": SEED,
        "C": C,
        "min_df": MIN_DF,
        "beta": beta,
        "temperature": temperature,
        "review_threshold": REVIEW_THRESHOLD,
        "dev_gold_accuracy": float(np.mean(dev_pred == y)),
        "counts": {
            split: dict(sorted(Counter(it.label for it in data if it.split == split).items()))
            for split in ("train", "dev", "eval")
        },
        "how": dict(Counter(f"{it.example.origin}:{it.how}" for it in data)),
    }
    model = _to_model(columns, w, b, beta, temperature, {"seed": SEED, "C": C})
    save_model(model, out)
    log(
        f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB, {model.buckets.size} buckets) "
        f"in {time.perf_counter() - t0:.0f} s"
    )
    manifest["eval"] = evaluate_items(eval_items, read_model(out), log)
    if data_out is not None:
        _write_data(data, data_out, manifest)
    return manifest


def evaluate_items(items: list[Labelled], model: Model, log=print) -> dict[str, object]:  # noqa: ANN001
    """Score ``model`` on labelled items: all, gold-only and rule-labelled subsets."""
    from crossline.classify.classifier import classify_many

    pred = [r.label for r in classify_many([it.example.text for it in items], model=model)]
    out: dict[str, object] = {}
    subsets = {
        "all": [True] * len(items),
        "gold": [it.how == "gold" for it in items],
        "weak": [it.how != "gold" for it in items],
    }
    for name, mask in subsets.items():
        gold = [it.label for it, m in zip(items, mask, strict=True) if m]
        got = [p for p, m in zip(pred, mask, strict=True) if m]
        if not gold:
            continue
        rep = score(gold, got)
        out[name] = {
            "n": rep.n,
            "macro_f1": rep.macro_f1,
            "macro_f1_support10": rep.macro_f1_min_support,
            "fraud_accuracy": rep.fraud_accuracy,
            "accuracy": rep.accuracy,
        }
        log(
            f"eval {name}: n {rep.n}, macro-F1 {rep.macro_f1:.3f} "
            f"(support>=10: {rep.macro_f1_min_support:.3f}), accuracy {rep.accuracy:.3f}, "
            f"fraud/not {rep.fraud_accuracy:.3f}"
        )
        if name == "all":
            log(format_report(rep))
    return out


def _write_data(data: list[Labelled], folder: Path, manifest: dict[str, object]) -> None:
    """Eval split (redistributable sources only) + synthetic set + manifest."""

    def rows(items: list[Labelled]) -> list[Example]:
        return [replace(it.example, label=it.label, gold=it.how == "gold") for it in items]

    ev = [it for it in data if it.split == "eval" and it.example.origin in REDISTRIBUTABLE]
    write_csv(folder / "eval.csv", rows(ev))
    syn = [it for it in data if it.example.origin == "synthetic"]
    write_csv(folder / "synthetic.csv", rows(syn))
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
