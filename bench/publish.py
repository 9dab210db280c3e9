"""Incremental publishing against a full recompute, for one partner.

Builds a node of N synthetic reports (bench/api.py's builder: Zipf-sized campaigns,
then the share benchmark's mix of markings), registers a partner with an agreement up
to TLP:AMBER, and publishes its collection fully. Then a small batch of new reports
(default 100) goes through the ordinary importer, tied to existing campaigns by their
phone numbers, and the benchmark times an incremental publication (what changed since
the last one) and then a full one (everything recomputed and compared).

    python bench/publish.py                      # 100,000 reports
    python bench/publish.py --reports 10000      # a quick run

Prints wall and CPU seconds of each publication, the load average (wall time on a
shared machine measures the neighbours too), what each wrote, and the ratio.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, text

sys.path.insert(0, str(Path(__file__).parent))
from share_policy import mark_reports, partner_agreement  # noqa: E402

from api import build  # noqa: E402
from crossline.config import Settings  # noqa: E402
from crossline.domain import Report, SuspectIdentifier  # noqa: E402
from crossline.link.settle import component_id  # noqa: E402
from crossline.services.imports import importer_for  # noqa: E402
from crossline.share.taxii.publish import publish  # noqa: E402
from crossline.store import open_store  # noqa: E402
from crossline.store.schema import components  # noqa: E402


def timed(what: str, fn: Callable[[], dict[str, Any]]) -> tuple[float, float]:
    load = os.getloadavg()
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        f"{what:24s} wall {wall:8.2f} s  cpu {cpu:8.2f} s  load {load[0]:.2f}/{load[1]:.2f}  "
        f"objects {result['objects']:,}  added {result['added']:,}  "
        f"revoked {result['revoked']:,}  ({result['mode']})"
    )
    return wall, cpu


def new_reports(n: int, n_reports: int, seed: int = 5) -> list[Report]:
    """``n`` complaints naming the phone of an existing campaign (bench/api.py's numbers)."""
    rng = random.Random(seed)
    n_campaigns = max(2, n_reports // 25)
    out = []
    for k in range(n):
        c = rng.randrange(n_campaigns)
        us = c % 3 != 0
        phone = f"+1{2025550000 + c:010d}" if us else f"+91{9800000000 + c}"
        out.append(
            Report(
                source="bench-new",
                source_ref=f"new-{k}",
                jurisdiction="US" if us else "IN",
                text=f"Caller from {phone} asked for gift cards.",
                received_at=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=k),
                marking="TLP:GREEN",
                suspects=(SuspectIdentifier("suspect_phone", phone, "phone"),),
            )
        )
    return out


def linker_ids(store: Any) -> None:
    """Give the built campaigns the ids the linker gives (from their smallest report), so
    that the importer grows them instead of renaming every campaign it touches."""
    with store.transaction() as conn:
        rows = conn.execute(select(components.c.id, components.c.min_report_id)).all()
        moves = [{"old": old, "new": component_id(low)} for old, low in rows]
        for table in ("components", "reports", "indicators"):
            column = "id" if table == "components" else "component_id"
            conn.execute(text(f"UPDATE {table} SET {column} = :new WHERE {column} = :old"), moves)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=100_000)
    ap.add_argument("--batch", type=int, default=100)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="crossline-publish-bench-"))
    settings = Settings(home=tmp / "home", database_url=f"sqlite:///{tmp / 'node.db'}")
    store = open_store(settings)
    t0 = time.perf_counter()
    build(store, args.reports)
    n_reports = mark_reports(store)
    linker_ids(store)
    agreement = partner_agreement(store, tmp)
    print(
        f"built {n_reports:,} reports in {time.perf_counter() - t0:.1f} s (SQLite, 2 shared cores)"
    )
    timed("first publication", lambda: publish(store, settings, agreement))
    t1 = time.perf_counter()
    importer_for(store, settings, classify=False).import_reports(
        new_reports(args.batch, args.reports)
    )
    print(f"imported {args.batch} new reports in {time.perf_counter() - t1:.1f} s")
    inc_wall, inc_cpu = timed(
        f"incremental ({args.batch} new)", lambda: publish(store, settings, agreement)
    )
    full_wall, full_cpu = timed(
        "full recompute", lambda: publish(store, settings, agreement, full=True)
    )
    print(f"full / incremental: wall {full_wall / inc_wall:.1f}x  cpu {full_cpu / inc_cpu:.1f}x")
    store.close()


if __name__ == "__main__":
    main()
