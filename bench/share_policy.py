"""Throughput of the sharing policy: how fast a node can list what one partner may
receive (redacted reports, indicators, campaign summaries), in bounded memory.

The node is built like bench/api.py's (synthetic reports tied into Zipf-sized
campaigns), then reports get a mix of markings (30% CLEAR, 20% GREEN, 35% AMBER,
10% AMBER+STRICT, 5% RED) and a partner gets an agreement for everything up to AMBER.

    python bench/share_policy.py                  # 50,000 reports
    python bench/share_policy.py --reports 5000   # a quick run

Prints records/s for each iterator, the peak Python heap while iterating (tracemalloc,
measured in a second pass),
and the cost of one ``decide`` call.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import select, update

sys.path.insert(0, str(Path(__file__).parent))
from api import build  # noqa: E402
from crossline.config import Settings  # noqa: E402
from crossline.share.agreements import agreement_from_dict, save_agreement  # noqa: E402
from crossline.share.identity import load_identity  # noqa: E402
from crossline.share.partners import register_partner  # noqa: E402
from crossline.share.policy import decide  # noqa: E402
from crossline.share.shareable import iter_campaigns, iter_indicators, iter_reports  # noqa: E402
from crossline.store import open_store  # noqa: E402
from crossline.store.schema import reports  # noqa: E402

MIX = (
    ("TLP:CLEAR", 0.30),
    ("TLP:GREEN", 0.20),
    ("TLP:AMBER", 0.35),
    ("TLP:AMBER+STRICT", 0.10),
    ("TLP:RED", 0.05),
)


def mark_reports(store: Any, seed: int = 11) -> int:
    """Give every stored report a marking drawn from MIX (a realistic spread of TLP);
    how many reports there are."""
    rng = np.random.default_rng(seed)
    with store.transaction() as conn:
        ids = [r for (r,) in conn.execute(select(reports.c.id))]
        picks = rng.choice(len(MIX), size=len(ids), p=[p for _, p in MIX])
        for level in range(len(MIX)):
            chosen = [ids[i] for i in np.flatnonzero(picks == level)]
            for start in range(0, len(chosen), 900):
                conn.execute(
                    update(reports)
                    .where(reports.c.id.in_(chosen[start : start + 900]))
                    .values(marking=MIX[level][0])
                )
    return len(ids)


def partner_agreement(store: Any, tmp: Path) -> Any:
    """A partner (India's I4C, with a key of its own under ``tmp``) and the agreement in
    force with it: every kind of record up to TLP:AMBER, locations coarsened to states."""
    key = load_identity(Settings(home=tmp / "partner", database_url="sqlite://")).public_key
    register_partner(store, name="in-i4c", country="IN", public_key=key)
    return save_agreement(
        store,
        agreement_from_dict(
            {
                "partner": "in-i4c",
                "kinds": ["indicator", "campaign", "report"],
                "max_marking": "TLP:AMBER",
                "coarsen": {"location": "state"},
                "valid_from": (datetime.now(UTC) - timedelta(days=1)).isoformat(),
            }
        ),
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=50_000)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="crossline-share-bench-"))
    settings = Settings(home=tmp / "home", database_url=f"sqlite:///{tmp / 'node.db'}")
    store = open_store(settings)
    t0 = time.perf_counter()
    build(store, args.reports)
    n_reports = mark_reports(store)
    agreement = partner_agreement(store, tmp)
    print(f"built {n_reports:,} reports in {time.perf_counter() - t0:.1f} s (2 cores, shared)")
    for name, make in (
        ("reports", lambda: iter_reports(store, agreement)),
        ("indicators", lambda: iter_indicators(store, agreement)),
        ("campaigns", lambda: iter_campaigns(store, agreement)),
    ):
        start = time.perf_counter()
        n = sum(1 for _ in make())
        secs = time.perf_counter() - start
        tracemalloc.start()  # a second pass: tracing slows Python several times over
        sum(1 for _ in make())
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"{name:11s} {n:9,} shared  {n / secs:10,.0f} /s  peak heap {peak / 2**20:6.1f} MiB")
    start = time.perf_counter()
    rounds = 100_000
    for i in range(rounds):
        decide(agreement, "report", MIX[i % 5][0])
    print(f"decide      {(time.perf_counter() - start) / rounds * 1e6:.2f} us per call")
    store.close()


if __name__ == "__main__":
    main()
