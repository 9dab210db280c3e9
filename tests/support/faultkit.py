"""Helpers of the fault tests: generated complaint files, `crossline ingest` subprocesses,
and what a store holds (counts, indicator tallies, campaign membership) to compare runs."""

from __future__ import annotations

import csv
import importlib.util
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from sqlalchemy import func, select

from crossline.store import Store
from crossline.store.schema import components, imports, indicators, reports, sightings

ROOT = Path(__file__).resolve().parents[2]


def _bench_synth() -> ModuleType:
    """bench/synth.py, the generator the benchmarks use, loaded from its file."""
    spec = importlib.util.spec_from_file_location("bench_synth", ROOT / "bench" / "synth.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


complaints = _bench_synth().complaints

HEADER = ["reference_number", "date_received", "narrative", "amount_paid", "contact_method"]


def write_complaints(path: Path, n: int) -> Path:
    """``n`` Consumer-Sentinel-style complaints with heavily reused numbers (campaigns)."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for i, c in enumerate(complaints(n)):
            w.writerow([c.ref, f"03/{1 + i % 28:02d}/2024", c.narrative, f"${i % 90}.00", "Phone"])
    return path


def ingest_cmd(home: Path, url: str, path: Path, batch: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "crossline",
        "--home",
        str(home),
        "--db",
        url,
        "ingest",
        str(path),
        "--format",
        "sentinel_csv",
        "--batch-size",
        str(batch),
        "--json",
    ]


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src"), "CROSSLINE_SECRET_KEY": "k" * 40}


def run_ingest(
    home: Path, url: str, path: Path, batch: int, preexec: Callable[[], None] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ingest_cmd(home, url, path, batch),
        env=env(),
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=preexec,
    )


def committed_rows(store: Store) -> int:
    """Rows recorded by batches committed so far (every import, running or not)."""
    with store.read() as conn:
        return int(conn.execute(select(func.coalesce(func.sum(imports.c.stored), 0))).scalar())


def state(store: Store) -> dict[str, Any]:
    """What must be identical between a clean run and an interrupted-then-resumed one."""
    i = indicators.c
    with store.read() as conn:
        members: dict[str | None, set[str]] = {}
        for rid, cid in conn.execute(select(reports.c.id, reports.c.component_id)):
            members.setdefault(cid, set()).add(rid)
        return {
            "reports": conn.execute(select(func.count()).select_from(reports)).scalar(),
            "sightings": conn.execute(select(func.count()).select_from(sightings)).scalar(),
            "indicators": {
                (r.kind, r.value): (r.report_count, bool(r.common), r.component_id)
                # Named columns: the store may be at an older revision than the schema.
                for r in conn.execute(
                    select(i.kind, i.value, i.report_count, i.common, i.component_id)
                )
            },
            "campaigns": {
                r.id: (r.report_count, r.min_report_id) for r in conn.execute(select(components))
            },
            "membership": {cid: frozenset(ids) for cid, ids in members.items() if cid},
        }


def components_from_links(store: Store) -> dict[str, frozenset[str]]:
    """Campaigns recomputed from scratch: connected groups of reports sharing a non-common
    indicator, keyed like the node keys them. The stored ones must equal these."""
    from crossline.link.campaigns import component_id

    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    with store.read() as conn:
        rows = conn.execute(
            select(sightings.c.indicator_id, sightings.c.report_id)
            .join(indicators, indicators.c.id == sightings.c.indicator_id)
            .where(indicators.c.common.is_(False))
        )
        first: dict[str, str] = {}
        for ind, rep in rows:
            find(rep)
            if ind in first:
                a, b = find(first[ind]), find(rep)
                if a != b:
                    parent[max(a, b)] = min(a, b)
            else:
                first[ind] = rep
    groups: dict[str, set[str]] = {}
    for rep in parent:
        groups.setdefault(find(rep), set()).add(rep)
    return {component_id(min(g)): frozenset(g) for g in groups.values() if len(g) > 1}


def split_alternating(path: Path, a: Path, b: Path) -> None:
    """Two files with every other row: their campaigns overlap everywhere."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    a.write_text(lines[0] + "".join(lines[1::2]), encoding="utf-8")
    b.write_text(lines[0] + "".join(lines[2::2]), encoding="utf-8")
