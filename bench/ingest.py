"""End-to-end import benchmark: read -> extract -> classify -> store -> link on SQLite.

Generates N synthetic Consumer-Sentinel-style complaints (~300-character narratives,
1-4 indicators each, heavy-tailed value reuse), imports them into a fresh SQLite
store and prints reports/s, peak memory and lookup latency (p50/p99 over random
values of the loaded store).

    python bench/ingest.py --n 1000000            # the reference run
    python bench/ingest.py --n 100000 --no-classify
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import complaints  # noqa: E402

from crossline.config import Settings  # noqa: E402
from crossline.ingest.pipeline import Importer  # noqa: E402
from crossline.services import lookup  # noqa: E402
from crossline.store import open_store  # noqa: E402
from crossline.store.schema import indicators  # noqa: E402

HEADER = [
    "reference_number",
    "date_received",
    "narrative",
    "amount_paid",
    "contact_method",
    "consumer_state",
]


def write_csv(path: Path, n: int) -> int:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for i, c in enumerate(complaints(n)):
            day = 1 + i % 28
            w.writerow(
                [
                    c.ref,
                    f"03/{day:02d}/2024",
                    c.narrative,
                    f"${(i % 500) * 3}.00",
                    "Phone call",
                    c.state,
                ]
            )
    return path.stat().st_size


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--batch", type=int, default=20_000)
    ap.add_argument("--no-classify", action="store_true")
    ap.add_argument("--lookups", type=int, default=1000)
    ap.add_argument("--dir", default=None, help="work directory (default: a temp dir)")
    args = ap.parse_args()

    work = Path(args.dir or tempfile.mkdtemp(prefix="crossline-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    src = work / "complaints.csv"
    t0 = time.perf_counter()
    size = write_csv(src, args.n)
    print(
        f"generated {args.n:,} complaints ({size / 1e6:.0f} MB) in {time.perf_counter() - t0:.1f}s"
    )

    db = work / "bench.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    settings = Settings(home=work / "home", database_url=f"sqlite:///{db}")
    store = open_store(settings)
    importer = Importer(store, settings, batch_size=args.batch, classify=not args.no_classify)
    t0 = time.perf_counter()
    summary = importer.import_file(src, "sentinel_csv")
    secs = time.perf_counter() - t0
    assert summary.reconciles, summary
    print(
        f"imported: {summary.stored:,} stored, {summary.duplicates:,} dupes, "
        f"{summary.quarantined:,} quarantined, {summary.indicators:,} indicator rows, "
        f"{summary.sightings:,} sightings"
    )
    print(
        f"end-to-end: {summary.rows_read / secs:,.0f} reports/s ({secs:.1f}s), "
        f"classify={'off' if args.no_classify else 'on'}, cores={os.cpu_count()}"
    )
    print(f"target 50,000 reports/s: ratio {summary.rows_read / secs / 50_000:.2f}")
    print(f"peak RSS: {peak_rss_mib():,.0f} MiB (target < 2048)")

    with store.read() as conn:
        values = [
            v
            for (v,) in conn.execute(
                indicators.select()
                .with_only_columns(indicators.c.value)
                .where(indicators.c.kind == "phone")
                .limit(200_000)
            )
        ]
    rng = random.Random(1)
    sample = [rng.choice(values) for _ in range(args.lookups)]
    lat = []
    for v in sample:
        t = time.perf_counter()
        lookup(store, v)
        lat.append((time.perf_counter() - t) * 1000)
    lat.sort()
    p50, p99 = lat[len(lat) // 2], lat[int(len(lat) * 0.99) - 1]
    print(
        f"lookup over {len(lat)} random phone values: p50 {p50:.2f} ms, p99 {p99:.2f} ms "
        f"(target p99 < 5 ms: ratio {p99 / 5:.2f})"
    )
    store.close()


if __name__ == "__main__":
    main()
