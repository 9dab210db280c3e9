"""One pathological row: a complaint whose narrative repeats one number millions of times.

Writes an NCRP-style CSV of one complaint with a narrative of ``--mb`` megabytes (52 by
default: the number 9876543210 about 2.5 million times), imports it into a fresh node on
SQLite while a thread polls ``/healthz`` of the node's web app in the same process, and
prints the import time, peak memory (RSS), what was stored, the size of the database and
the slowest ``/healthz`` answer.

    python bench/intake_bounds.py            # 52 MB
    python bench/intake_bounds.py --mb 5     # a quick run
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from crossline.api.app import create_app
from crossline.config import Settings
from crossline.ingest.pipeline import Importer
from crossline.store import open_store
from crossline.store.schema import sightings


def write_file(path: Path, megabytes: float) -> int:
    unit = "call +91 9876543210, "  # 21 bytes
    repeats = int(megabytes * 1_000_000 / len(unit))
    with path.open("w", encoding="utf-8") as fh:
        fh.write("acknowledgement_no,suspect_upi_id,description\n")
        fh.write('31504219999999,refund.help@ybl,"')
        chunk = unit * 10_000
        for _ in range(repeats // 10_000):
            fh.write(chunk)
        fh.write(unit * (repeats % 10_000))
        fh.write('"\n')
    return repeats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--mb", type=float, default=52.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="crossline-bounds-") as tmp:
        home = Path(tmp)
        settings = Settings(home=home / "home", database_url=f"sqlite:///{home / 'db.sqlite'}")
        path = home / "one-narrative.csv"
        repeats = write_file(path, args.mb)
        size = path.stat().st_size
        client = TestClient(create_app(settings, audit_background=False))
        client.get("/healthz")  # start the app before measuring
        store = open_store(settings)
        latencies: list[float] = []
        done = threading.Event()

        def poll() -> None:
            while not done.is_set():
                t0 = time.perf_counter()
                assert client.get("/healthz").status_code == 200
                latencies.append(time.perf_counter() - t0)
                time.sleep(0.02)

        poller = threading.Thread(target=poll, daemon=True)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        poller.start()
        t0 = time.perf_counter()
        summary = Importer(store, settings).import_file(path)
        seconds = time.perf_counter() - t0
        done.set()
        poller.join()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        with store.read() as conn:
            n_sightings = conn.execute(select(func.count()).select_from(sightings)).scalar_one()
        store.close()
        db_bytes = sum(p.stat().st_size for p in home.glob("db.sqlite*"))
        print(f"file: {size / 1e6:.1f} MB, one complaint, the number repeated {repeats:,} times")
        print(
            f"import: {seconds:.1f} s; stored {summary.stored}, quarantined {summary.quarantined}"
        )
        print(f"sightings stored: {n_sightings:,}; database + WAL: {db_bytes / 1e6:.1f} MB")
        print(f"peak RSS: {peak / 1024:.0f} MB (before the import: {before / 1024:.0f} MB)")
        if latencies:
            worst = max(latencies) * 1000
            mean = sum(latencies) / len(latencies) * 1000
            print(
                f"/healthz during the import: {len(latencies)} calls, mean {mean:.1f} ms, "
                f"worst {worst:.1f} ms"
            )
        sys.stdout.flush()


if __name__ == "__main__":
    main()
