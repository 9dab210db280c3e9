"""Soak test: a node on loopback under concurrent imports, reads and partner sync.

Starts ``crossline serve`` (SQLite in a temp home, or --db), then for --duration
seconds runs N importer threads posting generated complaints in bulk, M reader
threads doing lookups and campaign reads, and — when this build has
``crossline.share.sync`` — a partner-sync thread. Every --interval seconds it
prints throughput, errors, p50/p99 latency per operation and the server's memory
(RSS of the server and its workers); at the end the totals and the RSS slope.

Targets: 0 errors; flat memory: the RSS slope over the second half <= 1 MiB/min. Every
interval also prints each server process's anonymous and file-backed memory, threads
and handles on the database file. With --trace each server process traces its
allocations (tracemalloc, ``crossline.ops.memwatch``) and the sites that grew most are
printed at the end, with the C heap's and SQLite's figures. Tracing is a diagnosis, not
the node as it runs: in a 9-minute soak it made imports four times slower and lookups'
p50 eight times longer, and its own tables (every call stack seen) are in the RSS.

    python bench/soak.py --minutes 30            # the acceptance run
    python bench/soak.py                         # 10 minutes, SQLite
    python bench/soak.py --duration 120 --importers 2 --readers 4
    python bench/soak.py --minutes 8 --trace     # where the memory grows
    python bench/soak.py --db postgresql+psycopg://postgres@127.0.0.1/soak --workers 2
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "src"))

from synth import complaints  # noqa: E402

from api import process_cpu_seconds, process_tree  # noqa: E402

BULK = 100


class Stats:
    """Latencies and errors per operation, per interval and in total (thread-safe)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.window: dict[str, list[float]] = defaultdict(list)
        self.total: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.error_samples: list[str] = []
        self.reports = 0

    def ok(self, op: str, ms: float, reports: int = 0) -> None:
        with self.lock:
            self.window[op].append(ms)
            self.total[op].append(ms)
            self.reports += reports

    def fail(self, op: str, what: str) -> None:
        with self.lock:
            self.errors[op] += 1
            if len(self.error_samples) < 10:
                self.error_samples.append(f"{op}: {what[:200]}")

    def take_window(self) -> dict[str, list[float]]:
        with self.lock:
            w, self.window = self.window, defaultdict(list)
            return w


def pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * q))]


def rss_mib(pid: int) -> float:
    """RSS of a process and its children (uvicorn workers), MiB."""
    total = 0
    for p in process_tree(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def memory_parts(pid: int, db: Path | None) -> str:
    """One process's memory by kind, from /proc: RSS, anonymous (the C heap, SQLite's
    page caches, Python objects), file-backed (libraries, SQLite's shared WAL index),
    threads and open handles on the database file (its SQLite connections)."""
    fields: dict[str, int] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "RssAnon", "RssFile", "RssShmem", "Threads"):
                fields[key] = int(value.split()[0])
        handles = 0
        if db is not None:
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                try:
                    handles += os.readlink(fd) == str(db)
                except OSError:
                    continue
    except OSError:
        return f"{pid}: gone"
    mib = {k: v / 1024 for k, v in fields.items() if k != "Threads"}
    return (
        f"{pid}: rss {mib.get('VmRSS', 0):,.0f} anon {mib.get('RssAnon', 0):,.0f} "
        f"file {mib.get('RssFile', 0):,.0f} shm {mib.get('RssShmem', 0):,.0f} MiB "
        f"threads {fields.get('Threads', 0)} db-handles {handles}"
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_token(home: Path, db: str) -> str:
    from crossline.config import load_settings
    from crossline.node.auth import Accounts
    from crossline.store import open_store

    store = open_store(load_settings(home=home, database_url=db))
    acc = Accounts(store)
    org = acc.org_by_name("Soak agency") or acc.create_org("Soak agency", country="US")
    user = acc.create_user(
        org["id"], f"soak{random.randrange(10**6)}", "soak-test-password-1", "admin"
    )
    token, _ = acc.create_token(
        creator=None,
        user_id=user["id"],
        org_id=org["id"],
        name="soak",
        role="admin",
        scopes=["read", "write", "metrics"],
    )
    store.close()
    return str(token)


def importer(
    base: str, headers: dict[str, str], stats: Stats, stop: threading.Event, n: int
) -> None:
    gen = complaints(10_000_000, seed=1000 + n)
    with httpx.Client(base_url=base, headers=headers, timeout=120) as c:
        batch_no = 0
        while not stop.is_set():
            rows = []
            for _ in range(BULK):
                cpl = next(gen)
                rows.append(
                    {
                        "source": "soak",
                        "source_ref": f"i{n}-{cpl.ref}-{batch_no}",
                        "jurisdiction": "US",
                        "text": cpl.narrative,
                        "victim_location": {"state": cpl.state},
                    }
                )
            batch_no += 1
            t = time.perf_counter()
            try:
                r = c.post("/api/v1/reports/bulk", json={"reports": rows})
            except httpx.HTTPError as exc:
                stats.fail("import", repr(exc))
                continue
            ms = (time.perf_counter() - t) * 1000
            if r.status_code == 201:
                stats.ok("import", ms, reports=r.json().get("stored", 0))
            else:
                stats.fail("import", f"{r.status_code} {r.text}")


def reader(base: str, headers: dict[str, str], stats: Stats, stop: threading.Event, n: int) -> None:
    rng = random.Random(n)
    values: list[str] = []
    with httpx.Client(base_url=base, headers=headers, timeout=60) as c:
        while not stop.is_set():
            if not values or rng.random() < 0.02:
                try:
                    r = c.get("/api/v1/campaigns", params={"limit": 20})
                except httpx.HTTPError as exc:  # counted, and the reader goes on
                    stats.fail("campaigns", repr(exc))
                    continue
                if r.status_code == 200:
                    items = r.json()
                    items = items.get("items", items) if isinstance(items, dict) else items
                    values = [i["id"] for i in items if isinstance(i, dict) and "id" in i] or values
            op, path, params = rng.choice(
                [
                    (
                        "lookup",
                        "/api/v1/indicators/lookup",
                        {"q": f"+1202555{rng.randrange(10000):04d}"},
                    ),
                    ("campaigns", "/api/v1/campaigns", {"limit": 10}),
                    ("stats", "/api/v1/stats", None),
                ]
                + (
                    [("campaign", f"/api/v1/campaigns/{rng.choice(values)}", None)]
                    if values
                    else []
                )
            )
            t = time.perf_counter()
            try:
                r = c.get(path, params=params)
            except httpx.HTTPError as exc:
                stats.fail(op, repr(exc))
                continue
            ms = (time.perf_counter() - t) * 1000
            if r.status_code == 200:
                stats.ok(op, ms)
            elif op == "campaign" and r.status_code == 404:
                # Merged into another campaign since it was listed: the id is gone, by design.
                stats.ok("campaign-merged", ms)
                values = []
            else:
                stats.fail(op, f"{r.status_code} {r.text}")


def partner_sync(stats: Stats, stop: threading.Event, home: Path, db: str) -> None:
    """Every 5 s, a sync run with each partner registered on the node (``crossline
    partners add`` beforehand, or a node from ``crossline demo --two-nodes``); a failed
    run counts as an error. With no partner registered the runs move nothing."""
    from crossline.config import load_settings
    from crossline.services.sync import syncer_for
    from crossline.store import open_store

    settings = load_settings(home=home, database_url=db)
    store = open_store(settings)
    syncer = syncer_for(store, settings)
    try:
        while not stop.is_set():
            t = time.perf_counter()
            try:
                results = syncer.run()
            except Exception as exc:  # noqa: BLE001 - counted as an error of the soak
                stats.fail("sync", repr(exc))
            else:
                failed = [r for r in results if not r.ok]
                for r in failed:
                    stats.fail("sync", str(r.error))
                if not failed:
                    stats.ok("sync", (time.perf_counter() - t) * 1000)
            stop.wait(5)
    finally:
        store.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--duration", type=float, default=None, help="seconds (or --minutes)")
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--trace", action="store_true", help="server processes run tracemalloc")
    ap.add_argument("--trace-every", type=float, default=60.0, help="tracemalloc snapshots (s)")
    ap.add_argument("--interval", type=float, default=30)
    ap.add_argument("--importers", type=int, default=2)
    ap.add_argument("--readers", type=int, default=4)
    ap.add_argument("--workers", type=int, default=None, help="server processes (serve's default)")
    ap.add_argument("--db", default=None, help="database URL (default: SQLite in a temp home)")
    args = ap.parse_args()
    if args.duration is None:
        args.duration = args.minutes * 60
    if args.workers is None:
        from crossline.cli.serve_cmd import default_workers

        args.workers = default_workers()

    home = Path(tempfile.mkdtemp(prefix="crossline-soak-"))
    traces = home / "tracemalloc"
    db = args.db or f"sqlite:///{home / 'crossline.db'}"
    token = make_token(home, db)
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    if args.trace:
        # Each server process writes where its memory grew (crossline.ops.memwatch).
        env["CROSSLINE_TRACEMALLOC_DIR"] = str(traces)
        env["CROSSLINE_TRACEMALLOC_EVERY"] = str(args.trace_every)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "crossline",
            "--home",
            str(home),
            "--db",
            db,
            "serve",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(home / "server.log").open("w"),  # the errors behind failed requests
    )
    base = f"http://127.0.0.1:{port}"
    headers = {"Authorization": f"Bearer {token}"}
    deadline = time.monotonic() + 600  # a loaded machine takes minutes to start processes
    while True:
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            sys.exit("the node did not become ready")
        time.sleep(0.3)

    stats = Stats()
    stop = threading.Event()
    threads = [
        threading.Thread(target=importer, args=(base, headers, stats, stop, i))
        for i in range(args.importers)
    ]
    threads += [
        threading.Thread(target=reader, args=(base, headers, stats, stop, i))
        for i in range(args.readers)
    ]
    if importlib.util.find_spec("crossline.share.sync") is not None:
        threads.append(threading.Thread(target=partner_sync, args=(stats, stop, home, db)))
        print("partner sync: on (crossline.share.sync)")
    else:
        print("partner sync: this build has no crossline.share.sync; not exercised")
    print(
        f"soak: {args.duration:.0f}s, {args.importers} importers x {BULK} reports/post, "
        f"{args.readers} readers, {args.workers} worker(s), {db.split(':')[0]}, "
        f"cores={os.cpu_count()}, load average {os.getloadavg()[0]:.2f}"
    )
    started = time.monotonic()
    for t in threads:
        t.start()
    samples: list[tuple[float, float]] = []
    last_reports = 0
    cpu_s = 0.0
    try:
        while (elapsed := time.monotonic() - started) < args.duration:
            time.sleep(min(args.interval, args.duration - elapsed))
            elapsed = time.monotonic() - started
            window = stats.take_window()
            rss = rss_mib(server.pid)
            cpu_s = process_cpu_seconds(server.pid)
            samples.append((elapsed, rss))
            with stats.lock:
                reports, errors = stats.reports, sum(stats.errors.values())
            rate = (reports - last_reports) / args.interval
            last_reports = reports
            ops = "  ".join(
                f"{op} n={len(v)} p50={pct(v, 0.5):.0f} p99={pct(v, 0.99):.0f}ms"
                for op, v in sorted(window.items())
            )
            print(
                f"[{elapsed:5.0f}s] {rate:7.1f} reports/s  total {reports:,}  errors {errors}  "
                f"server RSS {rss:,.0f} MiB  server CPU {cpu_s:,.0f} s  "
                f"load {os.getloadavg()[0]:.2f}  {ops}",
                flush=True,
            )
            db_file = home / "crossline.db" if args.db is None else None
            for p in process_tree(server.pid):
                print(f"         {memory_parts(p, db_file)}", flush=True)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=120)
        server.terminate()
        server.wait(timeout=30)

    total_s = time.monotonic() - started
    print("\n== summary")
    print(f"reports stored: {stats.reports:,} ({stats.reports / total_s:,.1f} reports/s)")
    print(
        f"wall {total_s:,.0f} s; server CPU {cpu_s:,.0f} s; cores {os.cpu_count()}; "
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    for op, v in sorted(stats.total.items()):
        print(f"{op:10s} {len(v):7,} calls  p50 {pct(v, 0.5):7.1f} ms  p99 {pct(v, 0.99):7.1f} ms")
    errors = sum(stats.errors.values())
    print(f"errors: {errors} (target 0) {dict(stats.errors) if errors else ''}")
    for sample in stats.error_samples:
        print(f"  {sample}")
    for label, since in (("after warm-up", min(60.0, total_s / 4)), ("second half", total_s / 2)):
        part = [s for s in samples if s[0] >= since] or samples
        slope = rss_slope(part)
        if slope is not None:
            print(
                f"server RSS {label}: {part[0][1]:,.0f} -> {part[-1][1]:,.0f} MiB; "
                f"slope {slope:+.2f} MiB/min (target <= 1 MiB/min; ratio {slope / 1.0:+.2f})"
            )
    errors_logged = [
        line for line in (home / "server.log").read_text(errors="replace").splitlines()
        if "Error" in line or "error" in line
    ]  # fmt: skip
    if errors_logged:
        print(f"\n== server log: {len(errors_logged)} error lines, the last ones")
        for line in errors_logged[-8:]:
            print(f"  {line[:300]}")
    for trace in sorted(traces.glob("*.txt")):
        print(f"\n== tracemalloc, server process {trace.stem}")
        print(trace.read_text().rstrip())


def rss_slope(samples: list[tuple[float, float]]) -> float | None:
    """Least-squares slope of (seconds, MiB) samples, in MiB per minute."""
    if len(samples) < 2:
        return None
    n = len(samples)
    mx = sum(t for t, _ in samples) / n
    my = sum(r for _, r in samples) / n
    var = sum((t - mx) ** 2 for t, _ in samples)
    return sum((t - mx) * (r - my) for t, r in samples) / var * 60 if var else 0.0


if __name__ == "__main__":
    main()
