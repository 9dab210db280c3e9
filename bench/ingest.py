"""End-to-end import benchmark: read -> extract -> classify -> store -> link.

Generates N synthetic Consumer-Sentinel-style complaints (~300-character narratives,
1-4 indicators each, heavy-tailed value reuse), imports them into a fresh store
(SQLite by default, or the PostgreSQL database given by --db, emptied first) and
prints reports/s, peak memory and lookup latency (p50/p99 over random values of the
loaded store, from one client and from --clients concurrent ones).

    python bench/ingest.py --n 1000000            # the reference run
    python bench/ingest.py --n 100000 --no-classify
    python bench/ingest.py --n 100000 --db postgresql+psycopg://postgres@127.0.0.1/bench
    python bench/ingest.py --n 100000 --compare --db postgresql+psycopg://...  # both + ratio
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import complaints  # noqa: E402

from crossline.config import Settings  # noqa: E402
from crossline.services.imports import importer_for  # noqa: E402
from crossline.services.lookup import lookup  # noqa: E402
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


def fresh_store(url: str | None, work: Path) -> Any:
    """An empty, migrated store: a new SQLite file, or the PostgreSQL database emptied."""
    if url is None:
        db = work / "bench.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{db}"
    settings = Settings(home=work / "home", database_url=url)
    store = open_store(settings)
    if store.dialect.name == "postgresql":
        from sqlalchemy import text

        from crossline.store.schema import metadata

        with store.transaction() as conn:
            names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    return settings, store


def percentiles(lat: list[float]) -> tuple[float, float]:
    lat = sorted(lat)
    return lat[len(lat) // 2], lat[max(0, int(len(lat) * 0.99) - 1)]


def concurrent_lookups(store: Any, values: list[str], clients: int, per_client: int) -> list[float]:
    """Latencies (ms) of lookups made by ``clients`` threads at once."""
    lat: list[float] = []
    lock = threading.Lock()
    start = threading.Barrier(clients)

    def client(seed: int) -> None:
        rng = random.Random(seed)
        mine = []
        start.wait()
        for _ in range(per_client):
            v = rng.choice(values)
            t = time.perf_counter()
            lookup(store, v)
            mine.append((time.perf_counter() - t) * 1000)
        with lock:
            lat.extend(mine)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return lat


def run(args: argparse.Namespace, src: Path, work: Path, url: str | None) -> float:
    """Import and measure on one store; returns reports/s."""
    settings, store = fresh_store(url, work)
    importer = importer_for(store, settings, batch_size=args.batch, classify=not args.no_classify)
    t0 = time.perf_counter()
    summary = importer.import_file(src, "sentinel_csv")
    secs = time.perf_counter() - t0
    assert summary.reconciles, summary
    print(f"[{store.dialect.name}]")
    print(
        f"imported: {summary.stored:,} stored, {summary.duplicates:,} dupes, "
        f"{summary.quarantined:,} quarantined, {summary.indicators:,} indicator rows, "
        f"{summary.sightings:,} sightings"
    )
    rate = summary.rows_read / secs
    print(
        f"end-to-end: {rate:,.0f} reports/s ({secs:.1f}s), "
        f"classify={'off' if args.no_classify else 'on'}, cores={os.cpu_count()}"
    )
    print(f"target 50,000 reports/s: ratio {rate / 50_000:.2f}")
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
    p50, p99 = percentiles(lat)
    print(
        f"lookup over {len(lat)} random phone values, 1 client: p50 {p50:.2f} ms, "
        f"p99 {p99:.2f} ms (target p99 < 5 ms: ratio {p99 / 5:.2f})"
    )
    if args.clients > 1:
        per = max(1, args.lookups // args.clients)
        lat = concurrent_lookups(store, values, args.clients, per)
        p50, p99 = percentiles(lat)
        print(
            f"lookup, {args.clients} concurrent clients ({len(lat)} lookups): "
            f"p50 {p50:.2f} ms, p99 {p99:.2f} ms (target p99 < 10 ms: ratio {p99 / 10:.2f})"
        )
    store.close()
    return rate


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--batch", type=int, default=20_000)
    ap.add_argument("--no-classify", action="store_true")
    ap.add_argument("--lookups", type=int, default=1000)
    ap.add_argument("--dir", default=None, help="work directory (default: a temp dir)")
    ap.add_argument("--db", default=None, help="database URL (PostgreSQL: emptied first)")
    ap.add_argument("--compare", action="store_true", help="run SQLite too and print the ratio")
    ap.add_argument("--clients", type=int, default=50, help="concurrent lookup clients")
    args = ap.parse_args()

    work = Path(args.dir or tempfile.mkdtemp(prefix="crossline-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    src = work / "complaints.csv"
    t0 = time.perf_counter()
    size = write_csv(src, args.n)
    print(
        f"generated {args.n:,} complaints ({size / 1e6:.0f} MB) in {time.perf_counter() - t0:.1f}s"
    )
    rates = {}
    if args.compare or not args.db:
        rates["sqlite"] = run(args, src, work, None)
    if args.db:
        rates["postgresql"] = run(args, src, work, args.db)
    if len(rates) == 2:
        ratio = rates["sqlite"] / rates["postgresql"]
        print(
            f"PostgreSQL import takes {ratio:.2f}x the SQLite time "
            f"(target within 2x: {'met' if ratio <= 2 else 'NOT met'})"
        )


if __name__ == "__main__":
    main()
