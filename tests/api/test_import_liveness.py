"""The node keeps answering while a file is imported: uploads are imported in a worker
process of their own, so the server's event loop is never starved by the import.

The bound is on starvation, not on speed: every ``/healthz`` answer during the import,
timed from another process (this one) through a real uvicorn server, comes within
``LIMIT``. An import run inside the server process misses it by far (hundreds of
milliseconds to a second: the import holds the interpreter's lock while the loop waits).

On a shared 2-core machine the kernel alone sometimes keeps a process off the CPU for
longer than that. That time is not the node's doing and is known exactly: Linux counts,
per thread, the time spent runnable but waiting for a CPU (``schedstat``). Each answer
is charged its latency minus that wait: the server's event-loop thread's (``/healthz``
is answered on the loop), the longest of its other threads' (one of them may hold the
interpreter's lock while the kernel keeps it waiting) and the probing thread's here.
Time the loop spends waiting for the interpreter's lock is not run-queue time, so
starvation by work inside the server is never excused; one answer in a hundred may be
late for reasons outside the process (the disk, memory reclaim on a busy machine).
"""

from __future__ import annotations

import os
import statistics
import threading
import time

import httpx
import pytest

from crossline.config import Settings
from support.served import run_delay, run_delays, served_node

LIMIT = 0.100  # seconds per answer, generous for a loop that only answers /healthz
ROWS = 300


def complaints(rows: int) -> bytes:
    """NCRP rows whose narratives are full of numbers: extraction keeps the worker busy."""
    lines = ["acknowledgement_no,suspect_mobile,description"]
    story = " ".join(f"called from 98{n:08d} and +91 97{n:08d}" for n in range(40))
    lines += [f'{910000 + i},98765{i % 99999:05d},"{story} case {i}"' for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.slow
def test_healthz_answers_within_the_limit_while_a_file_imports(settings: Settings) -> None:
    body = complaints(ROWS)
    # The worker at the server's priority: the strictest case (it yields nothing).
    with served_node(settings, env={"CROSSLINE_IMPORT_NICENESS": "0"}) as node:
        # (latency, seconds the machine kept the loop or the prober waiting for a CPU)
        samples: list[tuple[float, float]] = []
        failures: list[str] = []
        stop = threading.Event()
        server = node.process.pid

        def probe() -> None:
            me = threading.get_native_id()

            def waited() -> tuple[float, dict[int, float]]:
                return run_delay(os.getpid(), me), run_delays(server)

            def machine_delay(before: tuple[float, dict[int, float]]) -> float:
                mine, threads = waited()
                deltas = {t: w - before[1].get(t, 0.0) for t, w in threads.items()}
                loop = deltas.pop(server, 0.0)
                return mine - before[0] + loop + max(deltas.values(), default=0.0)

            with httpx.Client(base_url=node.base, timeout=10) as client:
                while not stop.is_set():
                    w0, t0 = waited(), time.perf_counter()
                    r = client.get("/healthz")
                    t1 = time.perf_counter()
                    samples.append((t1 - t0, machine_delay(w0)))
                    if r.status_code != 200:
                        failures.append(f"{r.status_code} {r.text[:200]}")
                    time.sleep(0.005)

        with httpx.Client(base_url=node.base, headers=node.headers, timeout=60) as client:
            r = client.post("/api/v1/imports", files={"file": ("many.csv", body)})
            assert r.status_code == 202, r.text
            job_id = r.json()["id"]
            prober = threading.Thread(target=probe, daemon=True)
            prober.start()
            deadline = time.monotonic() + 300
            while (job := client.get(f"/api/v1/imports/{job_id}").json())["status"] in (
                "queued",
                "running",
            ):
                assert time.monotonic() < deadline, job
                time.sleep(0.25)
            stop.set()
            prober.join(timeout=30)
    assert job["status"] == "done", job
    assert job["summary"]["stored"] == ROWS
    assert not failures, failures[:3]
    # The import lasted long enough to be probed many times.
    assert len(samples) >= 50, len(samples)
    latencies = [lat for lat, _ in samples]
    late = sorted((round(lat * 1000), round(w * 1000)) for lat, w in samples if lat - w > LIMIT)
    # One answer in a hundred may be late: a stall outside the interpreter (the disk,
    # memory reclaim) that run-queue time does not count; an import in the server's own
    # process makes answers late all through it.
    assert len(late) <= len(samples) // 100, (
        f"{len(late)} of {len(samples)} /healthz answers over {LIMIT * 1000:.0f} ms beyond "
        f"the machine's own delays, (ms, of which waiting for a CPU): {late[-5:]}; all "
        f"answers: max {max(latencies) * 1000:.0f} ms, mean {statistics.mean(latencies) * 1000:.1f}"
    )
