"""Load test of the REST API: 50 concurrent clients on 127.0.0.1 against a node holding
N reports (default 1,000,000), measuring value lookups and campaign details.

The node is built directly through the Store write methods and the Linker (no
extractor, no readers): synthetic reports, each quoting its campaign's phone number
and one of the campaign's UPI handles, campaign sizes Zipf-distributed as in real
complaint data (a few campaigns with thousands of reports, a long tail of small ones).
The server runs in its own process (uvicorn), the clients in this one (asyncio, a bare
HTTP/1.1 keep-alive client: a full-featured one would cost more CPU than the server).

    python bench/api.py                      # 1M reports, 50 clients, 20 s per endpoint
    python bench/api.py --reports 20000 --seconds 5   # a quick run
    python bench/api.py --keep /tmp/node     # keep the built node; reuse it with --reuse

Prints p50/p99 latency and requests/s for each endpoint; target p99 < 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import numpy as np

from crossline.config import Settings
from crossline.domain import indicator_id, report_id
from crossline.link.campaigns import Linker
from crossline.store import Store, open_store

T0 = datetime(2024, 1, 1, tzinfo=UTC)
BATCH = 50_000


def campaign_sizes(n_reports: int, rng: np.random.Generator) -> np.ndarray:
    """Campaign of each report: Zipf over n/25 campaigns (the head holds thousands)."""
    n_campaigns = max(2, n_reports // 25)
    ranks = np.arange(1, n_campaigns + 1)
    weights = 1.0 / ranks**1.05
    weights /= weights.sum()
    return rng.choice(n_campaigns, size=n_reports, p=weights)


def build(store: Store, n_reports: int, seed: int = 7) -> list[str]:
    """Insert and link ``n_reports``; returns a sample of the values to look up."""
    rng = np.random.default_rng(seed)
    camp = campaign_sizes(n_reports, rng)
    upi_pick = rng.integers(0, 3, size=n_reports)
    days = rng.integers(0, 365, size=n_reports)
    loss = rng.integers(0, 200_000, size=n_reports)
    linker = Linker(store)
    values: set[str] = set()
    t = time.perf_counter()
    for start in range(0, n_reports, BATCH):
        stop = min(start + BATCH, n_reports)
        reports, sights, counts, links = [], [], {}, {}
        for i in range(start, stop):
            c = int(camp[i])
            jur = "IN" if c % 3 == 0 else "US"
            rid = report_id("bench", f"r{i}")
            phone = f"+1{2025550000 + c:010d}" if jur == "US" else f"+91{9800000000 + c}"
            upi = f"c{c}.{int(upi_pick[i])}@okaxis"
            seen = T0 + timedelta(days=int(days[i]), minutes=i % 1440)
            reports.append(
                {
                    "id": rid,
                    "source": "bench",
                    "source_ref": f"r{i}",
                    "jurisdiction": jur,
                    "channel": "call",
                    "seen_at": seen,
                    "received_at": seen,
                    "text": f"Caller from {phone} asked for payment to {upi}.",
                    "amount_lost": Decimal(int(loss[i])),
                    "currency": "INR" if jur == "IN" else "USD",
                    "victim_country": jur,
                    "victim_state": "MH" if jur == "IN" else "TX",
                    "victim_key": f"v{i}",
                    "marking": "TLP:AMBER",
                    "synthetic": True,
                    "created_at": seen,
                }
            )
            ids = []
            for kind, value in (("phone", phone), ("upi", upi)):
                iid = indicator_id(kind, value)
                ids.append(iid)
                row = counts.get(iid)
                if row is None:
                    counts[iid] = row = {
                        "id": iid,
                        "kind": kind,
                        "value": value,
                        "report_count": 0,
                        "first_seen": seen,
                        "last_seen": seen,
                        "common": False,
                        "common_reason": None,
                        "component_id": None,
                        "meta": None,
                    }
                row["report_count"] += 1
                row["first_seen"] = min(row["first_seen"], seen)
                row["last_seen"] = max(row["last_seen"], seen)
                sights.append(
                    {
                        "report_id": rid,
                        "indicator_id": iid,
                        "field": "text",
                        "start": -1,
                        "end": None,
                        "raw": value,
                    }
                )
                if len(values) < 5000:
                    values.add(value)
            links[rid] = ids
        with store.transaction() as conn:
            plan = linker.plan(conn, links)
            for r in reports:
                r["component_id"] = plan.reports.get(r["id"])
            for ind in counts.values():
                ind["component_id"] = plan.indicators.get(ind["id"])
            store.insert_reports(conn, reports)
            store.upsert_indicators(conn, list(counts.values()))
            store.insert_sightings(conn, sights)
            linker.apply(conn, links, plan)
        rate = stop / (time.perf_counter() - t)
        print(f"  built {stop:>9,} reports ({rate:,.0f}/s)", flush=True)
    return sorted(values)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(
    home: Path, url: str, port: int, workers: int, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """``workers`` uvicorn processes serving the node at ``home`` on ``port`` (``env`` adds
    settings), once its health answers."""
    env = {**os.environ, "CROSSLINE_HOME": str(home), "CROSSLINE_DATABASE_URL": url, **(env or {})}
    cmd = [
        sys.executable, "-m", "uvicorn", "crossline.api.asgi:app", "--host", "127.0.0.1",
        "--port", str(port), "--workers", str(workers), "--log-level", "warning",
        "--no-access-log",
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=1) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("server did not start")


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> int:
    """One keep-alive HTTP/1.1 GET; returns the status. (A bare client: a full-featured
    one costs more CPU per request than the server, and both share the same 2 cores.)"""
    writer.write(request)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n")[1:]:
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    await reader.readexactly(length)
    return status


async def closed_loop(
    port: int,
    paths: list[tuple[str, str]],
    clients: int,
    seconds: float,
    max_requests: int,
    headers: bytes = b"",
) -> tuple[list[tuple[str, float]], int, float]:
    """``clients`` keep-alive connections, each issuing the GET of a random ``(kind, path)``
    as soon as its last answer came, until the time or count budget ends; returns each
    request's (kind, latency), the non-200 count and the elapsed time."""
    latencies: list[tuple[str, float]] = []
    errors = 0
    stop_at = time.monotonic() + seconds
    rng = random.Random(11)

    async def worker() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while time.monotonic() < stop_at and len(latencies) < max_requests:
                kind, path = rng.choice(paths)
                request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode() + headers
                t = time.perf_counter()
                status = await _get(reader, writer, request + b"\r\n")
                latencies.append((kind, time.perf_counter() - t))
                if status != 200:
                    errors += 1
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    return latencies, errors, time.perf_counter() - started


async def load(
    port: int, token: str, paths: list[str], clients: int, seconds: float, max_requests: int
) -> tuple[list[float], int, float]:
    """``clients`` connections issuing GETs from ``paths`` with ``token``."""
    auth = f"Authorization: Bearer {token}\r\n".encode()
    timed, errors, elapsed = await closed_loop(
        port, [("", p) for p in paths], clients, seconds, max_requests, auth
    )
    return [t for _, t in timed], errors, elapsed


def report(name: str, lat: list[float], errors: int, elapsed: float) -> None:
    ms = np.array(lat) * 1000
    print(
        f"{name:<16} n={len(lat):>7,}  p50={np.percentile(ms, 50):7.1f} ms  "
        f"p99={np.percentile(ms, 99):7.1f} ms  max={ms.max():7.1f} ms  "
        f"{len(lat) / elapsed:8.1f} req/s  errors={errors}  "
        f"p99/target={np.percentile(ms, 99) / 50:.2f}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reports", type=int, default=1_000_000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=20.0, help="per endpoint")
    ap.add_argument("--max-requests", type=int, default=200_000, help="per endpoint")
    ap.add_argument("--workers", type=int, default=1, help="server processes")
    ap.add_argument("--keep", type=Path, default=None, help="build the node in this folder")
    ap.add_argument("--reuse", action="store_true", help="use the node already in --keep")
    args = ap.parse_args()

    home = args.keep or Path(tempfile.mkdtemp(prefix="crossline-bench-"))
    url = f"sqlite:///{home / 'crossline.db'}"
    settings = Settings(home=home, database_url=url)
    if not args.reuse:
        if home.exists():
            shutil.rmtree(home)
        home.mkdir(parents=True)
        store = open_store(settings)
        print(f"building a node of {args.reports:,} reports in {home}", flush=True)
        t = time.perf_counter()
        build(store, args.reports)
        print(f"built in {time.perf_counter() - t:.1f} s", flush=True)
        store.close()
    store = open_store(settings)
    from sqlalchemy import select, text

    from crossline.node.auth import Accounts
    from crossline.store.schema import components, indicators

    with store.read() as conn:
        n = conn.execute(text("SELECT count(*) FROM reports")).scalar()
        camp_ids = list(
            conn.execute(
                select(components.c.id).where(components.c.report_count >= 2).limit(5000)
            ).scalars()
        )
        values = list(
            conn.execute(select(indicators.c.value).order_by(indicators.c.id).limit(5000)).scalars()
        )
        biggest = conn.execute(text("SELECT max(report_count) FROM components")).scalar()
    acc = Accounts(store)
    org = acc.org_by_name("Bench agency") or acc.create_org("Bench agency", country="US")
    user = next((u for u in acc.list_users() if u["username"] == "bench"), None)
    if user is None:
        user = acc.create_user(org["id"], "bench", "load-test-" + os.urandom(12).hex(), "admin")
    token, _ = acc.create_token(
        creator=None,
        user_id=user["id"],
        org_id=org["id"],
        name="bench",
        role="viewer",
        scopes=["read"],
    )
    store.close()
    print(f"node: {n:,} reports, {len(camp_ids):,}+ campaigns (largest {biggest:,} reports)")

    port = free_port()
    server = start_server(home, url, port, args.workers)
    try:
        lookup_paths = [
            "/api/v1/indicators/lookup?" + urllib.parse.urlencode({"q": v}) for v in values
        ]
        detail_paths = [f"/api/v1/campaigns/{cid}?reports_limit=50" for cid in camp_ids]
        asyncio.run(load(port, token, lookup_paths[:50], 10, 2.0, 500))  # warm up
        print(
            f"{args.clients} clients, up to {args.seconds:.0f} s per endpoint, "
            f"server workers={args.workers}, {os.cpu_count()} cores"
        )
        for name, paths in (("lookup", lookup_paths), ("campaign-detail", detail_paths)):
            lat, errors, elapsed = asyncio.run(
                load(port, token, paths, args.clients, args.seconds, args.max_requests)
            )
            report(name, lat, errors, elapsed)
    finally:
        server.terminate()
        server.wait(timeout=30)
        if args.keep is None:
            shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
