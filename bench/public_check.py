"""Load test of the citizens' check: 50 concurrent clients on ``/public/api/v1/check``
against a node holding N reports (default 200,000), built as in ``bench/api.py``.

Reports of the US side are made TLP:CLEAR (the public may count them), the Indian side
stays TLP:AMBER (the public is told nothing), and a third of the checks ask for values
nobody reported, so the three kinds of answer are all in the mix. The server runs in
its own process (uvicorn, the node's ASGI app with the site's limits raised so that one
address may send the whole load), the clients in this one (asyncio, bare keep-alive
HTTP/1.1).

    python bench/public_check.py                         # 200k reports, 50 clients, 20 s
    python bench/public_check.py --reports 20000 --seconds 5
    python bench/public_check.py --floor 0               # without the timing floor

Prints p50/p99 latency and requests/s, and p50 per answer kind (equal with the floor).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
import api  # noqa: E402
from api import build, free_port  # noqa: E402
from crossline.config import Settings  # noqa: E402
from crossline.store import open_store  # noqa: E402


def start_server(
    home: Path, url: str, port: int, workers: int, floor: float
) -> subprocess.Popen[bytes]:
    """The node with the citizens' check limits lifted (one address sends everything)."""
    limits = {
        "CROSSLINE_PUBLIC_CHECK_LIMIT": "100000000,100000000",
        "CROSSLINE_PUBLIC_CHECK_FLOOR": str(floor),
    }
    return api.start_server(home, url, port, workers, env=limits)


async def load(
    port: int, paths: list[tuple[str, str]], clients: int, seconds: float, max_requests: int
) -> tuple[list[tuple[str, float]], int, float]:
    """``clients`` connections checking values until the time or count budget ends."""
    return await api.closed_loop(port, paths, clients, seconds, max_requests)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reports", type=int, default=200_000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--max-requests", type=int, default=200_000)
    ap.add_argument("--workers", type=int, default=1, help="server processes")
    ap.add_argument("--floor", type=float, default=0.05, help="the check's timing floor (s)")
    args = ap.parse_args()

    home = Path(tempfile.mkdtemp(prefix="crossline-bench-public-"))
    url = f"sqlite:///{home / 'crossline.db'}"
    settings = Settings(home=home, database_url=url)
    try:
        store = open_store(settings)
        print(f"building a node of {args.reports:,} reports in {home}", flush=True)
        values = build(store, args.reports)
        from sqlalchemy import text

        with store.transaction() as conn:
            conn.execute(text("UPDATE reports SET marking = 'TLP:CLEAR' WHERE jurisdiction = 'US'"))
        store.close()
        us = [
            v
            for v in values
            if v.startswith("+1") or (v.startswith("c") and int(v[1:].split(".")[0]) % 3)
        ]
        india = [v for v in values if v not in set(us)]
        unknown = [f"+1{3025550000 + i}" for i in range(len(values) // 2)]
        mix = [("clear", v) for v in us] + [("amber", v) for v in india]
        mix += [("unknown", v) for v in unknown]
        paths = [
            (
                kind,
                "/public/api/v1/check?"
                + urllib.parse.urlencode({"q": v, "region": "US" if v.startswith("+1") else "IN"}),
            )
            for kind, v in mix
        ]
        port = free_port()
        server = start_server(home, url, port, args.workers, args.floor)
        try:
            asyncio.run(load(port, paths[:50], 10, 2.0, 300))  # warm up
            print(
                f"{args.clients} clients, {args.seconds:.0f} s, server workers={args.workers}, "
                f"{os.cpu_count()} cores, timing floor {args.floor * 1000:.0f} ms"
            )
            lat, errors, elapsed = asyncio.run(
                load(port, paths, args.clients, args.seconds, args.max_requests)
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
        ms = np.array([t for _, t in lat]) * 1000
        print(
            f"check  n={len(ms):,}  p50={np.percentile(ms, 50):.1f} ms  "
            f"p99={np.percentile(ms, 99):.1f} ms  max={ms.max():.1f} ms  "
            f"{len(ms) / elapsed:.1f} req/s  errors={errors}"
        )
        for kind in ("clear", "amber", "unknown"):
            part = np.array([t for k, t in lat if k == kind]) * 1000
            if len(part):
                print(
                    f"  {kind:<8} n={len(part):>7,}  p50={np.percentile(part, 50):.1f} ms  "
                    f"p99={np.percentile(part, 99):.1f} ms"
                )
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
