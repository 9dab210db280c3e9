"""A pathological upload through the API while the node is probed: does it keep answering?

Writes the issue's file (one NCRP complaint whose narrative repeats one number: 52 MB,
about 2.5 million times, by default), starts a real node (``crossline serve``, uvicorn)
on a fresh store, uploads the file to ``POST /api/v1/imports`` and, until the job ends,
probes ``GET /healthz`` from this process every 20 ms and samples the memory of the
server and of its import worker process. Prints the import time, what was stored, the
peak RSS of server and worker, and the /healthz latencies (mean, p99, max) while the
server receives the upload and while the worker imports it: as measured, and less the
time the kernel kept the server's loop or the prober waiting for a CPU (on a shared
machine, the part that is not the node's doing); with the machine's cores and load.

    python bench/import_liveness.py             # 52 MB
    python bench/import_liveness.py --mb 5      # a quick run
    python bench/import_liveness.py --db postgresql+psycopg://postgres@127.0.0.1/bench
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from crossline.config import Settings
from crossline.node.auth import Accounts
from crossline.store import open_store

ROOT = Path(__file__).resolve().parents[1]
UNIT = "call +91 9876543210, "  # 21 bytes


def write_file(path: Path, megabytes: float) -> int:
    """One complaint whose narrative is ``UNIT`` repeated to ``megabytes``; the count."""
    repeats = int(megabytes * 1_000_000 / len(UNIT))
    with path.open("w", encoding="utf-8") as fh:
        fh.write("acknowledgement_no,suspect_upi_id,description\n")
        fh.write('31504219999999,refund.help@ybl,"')
        chunk = UNIT * 10_000
        for _ in range(repeats // 10_000):
            fh.write(chunk)
        fh.write(UNIT * (repeats % 10_000))
        fh.write('"\n')
    return repeats


def token_for(settings: Settings) -> str:
    store = open_store(settings)
    try:
        acc = Accounts(store)
        org = acc.create_org("Bench agency", country="IN")
        user = acc.create_user(org["id"], "bench", "correct horse battery staple", "admin")
        token, _ = acc.create_token(
            creator=None,
            user_id=user["id"],
            org_id=org["id"],
            name="bench",
            role="analyst",
            scopes=["read", "write", "import"],
        )
        return token
    finally:
        store.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def status_kb(pid: int, field: str) -> int:
    """``VmRSS`` / ``VmHWM`` (peak) of a process, in kB; 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    if int(fh.read().rsplit(")", 1)[1].split()[1]) == pid:
                        out.append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--mb", type=float, default=52.0)
    parser.add_argument("--db", help="database URL (default: SQLite in a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="crossline-liveness-") as tmp:
        home = Path(tmp)
        url = args.db or f"sqlite:///{home / 'db.sqlite'}"
        settings = Settings(home=home / "home", database_url=url)
        path = home / "one-narrative.csv"
        repeats = write_file(path, args.mb)
        size = path.stat().st_size
        token = token_for(settings)
        port = free_port()
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "CROSSLINE_SECRET_KEY": "k" * 40}
        cmd = [sys.executable, "-m", "crossline", "--home", str(settings.home), "--db", url]
        log = (home / "server.log").open("wb")
        server = subprocess.Popen(
            [*cmd, "serve", "--port", str(port)], env=env, stdout=log, stderr=log
        )
        base = f"http://127.0.0.1:{port}"
        try:
            run(server, base, token, path)
        finally:
            server.terminate()
            server.wait(timeout=60)
            log.close()
        print(f"file: {size / 1e6:.1f} MB, one complaint, the number repeated {repeats:,} times")
        print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end")
        sys.stdout.flush()


def run(server: subprocess.Popen[bytes], base: str, token: str, path: Path) -> None:
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("the server did not start")
        time.sleep(0.2)
    load_before = os.getloadavg()[0]
    # (when, latency, seconds the loop or the prober waited for a CPU: the machine's share)
    latencies: list[tuple[float, float, float]] = []
    peaks = {"server": 0, "worker": 0}
    stop = threading.Event()

    def probe() -> None:
        me = threading.get_native_id()

        def waited() -> float:
            return run_delay(server.pid, server.pid) + run_delay(os.getpid(), me)

        with httpx.Client(base_url=base, timeout=30) as client:
            while not stop.is_set():
                w0, t0 = waited(), time.perf_counter()
                client.get("/healthz").raise_for_status()
                t1 = time.perf_counter()
                latencies.append((t0, t1 - t0, waited() - w0))
                time.sleep(0.02)

    def sample() -> None:
        while not stop.is_set():
            peaks["server"] = max(peaks["server"], status_kb(server.pid, "VmHWM"))
            for child in children(server.pid):  # the import worker (and spawn's helper)
                peaks["worker"] = max(peaks["worker"], status_kb(child, "VmHWM"))
            time.sleep(0.2)

    threads = [threading.Thread(target=f, daemon=True) for f in (probe, sample)]
    for t in threads:
        t.start()
    headers = {"Authorization": f"Bearer {token}"}
    t0 = time.perf_counter()
    with httpx.Client(base_url=base, headers=headers, timeout=600) as client:
        with path.open("rb") as fh:
            r = client.post("/api/v1/imports", files={"file": (path.name, fh)})
        r.raise_for_status()
        job_id = r.json()["id"]
        uploaded_at = time.perf_counter()
        uploaded = uploaded_at - t0
        while (job := client.get(f"/api/v1/imports/{job_id}").json())["status"] in (
            "queued",
            "running",
        ):
            time.sleep(0.5)
    seconds = time.perf_counter() - t0
    stop.set()
    for t in threads:
        t.join(timeout=10)
    summary = job.get("summary") or {}
    print(f"job: {job['status']} {job.get('error') or ''}")
    print(
        f"import through the API: {seconds:.1f} s (upload {uploaded:.1f} s; "
        f"the pipeline's own time {summary.get('seconds', 0):.1f} s)"
    )
    print(
        f"stored {summary.get('stored')}, quarantined {summary.get('quarantined')}, "
        f"warnings {summary.get('warnings')}"
    )
    print(
        f"peak RSS: server {peaks['server'] / 1024:.0f} MB, "
        f"import worker {peaks['worker'] / 1024:.0f} MB"
    )
    print(f"load average {load_before:.1f} at the start")
    phases = {
        "upload (the server receives the file)": [x for x in latencies if x[0] < uploaded_at],
        "import (the worker process)": [x for x in latencies if x[0] >= uploaded_at],
    }
    for phase, samples in phases.items():
        if samples:
            print(f"/healthz during the {phase}: {len(samples)} answers")
            print("  as measured:           " + _figures([lat for _, lat, _ in samples]))
            print("  less the CPU run-queue: " + _figures([lat - w for _, lat, w in samples]))


def _figures(values: list[float]) -> str:
    ordered = sorted(values)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return (
        f"mean {statistics.mean(ordered) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms, "
        f"max {ordered[-1] * 1000:.1f} ms"
    )


def run_delay(pid: int, tid: int) -> float:
    """Seconds a thread has waited, runnable, for a CPU (Linux schedstat); 0 if unknown."""
    try:
        with open(f"/proc/{pid}/task/{tid}/schedstat") as fh:
            return int(fh.read().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


if __name__ == "__main__":
    main()
