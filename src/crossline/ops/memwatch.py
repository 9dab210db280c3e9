"""Where a server process's memory grows: tracemalloc snapshots written to a file.

Off unless ``CROSSLINE_TRACEMALLOC_DIR`` names a directory (``bench/soak.py`` sets it).
Tracing costs time and memory of its own, so it is for soaks and diagnosis only. Every
``interval`` seconds the process compares a snapshot with its first one (taken after a
warm-up) and writes the allocation sites that grew most to ``<dir>/<pid>.txt``, with
the native heap's figures (:func:`crossline.ops.malloc.native_heap`): a server's memory
that tracemalloc does not see is the C heap's, SQLite's page caches among it.
"""

from __future__ import annotations

import os
import threading
import time
import tracemalloc
from pathlib import Path

from crossline.ops import malloc

TOP = 15


def start_from_env(*, interval: float | None = None, frames: int = 8) -> threading.Thread | None:
    """Start the watcher when ``CROSSLINE_TRACEMALLOC_DIR`` is set; the thread, or None."""
    folder = os.environ.get("CROSSLINE_TRACEMALLOC_DIR")
    if not folder:
        return None
    if interval is None:
        interval = float(os.environ.get("CROSSLINE_TRACEMALLOC_EVERY", "60"))
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    if not tracemalloc.is_tracing():
        tracemalloc.start(frames)
    thread = threading.Thread(
        target=_watch, args=(out / f"{os.getpid()}.txt", interval), name="memwatch", daemon=True
    )
    thread.start()
    return thread


def _watch(path: Path, interval: float) -> None:
    stop = threading.Event()
    stop.wait(interval)  # warm-up: imports, first queries, pools
    if not tracemalloc.is_tracing():
        return
    base = _snapshot()
    # Seconds since the first snapshot, from the clock: on a loaded host a snapshot
    # takes a good part of the interval, and counting rounds would understate the time.
    since = time.monotonic()
    while not stop.wait(interval):
        if not tracemalloc.is_tracing():  # someone stopped tracing: nothing more to say
            return
        now = _snapshot()
        growth = now.compare_to(base, "lineno")[:TOP]
        traced, peak = tracemalloc.get_traced_memory()
        lines = [f"after {time.monotonic() - since:.0f} s: traced {traced / 2**20:.1f} MiB "
                 f"(peak {peak / 2**20:.1f} MiB); largest growth since the warm-up:"]  # fmt: skip
        lines += [f"  {stat}" for stat in growth]
        lines.append(native_line())
        path.write_text("\n".join(lines) + "\n")


def native_line() -> str:
    """What tracemalloc does not see: the C heap (in use, and freed but kept), SQLite,
    and the tracer itself."""
    figures = malloc.native_heap()
    # The tracer's own tables (its traces and every call stack it has seen) are part of
    # the C heap's figures: said apart, so the watch does not blame the server for them.
    figures["tracemalloc"] = tracemalloc.get_tracemalloc_memory()
    return "native, MiB: " + ", ".join(f"{k} {v / 2**20:.1f}" for k, v in figures.items())


def _snapshot() -> tracemalloc.Snapshot:
    return tracemalloc.take_snapshot().filter_traces(
        (tracemalloc.Filter(False, tracemalloc.__file__), tracemalloc.Filter(False, "<frozen *>"))
    )
