"""Readable campaigns: the cost of naming script clusters and of the server-drawn charts.

    python bench/readable.py            # FTC transcripts from ../shared/data; 200 SVG runs

Prints: transcripts, clusters, time to name every cluster (TF-IDF over all of them, the
work done after each transcript import), and the time to draw the weekly trend chart and
both state maps (per dashboard load). Needs the shared FTC transcripts for the first part.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from crossline.web import svgcharts

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "ftc-robocall-transcripts"


def bench_names() -> None:
    from crossline.calls.transcripts import read_transcripts, transcript_campaigns
    from crossline.link.script_names import name_clusters

    path = DATA / "metadata.csv"
    if not path.is_file():
        print("naming: shared FTC transcripts not found, skipped")
        return
    items = read_transcripts(path)
    text = dict(items)
    clusters = {
        f"c{k}": [text[m] for m in g]
        for k, g in enumerate(transcript_campaigns(items).groups())
        if len(g) >= 2
    }
    members = sum(len(v) for v in clusters.values())
    t0 = time.perf_counter()
    names = name_clusters(clusters)
    dt = time.perf_counter() - t0
    print(f"naming: {len(items)} transcripts, {len(clusters)} clusters ({members} members): "
          f"{dt * 1000:.0f} ms, {members / dt:,.0f} transcripts/s")  # fmt: skip
    for cid in list(clusters)[:5]:
        print(f"  {len(clusters[cid]):4d}  {names[cid]}")


def bench_svg(runs: int) -> None:
    weeks = [f"2024-{1 + k // 4:02d}-{1 + 7 * (k % 4):02d}" for k in range(26)]
    trend = {
        "weeks": weeks,
        "series": {f"type_{t}": [k * t % 17 for k in range(26)] for t in range(8)},
    }
    places = [{"country": "US", "state": s, "reports": 3, "victims": 2} for s in ("TX", "CA", "NY")]
    places += [
        {"country": "IN", "state": s, "reports": 5, "victims": 4} for s in ("Maharashtra", "Delhi")
    ]
    svgcharts.state_map("US", {}, title="warm")  # load the map files once
    t0 = time.perf_counter()
    size = 0
    for _ in range(runs):
        size = len(svgcharts.weekly_bars(trend, title="t"))
        for country in ("US", "IN"):
            counts = svgcharts.state_counts(places, country)
            size += len(svgcharts.state_map(country, counts, title="m"))
    dt = (time.perf_counter() - t0) / runs
    print(
        f"charts: trend + 2 maps drawn in {dt * 1000:.2f} ms per dashboard, "
        f"{size / 1024:.0f} KiB of SVG"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=200)
    args = ap.parse_args()
    print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.2f}")
    bench_names()
    bench_svg(args.runs)


if __name__ == "__main__":
    main()
