"""Load test of the REST API with ``wrk``: 50 connections against a node holding N
reports (default 1,000,000): value lookups, the suspect registry, campaign details.

The node is written straight into the store (the fastest path here: raw-driver
``executemany`` on SQLite, ``COPY`` on PostgreSQL): synthetic reports, each quoting
its campaign's phone number and one of the campaign's UPI handles, campaign sizes
Zipf-distributed as in real complaint data (a few campaigns with tens of thousands of
reports, a long tail of small ones). The server is ``crossline serve`` in its own
processes; the load generator is ``wrk`` (Debian package ``wrk``: ``apt-get install
wrk``) in its own process, with a generated Lua script that sets the bearer token and
cycles through the paths.

    python bench/api.py                                  # 1M reports, SQLite, 20 s per endpoint
    python bench/api.py --reports 20000 --seconds 5      # a quick run
    python bench/api.py --engine sqlite postgres         # both engines
    python bench/api.py --workers 1 2                    # scaling from 1 to 2 processes
    python bench/api.py --keep /tmp/node [--reuse]       # keep the built node; reuse it
    python bench/api.py --client python                  # no wrk: an asyncio client here
    python bench/api.py --values 300                     # few values: kept answers (warm)

Prints p50/p90/p99, requests/s and errors per endpoint, the ratio of p99 to its target
(lookup 50 ms, registry 10 ms, campaign detail 100 ms) and Little's-law floor: with 50
connections always busy, the mean latency cannot be below 50 / throughput. Each run
also prints the server processes' CPU time per request and the load average, since wall
time on a shared machine measures the neighbours too.
"""

from __future__ import annotations

import argparse
import asyncio
import json
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
from typing import Any

import numpy as np
from psycopg.types.json import Jsonb
from sqlalchemy import JSON, Connection, Table, select, text

from crossline.cli import serve_cmd
from crossline.config import Settings
from crossline.domain import indicator_id, report_id
from crossline.link.summary import refresh_summaries
from crossline.store import Store, open_store, schema
from crossline.store.schema import components, indicators

ROOT = Path(__file__).resolve().parents[1]
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


def build(store: Store, n_reports: int, seed: int = 7) -> list[str]:
    """Insert ``n_reports`` with their campaigns already known (the fastest path here).

    Each synthetic campaign is one connected group by construction (its reports share
    its phone number), so reports and indicators are written with their component id
    and the summaries are computed once at the end with the linker's own grouped query,
    instead of planning links batch by batch (which the import benchmarks measure).
    Returns a sample of the values to look up.
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
    if store.dialect.name == "postgresql":
        # The planner's statistics, as autovacuum would gather them on a node in service:
        # without them it plans for a few hundred sightings per value, not tens of thousands.
        with store.transaction() as conn:
            conn.execute(text("ANALYZE"))
    return sorted(str(row["value"]) for row in list(counts.values())[:5000])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(
    home: Path, url: str, port: int, workers: int, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """``crossline serve`` in its own processes, as an operator starts it (``env`` adds
    settings), once its health answers."""
    env = {
        **os.environ,
        # The bench measures serving, not the per-token limit (a bank's token would be
        # limited to 20 a second).
        "CROSSLINE_REGISTRY_RATE": "1000000",
        "PYTHONPATH": str(ROOT / "src"),
        **(env or {}),
    }
    cmd = [
        sys.executable, "-m", "crossline", "--home", str(home), "--db", url, "serve",
        "--port", str(port), "--workers", str(workers), "--sync-interval", "0",
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 600  # a loaded machine takes minutes to start processes
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError("server did not start")


# A bare asyncio HTTP/1.1 client, for the benches that drive the node from Python
# (bench/money.py, bench/public_check.py); this one uses wrk.


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


LUA = """-- generated by bench/api.py: GETs over a list of paths with a bearer token
local paths = {%(paths)s}
local auth = "Bearer %(token)s"
local i = 0
local threads = 0
setup = function(thread) thread:set("offset", threads * 7919); threads = threads + 1 end
init = function(args) i = (offset or 0) %% #paths end
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i], {["Authorization"] = auth})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"p50": %%d, "p90": %%d, "p99": %%d, "max": %%d, "requests": %%d, ' ..
    '"socket_errors": %%d, "status_errors": %%d, "duration_us": %%d}\\n',
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    summary.requests, e.connect + e.read + e.write + e.timeout, e.status, summary.duration))
end
"""


def run_wrk(
    port: int, token: str, paths: list[str], connections: int, seconds: float, work: Path
) -> dict[str, float]:
    """One ``wrk`` run (its own process, 2 threads) over ``paths``; its figures."""
    script = work / "bench.lua"
    quoted = ", ".join('"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"' for p in paths)
    script.write_text(LUA % {"paths": quoted, "token": token})
    script.chmod(0o600)
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{max(1, int(seconds))}s", "--timeout", "10s",
         "-s", str(script), f"http://127.0.0.1:{port}"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    data = json.loads(line.removeprefix("RESULT "))
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    return data


def run_python(
    port: int, token: str, paths: list[str], connections: int, seconds: float, _work: Path
) -> dict[str, float]:
    """The fallback when ``wrk`` is missing (``--client python``): the bare asyncio client
    above, in this process; its figures in wrk's shape (microseconds). It costs more CPU
    per request than wrk and shares the cores with the server: its latencies are higher."""
    timed, errors, elapsed = asyncio.run(
        load(port, token, paths, connections, seconds, max_requests=10**9)
    )
    us = sorted(t * 1e6 for t in timed) or [0.0]
    at = lambda q: us[min(len(us) - 1, int(len(us) * q))]  # noqa: E731
    return {
        "p50": at(0.5), "p90": at(0.9), "p99": at(0.99), "max": us[-1],
        "requests": len(timed), "socket_errors": 0, "status_errors": errors,
        "duration_us": elapsed * 1e6,
    }  # fmt: skip


def process_tree(pid: int) -> list[int]:
    """A process and its children (a server and its uvicorn workers)."""
    pids = [pid]
    try:
        out = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True
        ).stdout
        pids += [int(p) for p in out.split()]
    except OSError:
        pass
    return pids


def process_cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of a process and its children (the server processes),
    from /proc: what the server spent, whatever its neighbours on the machine did."""
    ticks = 0
    for p in process_tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return ticks / os.sysconf("SC_CLK_TCK")


def measured(client: Any, server_pid: int, *args: Any) -> dict[str, float]:
    """One load run with what the machine did meanwhile: the server's CPU time per
    request and the load average at the end (wall time on a shared machine measures the
    neighbours too)."""
    cpu = process_cpu_seconds(server_pid)
    wall = time.perf_counter()
    data = client(*args)
    data["server_cpu_ms"] = (
        1000 * (process_cpu_seconds(server_pid) - cpu) / max(data["requests"], 1)
    )
    data["wall_s"] = time.perf_counter() - wall
    data["load"] = os.getloadavg()[0]
    return data


TARGETS_MS = {"lookup": 50.0, "registry": 10.0, "campaign-detail": 100.0}


def report(engine: str, workers: int, name: str, data: dict[str, float]) -> None:
    p99 = data["p99"] / 1000
    target = TARGETS_MS[name]
    print(
        f"{engine:<8} workers={workers} {name:<16} n={int(data['requests']):>7,}  "
        f"p50={data['p50'] / 1000:7.1f} ms  p90={data['p90'] / 1000:7.1f} ms  "
        f"p99={p99:7.1f} ms  max={data['max'] / 1000:7.1f} ms  {data['rps']:8.1f} req/s  "
        f"errors={int(data['socket_errors'] + data['status_errors'])}  "
        f"p99/target({target:.0f} ms)={p99 / target:.2f}  "
        f"little's-law floor={1000 * CONNECTIONS / max(data['rps'], 1):.1f} ms  "
        f"server CPU {data['server_cpu_ms']:.2f} ms/req  load avg {data['load']:.1f}",
        flush=True,
    )


CONNECTIONS = 50


def prepare(
    settings: Settings, n_values: int = 5000
) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Tokens (a home viewer, a bank's registry token) and the paths to ask: ``n_values``
    campaigns and values (fewer: a node in service, whose answers are kept warm; the
    5,000 default makes most registry answers in a short run loads, not kept ones)."""
    from crossline.node.auth import Accounts

    store = open_store(settings)
    try:
        with store.read() as conn:
            camp_ids = list(
                conn.execute(
                    select(components.c.id).where(components.c.report_count >= 2).limit(n_values)
                ).scalars()
            )
            values = list(
                conn.execute(
                    select(indicators.c.kind, indicators.c.value)
                    .order_by(indicators.c.id)
                    .limit(n_values)
                )
            )
            n = conn.execute(text("SELECT count(*) FROM reports")).scalar()
        acc = Accounts(store)
        org = acc.org_by_name("Bench agency") or acc.create_org("Bench agency", country="US")
        user = next((u for u in acc.list_users() if u["username"] == "bench"), None)
        if user is None:
            user = acc.create_user(org["id"], "bench", "load-test-" + os.urandom(12).hex(), "admin")
        # The registry's callers are banks: organisations of the node, not its home agency.
        bank = acc.org_by_name("Bench bank") or acc.create_org("Bench bank", country="US")
        tokens = {}
        for role, scopes, owner in (("viewer", ["read"], org), ("registry", ["registry"], bank)):
            tokens[role], _ = acc.create_token(
                creator=None, user_id=user["id"], org_id=owner["id"], name=f"bench-{role}",
                role=role, scopes=scopes,
            )  # fmt: skip
    finally:
        store.close()
    print(f"node: {n:,} reports, {len(camp_ids):,} campaigns asked, {len(values):,} values")
    paths = {
        "lookup": [
            "/api/v1/indicators/lookup?" + urllib.parse.urlencode({"q": v}) for _, v in values
        ],
        "registry": [f"/api/v1/registry/{k}/" + urllib.parse.quote(v, safe="") for k, v in values],
        "campaign-detail": [f"/api/v1/campaigns/{cid}?reports_limit=50" for cid in camp_ids],
    }
    return tokens, paths


def bench_engine(
    engine: str, settings: Settings, args: argparse.Namespace, work: Path
) -> dict[tuple[int, str], dict[str, float]]:
    tokens, paths = prepare(settings, args.values)
    results: dict[tuple[int, str], dict[str, float]] = {}
    for workers in args.workers:
        port = free_port()
        server = start_server(settings.home, settings.database_url, port, workers)
        try:
            for name in args.endpoints:
                token = tokens["registry" if name == "registry" else "viewer"]
                # Warm up every process (lazy imports, pools) and, for the registry, its
                # risk index over the values asked: the figures are of a node in service.
                client = run_wrk if args.client == "wrk" else run_python
                client(port, token, paths[name], 10, args.warmup, work)
                data = measured(
                    client, server.pid, port, token, paths[name], CONNECTIONS, args.seconds, work
                )
                results[(workers, name)] = data
                report(engine, workers, name, data)
        finally:
            server.terminate()
            server.wait(timeout=60)
    return results


def pg_database(base_url: str, name: str, fresh: bool) -> str:
    """A database ``name`` on the server of ``base_url`` (dropped first when ``fresh``)."""
    import sqlalchemy as sa

    admin = sa.create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
        ).scalar()
        if exists and fresh:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
            exists = False
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base_url.rsplit("/", 1)[0] + "/" + name


def main() -> None:
    global CONNECTIONS
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reports", type=int, default=1_000_000)
    ap.add_argument("--connections", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=20.0, help="per endpoint")
    ap.add_argument("--warmup", type=float, default=15.0, help="seconds per endpoint before")
    ap.add_argument(
        "--workers", type=int, nargs="+", default=[serve_cmd.default_workers()],
        help="server processes; several values measure the scaling (e.g. 1 2)",
    )  # fmt: skip
    ap.add_argument("--engine", choices=["sqlite", "postgres"], nargs="+", default=["sqlite"])
    ap.add_argument(
        "--pg-url", default=os.environ.get("CROSSLINE_TEST_POSTGRES_URL",
                                           "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"),
    )  # fmt: skip
    ap.add_argument(
        "--values", type=int, default=5000,
        help="distinct values and campaigns asked (e.g. 300: answers kept warm, as in service)",
    )  # fmt: skip
    ap.add_argument("--endpoints", nargs="+", default=list(TARGETS_MS), choices=list(TARGETS_MS))
    ap.add_argument(
        "--client", choices=["wrk", "python"], default="wrk",
        help="load generator: wrk in its own process, or (fallback) an asyncio client here",
    )  # fmt: skip
    ap.add_argument("--keep", type=Path, default=None, help="build the node in this folder")
    ap.add_argument("--reuse", action="store_true", help="use the node already built there")
    args = ap.parse_args()
    CONNECTIONS = args.connections
    if args.client == "wrk" and shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk (Debian's package), or --client python")
    home = args.keep or Path(tempfile.mkdtemp(prefix="crossline-bench-"))
    work = Path(tempfile.mkdtemp(prefix="crossline-wrk-"))
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; "
          f"{'wrk -t2' if args.client == 'wrk' else 'asyncio client'} -c{CONNECTIONS}, "
          f"{args.seconds:.0f} s per endpoint")  # fmt: skip
    try:
        for engine in args.engine:
            if engine == "sqlite":
                url = f"sqlite:///{home / 'crossline.db'}"
            else:
                url = pg_database(args.pg_url, f"crossline_bench_{args.reports}", not args.reuse)
            settings = Settings(home=home, database_url=url)
            if not args.reuse:
                if engine == "sqlite" and (home / "crossline.db").exists():
                    for f in home.glob("crossline.db*"):
                        f.unlink()
                home.mkdir(parents=True, exist_ok=True)
                store = open_store(settings)
                print(f"building {args.reports:,} reports on {engine}", flush=True)
                t = time.perf_counter()
                build(store, args.reports)
                print(f"built in {time.perf_counter() - t:.1f} s", flush=True)
                store.close()
            results = bench_engine(engine, settings, args, work)
            if len(args.workers) > 1:
                lo, hi = min(args.workers), max(args.workers)
                for name in args.endpoints:
                    ratio = results[(hi, name)]["rps"] / results[(lo, name)]["rps"]
                    print(f"{engine:<8} {name:<16} throughput {hi} vs {lo} processes: x{ratio:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if args.keep is None:
            shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
