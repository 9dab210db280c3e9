"""What analysts' decisions cost: merge and split latency, and relink time with and
without decisions on a node of N synthetic reports (SQLite by default).

Reports come in campaigns of 2-40 reports, each report quoting its campaign's phone
and one of a few handles; built through the Store write methods and the Linker.

    python bench/casework.py                    # 50,000 reports, 100 merges, 100 splits
    python bench/casework.py --reports 10000 --decisions 20

Prints relink seconds without and with decisions (and their ratio), merge and split
p50/max in ms, an activity page's ms, and whether the relink kept the partition.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from crossline.config import Settings
from crossline.domain import indicator_id, report_id
from crossline.link import analyst
from crossline.link.campaigns import Linker
from crossline.link.relink import relink
from crossline.store import casework as cw
from crossline.store import open_store
from crossline.store.schema import reports

T0 = datetime(2024, 1, 1, tzinfo=UTC)


def build(store, n: int, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    linker = Linker(store)
    made, camp = 0, 0
    while made < n:
        size = min(rng.randint(2, 40), n - made)
        rows, sights, links, counts = [], [], {}, defaultdict(int)
        phone = ("phone", f"+1202{camp:07d}")
        for k in range(size):
            name = f"c{camp}-r{k}"
            rid = report_id("bench", name)
            handle = ("upi", f"h{camp}-{k % 3}@okaxis")
            rows.append({"id": rid, "source": "bench", "source_ref": name, "jurisdiction": "US",
                         "marking": "TLP:AMBER", "synthetic": True, "created_at": T0,
                         "seen_at": T0})  # fmt: skip
            vals = [phone, handle]
            for j, v in enumerate(vals):
                counts[v] += 1
                sights.append({"report_id": rid, "indicator_id": indicator_id(*v),
                               "field": "text", "start": j})  # fmt: skip
            links[rid] = [indicator_id(*v) for v in vals]
        with store.transaction() as conn:
            store.insert_reports(conn, rows)
            store.upsert_indicators(conn, [
                {"id": indicator_id(*v), "kind": v[0], "value": v[1], "report_count": c,
                 "common": False} for v, c in counts.items()
            ])  # fmt: skip
            store.insert_sightings(conn, sights)
            linker.link(conn, links)
        made += size
        camp += 1


def partition(store) -> set[frozenset[str]]:  # type: ignore[no-untyped-def]
    with store.read() as conn:
        rows = conn.execute(select(reports.c.id, reports.c.component_id)).all()
    by: dict[str, set[str]] = defaultdict(set)
    for rid, cid in rows:
        if cid:
            by[cid].add(rid)
    return {frozenset(v) for v in by.values()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=50_000)
    ap.add_argument("--decisions", type=int, default=100)
    ap.add_argument("--db", default=None, help="SQLAlchemy URL (default: a temp SQLite file)")
    args = ap.parse_args()
    rng = random.Random(7)
    tmp = Path(tempfile.mkdtemp(prefix="bench-casework-"))
    url = args.db or f"sqlite:///{tmp / 'node.db'}"
    store = open_store(Settings(home=tmp / "home", database_url=url))
    print(f"cores {os.cpu_count()}, load {os.getloadavg()[0]:.2f}; {args.reports:,} reports")
    t = time.perf_counter()
    build(store, args.reports, rng)
    print(f"built in {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    relink(store)
    plain = time.perf_counter() - t
    with store.read() as conn:
        comps = {str(c) for c in conn.execute(select(reports.c.component_id).distinct()).scalars()
                 if c}  # fmt: skip
    ordered = sorted(comps)
    rng.shuffle(ordered)
    merges, splits = [], []
    for i in range(args.decisions):
        a, b = ordered[2 * i], ordered[2 * i + 1]
        t = time.perf_counter()
        with store.transaction() as conn:
            analyst.merge(conn, store, [a, b], f"m{i}")
        merges.append((time.perf_counter() - t) * 1000)
    with store.read() as conn:
        big = [(str(c), list(store.reports_by_component(conn, [c])[c])) for c in
               ordered[2 * args.decisions : 3 * args.decisions]]  # fmt: skip
    for i, (cid, members) in enumerate(big):
        if len(members) < 4:
            continue
        t = time.perf_counter()
        with store.transaction() as conn:
            analyst.split(conn, store, cid, sorted(members)[: len(members) // 2], f"s{i}")
        splits.append((time.perf_counter() - t) * 1000)
    before = partition(store)
    t = time.perf_counter()
    relink(store)
    decided = time.perf_counter() - t
    kept = partition(store) == before
    with store.read() as conn:
        cid = max(comps & {str(c) for c in conn.execute(
            select(reports.c.component_id).distinct()).scalars() if c}, key=len)  # fmt: skip
        t = time.perf_counter()
        cw.activity(conn, "org", cid, limit=50)
        feed_ms = (time.perf_counter() - t) * 1000
    print(
        f"relink without decisions {plain:.2f} s, with {len(merges)} merges and "
        f"{len(splits)} splits {decided:.2f} s (x{decided / plain:.2f}); partition kept: {kept}"
    )
    print(f"merge p50 {statistics.median(merges):.1f} ms, max {max(merges):.1f} ms; "
          f"split p50 {statistics.median(splits):.1f} ms, max {max(splits):.1f} ms; "
          f"activity page {feed_ms:.1f} ms")  # fmt: skip
    store.close()


if __name__ == "__main__":
    main()
