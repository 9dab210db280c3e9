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
from psycopg.types.json import Jsonb
from sqlalchemy import JSON, Connection, Table

from crossline.config import Settings
from crossline.domain import indicator_id, report_id
from crossline.link.summary import refresh_summaries
from crossline.store import Store, open_store, schema

T0 = datetime(2024, 1, 1, tzinfo=UTC)
BATCH = 50_000


def campaign_sizes(n_reports: int, rng: np.random.Generator) -> np.ndarray:
    """Campaign of each report: Zipf over n/25 campaigns (the head holds thousands)."""
    n_campaigns = max(2, n_reports // 25)
    ranks = np.arange(1, n_campaigns + 1)
    weights = 1.0 / ranks**1.05
    weights /= weights.sum()
    return rng.choice(n_campaigns, size=n_reports, p=weights)


def bulk_insert(conn: Connection, table: Table, rows: list[dict[str, object]]) -> None:
    """Rows through the raw driver: ``COPY`` on PostgreSQL, one ``executemany`` on
    SQLite with the column types' own converters (SQLAlchemy's per-row parameter
    handling costs more than the insert itself)."""
    if not rows:
        return
    cols = list(rows[0])
    dialect = conn.dialect
    raw = conn.connection.driver_connection
    if dialect.name == "postgresql":
        names = ", ".join(f'"{c}"' for c in cols)
        json_cols = {c for c in cols if isinstance(table.c[c].type, JSON)}
        with raw.cursor() as cur, cur.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(
                    [
                        Jsonb(row[c]) if c in json_cols and row[c] is not None else row[c]
                        for c in cols
                    ]
                )
        return
    procs = [table.c[c].type._cached_bind_processor(dialect) for c in cols]
    values = [
        tuple(p(row[c]) if p else row[c] for c, p in zip(cols, procs, strict=True)) for row in rows
    ]
    names = ", ".join(f'"{c}"' for c in cols)
    marks = ", ".join("?" for _ in cols)
    raw.executemany(f"INSERT INTO {table.name} ({names}) VALUES ({marks})", values)


def build(store: Store, n_reports: int, seed: int = 7) -> None:
    """Insert ``n_reports`` with their campaigns already known (the fastest path here).

    Each synthetic campaign is one connected group by construction (its reports share
    its phone number), so reports and indicators are written with their component id
    and the summaries are computed once at the end with the linker's own grouped query,
    instead of planning links batch by batch (which the import benchmarks measure).
    """
    rng = np.random.default_rng(seed)
    camp = campaign_sizes(n_reports, rng)
    upi_pick = rng.integers(0, 3, size=n_reports)
    days = rng.integers(0, 365, size=n_reports)
    loss = rng.integers(0, 200_000, size=n_reports)
    counts: dict[str, dict[str, object]] = {}
    comp_ids: dict[int, str] = {}
    t = time.perf_counter()
    for start in range(0, n_reports, BATCH):
        stop = min(start + BATCH, n_reports)
        reports, sights = [], []
        for i in range(start, stop):
            c = int(camp[i])
            cid = comp_ids.get(c)
            if cid is None:
                cid = comp_ids[c] = report_id("bench-campaign", f"c{c}")
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
                    "component_id": cid,
                    "created_at": seen,
                }
            )
            for kind, value in (("phone", phone), ("upi", upi)):
                iid = indicator_id(kind, value)
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
                        "component_id": cid,
                        "meta": None,
                    }
                row["report_count"] += 1  # type: ignore[operator]
                row["first_seen"] = min(row["first_seen"], seen)  # type: ignore[type-var]
                row["last_seen"] = max(row["last_seen"], seen)  # type: ignore[type-var]
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
        with store.transaction() as conn:
            bulk_insert(conn, schema.reports, reports)
            bulk_insert(conn, schema.sightings, sights)
        rate = stop / (time.perf_counter() - t)
        print(f"  built {stop:>9,} reports ({rate:,.0f}/s)", flush=True)
    with store.transaction() as conn:
        store.upsert_indicators(conn, list(counts.values()))
        refresh_summaries(conn, store, comp_ids.values())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(home: Path, url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "CROSSLINE_HOME": str(home), "CROSSLINE_DATABASE_URL": url}
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "crossline.api.asgi:app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
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


async def load(
    port: int, token: str, paths: list[str], clients: int, seconds: float, max_requests: int
) -> tuple[list[float], int, float]:
    """``clients`` connections issuing GETs from ``paths`` until the time or count budget ends."""
    latencies: list[float] = []
    errors = 0
    stop_at = time.monotonic() + seconds
    rng = random.Random(11)
    auth = f"Authorization: Bearer {token}\r\n".encode()

    async def worker() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while time.monotonic() < stop_at and len(latencies) < max_requests:
                path = rng.choice(paths)
                request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode() + auth + b"\r\n"
                t = time.perf_counter()
                status = await _get(reader, writer, request)
                latencies.append(time.perf_counter() - t)
                if status != 200:
                    errors += 1
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    return latencies, errors, time.perf_counter() - started


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
