"""The analysts' workspace on a node of real imports: bulk lookup of 10,000 values,
an identifier search, sorting campaigns by converted loss, and whole-list exports.

The node imports the shipped demo files (NCRP complaints, Sentinel reports); the
pasted list mixes values the node holds (phones, handles, references) with unknown
ones, as an analyst's list from a bank or a carrier would.

    python bench/workspace.py                     # SQLite
    python bench/workspace.py --db postgresql+psycopg://postgres@127.0.0.1:5432/bench

Prints seconds (median of --repeat runs) and rates; nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import select

from crossline.config import Settings
from crossline.services import bulk, exports
from crossline.services.campaigns import campaign_list
from crossline.services.imports import import_paths
from crossline.services.search import search
from crossline.store import open_store
from crossline.store.schema import indicators, reports


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    runs, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=None, help="database URL (default: SQLite in a temp dir)")
    ap.add_argument("--values", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    db = args.db or f"sqlite:///{tmp}/bench.db"
    settings = Settings(home=tmp / "home", database_url=db)
    demo = Path(str(resources.files("crossline") / "demo_data" / "synthetic"))
    store = open_store(settings)
    t = time.perf_counter()
    import_paths(
        settings, [demo / "ncrp_complaints.csv", demo / "sentinel_reports.csv"], store=store
    )
    print(f"import of the demo files: {time.perf_counter() - t:.1f} s")
    with store.read() as conn:
        known = [v for (v,) in conn.execute(select(indicators.c.value).limit(2_000))]
        refs = [v for (v,) in conn.execute(select(reports.c.source_ref).limit(1_000))]
    held = known + refs
    values = [
        held[i % len(held)] if i % 3 == 0 else f"+1 (202) 55{i % 100_000:05d}"
        for i in range(args.values)
    ]
    secs, result = timed(lambda: bulk.bulk_lookup(store, values), args.repeat)
    print(
        f"bulk lookup: {len(values):,} values in {secs:.2f} s ({len(values) / secs:,.0f} values/s);"
        f" {result['found']:,} found"
    )
    secs, _r = timed(lambda: exports.bulk_download(result, "xlsx"), args.repeat)
    print(f"  as XLSX: {secs:.2f} s")
    secs, answer = timed(lambda: search(store, refs[0]), args.repeat)
    print(f"identifier search ({refs[0]}): {secs * 1000:.0f} ms, {answer['header']['title']}")
    secs, page = timed(lambda: campaign_list(store, sort="loss", limit=25), args.repeat)
    print(f"campaigns by converted loss, first page: {secs * 1000:.0f} ms of {page['total']:,}")
    for fmt in ("csv", "xlsx"):
        secs, file = timed(lambda fmt=fmt: exports.campaigns_download(store, fmt), args.repeat)
        print(f"whole campaign list as {fmt}: {secs * 1000:.0f} ms, {len(file.body):,} bytes")
    store.close()
    print(f"cores: {os.cpu_count()}, load: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
