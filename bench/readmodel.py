"""Campaign list pages from the read model on a store of many campaigns: the cost of
the filters that run in SQL (cross-border, jurisdiction, scam type) and of paging deep.

The store holds only campaign summaries (components), written directly: the list reads
nothing else but the top tying values of the page's campaigns.

    python bench/readmodel.py                   # 200,000 campaigns on SQLite
    python bench/readmodel.py --campaigns 20000 --db postgresql+psycopg://...

Prints milliseconds per page (median of --repeat runs) and the matching total.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from crossline.store import Store
from crossline.store.read.campaigns import campaigns_page
from crossline.store.schema import components

LABELS = ["tech_support", "kyc_phishing", "investment", "government_impersonation"]


def build(store: Store, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    t0 = datetime(2024, 1, 1, tzinfo=UTC)
    rows: list[dict[str, Any]] = []
    for k in range(n):
        size = max(2, int(rng.paretovariate(1.3)))
        jur = {"US": size} if rng.random() < 0.9 else {"US": size - 1, "IN": 1}
        seen = t0 + timedelta(minutes=k)
        rows.append(
            {
                "id": f"{k:08x}-0000-5000-8000-000000000000",
                "min_report_id": f"r{k}",
                "report_count": size,
                "victim_count": size,
                "jurisdictions": jur,
                "total_loss": {"USD": str(100 * size)},
                "first_seen": seen,
                "last_seen": seen,
                "label": rng.choice(LABELS),
                "label_distribution": {},
                "updated_at": seen,
            }
        )
        if len(rows) == 10_000:
            with store.transaction() as conn:
                conn.execute(components.insert(), rows)
            rows = []
    if rows:
        with store.transaction() as conn:
            conn.execute(components.insert(), rows)


def timed(store: Store, repeat: int, **filters: Any) -> tuple[float, int]:
    runs = []
    total = 0
    for _ in range(repeat):
        started = time.perf_counter()
        with store.read() as conn:
            total = campaigns_page(conn, **filters)["total"]
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs), total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--campaigns", type=int, default=200_000)
    ap.add_argument("--db", default=None, help="database URL (default: a temporary SQLite)")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    url = args.db or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    store = Store(url)
    store.migrate()
    started = time.perf_counter()
    build(store, args.campaigns)
    print(f"{args.campaigns:,} campaigns written in {time.perf_counter() - started:.1f} s")
    cases = {
        "first page": {},
        "cross-border, first page": {"cross_border": True},
        "cross-border, page 100": {"cross_border": True, "offset": 2475},
        "jurisdiction IN": {"jurisdiction": "IN"},
        "scam type + cross-border": {"label": "investment", "cross_border": True},
        "sort by loss": {"sort": "loss"},
    }
    for name, filters in cases.items():
        ms, total = timed(store, args.repeat, limit=25, **filters)
        print(f"{name:28s} {ms:8.1f} ms   total {total:,}")
    store.close()


if __name__ == "__main__":
    main()
