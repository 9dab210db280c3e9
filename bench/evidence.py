"""Package and verify a large body of evidence; compare with ``sha256sum`` on the same files.

    PYTHONPATH=src python bench/evidence.py                 # quick: 1 GiB in 8 files
    PYTHONPATH=src python bench/evidence.py --size 10GiB    # the full run (needs ~32 GiB free)

Phases, each timed: add the files to the content store (stream, hash, fsync, rename),
export the case as a package directory (copy + hash + custody + CASE graph + summaries),
verify the package offline, verify the node's store. ``sha256sum`` runs on the same
files in the same run, just before the phase it is compared with, so both read from
the same cache state. Ratios are sha256sum time / our time (1.0 = as fast). Peak RSS
is reported after each phase: it must stay flat as the size grows.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}


def parse_size(text: str) -> int:
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?", text.strip().lower())
    if not m:
        raise SystemExit(f"cannot read size {text!r} (e.g. 512MiB, 10GiB)")
    return int(float(m.group(1)) * UNITS[m.group(2)])


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_files(root: Path, total: int, count: int) -> list[Path]:
    """``count`` files of random-looking bytes (a 16 MiB random block, re-salted per chunk)."""
    root.mkdir(parents=True)
    block = bytearray(os.urandom(16 << 20))
    per = total // count
    paths = []
    for n in range(count):
        path = root / f"recording-{n:03d}.bin"
        left = per
        with open(path, "wb") as fh:
            i = 0
            while left > 0:
                block[:16] = f"{n:08d}{i:08d}".encode()
                part = memoryview(block)[: min(left, len(block))]
                fh.write(part)
                left -= len(part)
                i += 1
        paths.append(path)
    return paths


def sha256sum(paths: list[Path]) -> float:
    t = time.perf_counter()
    subprocess.run(["sha256sum", *map(str, paths)], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", default="1GiB", help="total bytes of evidence (default 1GiB)")
    ap.add_argument("--files", type=int, default=8)
    ap.add_argument("--dir", default=None, help="work directory (default: a temp dir)")
    args = ap.parse_args()
    total = parse_size(args.size)
    work = Path(args.dir or tempfile.mkdtemp(prefix="crossline-bench-evidence-"))
    work.mkdir(parents=True, exist_ok=True)
    need = int(total * 3.1)
    free = shutil.disk_usage(work).free
    if free < need:
        raise SystemExit(
            f"need {need / 2**30:.1f} GiB free in {work} (source, store, package); "
            f"{free / 2**30:.1f} GiB free"
        )

    from crossline.config import Settings
    from crossline.evidence.items import Evidence, add_item
    from crossline.evidence.package import export_package, verify_package
    from crossline.evidence.verify import verify_store
    from crossline.store import open_store

    print(f"evidence bench: {total / 2**30:.2f} GiB in {args.files} files, work dir {work}")
    print(f"cpus: {os.cpu_count()}; python {sys.version.split()[0]}")
    base_rss = peak_rss_mib()
    try:
        t = time.perf_counter()
        paths = make_files(work / "source", total, args.files)
        print(f"generated in {time.perf_counter() - t:.1f} s")
        settings = Settings(home=work / "home", database_url=f"sqlite:///{work / 'bench.db'}")
        store = open_store(settings)
        ev = Evidence.of(settings, store)
        rows = []

        base = sha256sum(paths)
        t = time.perf_counter()
        for n, p in enumerate(paths):
            add_item(
                ev, p, case="BENCH", exhibit=f"E{n}", description="bench", acquired_by="bench",
                actor="bench",
            )  # fmt: skip
        rows.append(("add (hash + copy + fsync)", time.perf_counter() - t, base))
        rss_add = peak_rss_mib()

        stored = [ev.content.path_of(i) for i in _hashes(store)]
        base = sha256sum(stored)
        t = time.perf_counter()
        export_package(ev, "BENCH", work / "pkg", actor="bench")
        rows.append(("export (copy + hash)", time.perf_counter() - t, base))
        rss_export = peak_rss_mib()

        pkg_files = sorted((work / "pkg" / "files").iterdir())
        base = sha256sum(pkg_files)
        t = time.perf_counter()
        report = verify_package(work / "pkg", ev.identity.public_key)
        rows.append(("verify package (offline)", time.perf_counter() - t, base))
        assert report["ok"], report["problems"]

        base = sha256sum(stored)
        t = time.perf_counter()
        local = verify_store(ev)
        rows.append(("verify store", time.perf_counter() - t, base))
        assert local["ok"], local["problems"]
        store.close()

        gib = total / 2**30
        print(f"\n{'phase':28} {'ours s':>8} {'GiB/s':>7} {'sha256sum s':>12} {'ratio':>6}")
        for name, ours, theirs in rows:
            print(f"{name:28} {ours:8.2f} {gib / ours:7.2f} {theirs:12.2f} {theirs / ours:6.2f}")
        print(
            f"\npeak RSS MiB: start {base_rss:.0f}, after add {rss_add:.0f}, "
            f"after export {rss_export:.0f}, end {peak_rss_mib():.0f}"
        )
        print("ratio = sha256sum time / our time on the same files in this run (target >= 0.8)")
    finally:
        if not args.dir:
            shutil.rmtree(work, ignore_errors=True)


def _hashes(store) -> list[str]:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from crossline.store.schema_evidence import evidence_items

    with store.read() as conn:
        return list(conn.execute(select(evidence_items.c.sha256)).scalars())


if __name__ == "__main__":
    main()
