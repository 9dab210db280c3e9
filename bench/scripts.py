"""Script campaigns on the FTC robocall transcripts: precision and recall, before/after.

    python bench/scripts.py                      # shared data (../shared) and the demo copy
    python bench/scripts.py --path metadata.csv

Without the held-back campaign labels, it measures what can be measured:

- **cross-type merges**: script clusters that hold transcripts the classifier labels with
  different scam types, each confidently (not marked for review; ``other_fraud`` and
  ``not_fraud`` are no type) — target 0; and pairs of different FTC campaign tags (file
  names) put together;
- **recall against a plain baseline**: the share of pairs that a plain word 3-gram
  Jaccard test (>= 0.6) or the cut-off-substring test calls near-duplicates that end up
  in one script cluster;
- cluster counts and the largest cluster.

"before" is plain weighted containment (threshold 0.5, no symmetry bar, no types);
"after" is the node's rule (``ContentParams()`` with the classifier's confident types).
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from crossline.calls.content import ContentParams, content_clusters, normalize_transcript
from crossline.calls.datasets import shared_data_dir
from crossline.calls.transcripts import (
    _substring_pairs,
    _word_jaccard_pairs,
    read_transcripts,
    weak_tag,
)
from crossline.classify import classify_many
from crossline.link.content import script_type

BEFORE = ContentParams(fragment_threshold=0.5)


def measure(items: list[tuple[str, str]], labels: np.ndarray, types: list[str | None]) -> dict:
    members: dict[int, list[int]] = defaultdict(list)
    for k, lab in enumerate(labels.tolist()):
        members[lab].append(k)
    clusters = [m for m in members.values() if len(m) > 1]
    mixed = [m for m in clusters if len({types[k] for k in m if types[k]}) > 1]
    mixed_pairs = sum(
        1
        for m in clusters
        for x, y in itertools.combinations(m, 2)
        if types[x] and types[y] and types[x] != types[y]
    )
    tags = [weak_tag(i) for i, _ in items]
    tag_mixed = sum(
        1
        for m in clusters
        for x, y in itertools.combinations(m, 2)
        if tags[x] and tags[y] and tags[x] != tags[y]
    )
    norm = [normalize_transcript(t or "") for _, t in items]
    recall = {}
    for name, pairs in (
        ("word3_jaccard", _word_jaccard_pairs(norm)),
        ("cut_off_substring", _substring_pairs(norm)),
    ):
        together = int(sum(bool(labels[a] == labels[b]) for a, b in pairs))
        recall[name] = (round(together / len(pairs), 4) if pairs else 1.0, len(pairs))
    return {
        "clusters": len(clusters),
        "in_clusters": sum(len(m) for m in clusters),
        "largest": max((len(m) for m in clusters), default=0),
        "cross_type_clusters": len(mixed),
        "cross_type_pairs": mixed_pairs,
        "different_tag_pairs_together": tag_mixed,
        "recall_vs": recall,
        "examples": [sorted({types[k] for k in m if types[k]}) for m in sorted(mixed, key=len)[:5]],
    }


def run(path: Path) -> None:
    items = read_transcripts(path)
    texts = [t for _, t in items]
    started = time.perf_counter()
    classes = classify_many(texts, channels=["robocall"] * len(texts))
    types = [script_type(c.label, c.needs_review) for c in classes]
    print(
        f"\n{path} — {len(items)} transcripts, {sum(1 for t in types if t)} confidently typed "
        f"(classified in {time.perf_counter() - started:.1f}s)"
    )
    for name, params, typed in (("before", BEFORE, None), ("after", ContentParams(), types)):
        t0 = time.perf_counter()
        clusters = content_clusters(items, params, types=typed)
        figures = measure(items, clusters.labels, types)
        print(f"  {name:6s} ({time.perf_counter() - t0:.2f}s): {figures}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", type=Path, action="append")
    args = parser.parse_args()
    paths = args.path or []
    if not paths:
        base = shared_data_dir()
        if base is not None:
            paths.append(base / "ftc-robocall-transcripts" / "metadata.csv")
        demo = Path(__file__).resolve().parents[1] / "src" / "crossline" / "demo_data"
        paths.append(demo / "ftc-robocall-transcripts" / "metadata.csv")
    for path in paths:
        if not path.is_file():
            print(f"{path}: not found", file=sys.stderr)
            continue
        run(path)


if __name__ == "__main__":
    main()
