"""Benchmark: model load time and classification throughput (messages/s, one core).

    PYTHONPATH=src python bench/classify.py            # full: 50,000 messages
    PYTHONPATH=src python bench/classify.py --n 5000   # quick

Messages are real public texts (FTC robocall transcripts, UCI SMS) when
``../shared/data`` is present, otherwise the synthetic set, repeated to ``--n``.
Polars and BLAS are pinned to one thread so the figure is per core.
Targets (issue #4): >= 5,000 messages/s per core, model load < 1 s.
"""

from __future__ import annotations

import os

os.environ.setdefault("POLARS_MAX_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

from crossline.classify import classify_many  # noqa: E402
from crossline.classify.model import DEFAULT_PATH, read_model  # noqa: E402
from crossline.classify.sources import ftc_transcripts, shared_data_dir, uci_sms  # noqa: E402
from crossline.classify.synth import generate  # noqa: E402

TARGET_RATE = 5000.0
TARGET_LOAD = 1.0


def _corpus(n: int) -> tuple[list[str], str]:
    root = shared_data_dir()
    if (root / "ftc-robocall-transcripts").exists():
        texts = [e.text for e in ftc_transcripts(root)] + [e.text for e in uci_sms(root)]
        origin = "FTC transcripts + UCI SMS"
    else:
        texts = [e.text for e in generate(1)]
        origin = "synthetic set"
    return (texts * (n // len(texts) + 1))[:n], origin


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=50_000, help="messages to classify")
    parser.add_argument("--batch", type=int, default=5_000, help="batch size")
    args = parser.parse_args()

    loads = []
    for _ in range(3):
        t0 = time.perf_counter()
        model = read_model(DEFAULT_PATH)
        model.index  # noqa: B018 - the look-up table is part of getting ready
        loads.append(time.perf_counter() - t0)
    load = min(loads)
    print(
        f"model: {DEFAULT_PATH.name} {DEFAULT_PATH.stat().st_size / 1e6:.2f} MB, "
        f"{model.buckets.size:,} weighted buckets"
    )
    print(
        f"load time: {load * 1000:.0f} ms (target < {TARGET_LOAD * 1000:.0f} ms, "
        f"ratio {TARGET_LOAD / load:.1f}x)"
    )

    texts, origin = _corpus(args.n)
    mean_len = statistics.fmean(len(t) for t in texts)
    classify_many(texts[: args.batch], model=model)  # warm-up: regex compilation, caches
    t0 = time.perf_counter()
    for start in range(0, len(texts), args.batch):
        classify_many(texts[start : start + args.batch], model=model)
    elapsed = time.perf_counter() - t0
    rate = len(texts) / elapsed
    print(f"corpus: {origin}, {len(texts):,} messages, mean {mean_len:.0f} chars")
    print(
        f"throughput: {rate:,.0f} messages/s on one core "
        f"(target {TARGET_RATE:,.0f}, ratio {rate / TARGET_RATE:.2f}x), "
        f"{elapsed * 1e6 / len(texts):.0f} us/message, "
        f"{sum(len(t) for t in texts) / elapsed / 1e6:.1f} MB/s"
    )


if __name__ == "__main__":
    main()
