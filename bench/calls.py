"""Benchmark of the calls analytics: synthetic CDRs at scale, and the FTC transcripts.

    python bench/calls.py --rows 100000000          # the target scale (needs ~4 GB of disk)
    python bench/calls.py --rows 2000000            # a quick run
    python bench/calls.py --engine spark --rows 10000000   # the same on Spark (local mode)

Steps, each in a child process so its peak memory is its own:

1. generate ``--rows`` synthetic calls with planted campaigns into a calls store
   (Parquet, as an import would leave them);
2. feature extraction + campaign detection over the Parquet files (the timed part);
3. precision/recall of the planted campaigns (call level, see
   ``crossline.calls.evaluation``);
4. transcript campaigns on the FTC robocall transcripts, when ``../shared`` is there.

Figures are printed with their targets: <= 90 s and <= 8 GiB for step 2 at 100M rows,
precision and recall >= 0.95, largest transcript cluster <= a tenth of them.

``--engine spark`` runs step 2 with PySpark in local mode (``local[*]``; the JVM's
memory and the driver's are both counted in the peak), writes the tables as Parquet
next to the records, scores them the same way, then runs the DuckDB path on the
same records and compares the two (campaign ids, each campaign's calls, statistics;
``--no-compare`` skips it). On Spark the point is the same result, not the speed.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import resource
import shutil
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

TARGET_SECONDS_100M = 90.0
TARGET_GIB = 8.0


def _generate(root: str, rows: int, days: int, seed: int, out: Any) -> None:
    from crossline.calls.store import CallsStore
    from crossline.calls.synthetic import SyntheticConfig, generate_into_store

    t = time.perf_counter()
    truth = generate_into_store(
        CallsStore(Path(root)), SyntheticConfig(rows=rows, days=days, seed=seed)
    )
    out.put(
        {
            "seconds": time.perf_counter() - t,
            "truth": str(truth.truth_file),
            "campaigns": len(truth.campaigns),
            "planted_calls": sum(c.calls for c in truth.campaigns),
        }
    )


def _analyze(root: str, threads: int | None, out: Any) -> None:
    from crossline.calls import analysis
    from crossline.calls.store import CallsStore

    t, cpu = time.perf_counter(), time.process_time()
    result = analysis.analyze(CallsStore(Path(root), threads=threads))
    result["wall"] = time.perf_counter() - t
    # CPU seconds of all threads: on a machine shared with other work this is the figure
    # that does not depend on how busy the neighbours were
    result["cpu"] = time.process_time() - cpu
    out.put(result)


def _tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants (the JVM is a child)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        p = int(stat.parent.name)
        children.setdefault(int(fields[1]), []).append(p)
        rss[p] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(children.get(p, []))
    return total


def _analyze_spark(root: str, memory: str, out: Any) -> None:
    import threading

    from crossline.spark.calls import run_calls
    from crossline.spark.session import spark_session

    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.5):
            peak[0] = max(peak[0], _tree_rss(os.getpid()))

    threading.Thread(target=sample, daemon=True).start()
    t = time.perf_counter()
    spark = spark_session("local[*]", memory=memory, local_dir=Path(root) / "spark-tmp")
    started = time.perf_counter() - t
    result = run_calls(spark, root, str(Path(root) / "spark-out"))
    spark.stop()
    done.set()
    result["wall"] = time.perf_counter() - t
    result["jvm_start"] = started
    result["tree_peak_gib"] = peak[0] / 2**30
    out.put(result)


def _score(root: str, truth: str, spark_out: str | None = None, *, out: Any) -> None:
    import duckdb

    from crossline.calls.evaluation import score_cdr_campaigns
    from crossline.calls.store import CallsStore

    if spark_out:
        con = duckdb.connect()
        con.execute(
            "CREATE VIEW campaign_calls AS SELECT * FROM "
            f"read_parquet('{spark_out}/campaign_calls/*.parquet')"
        )
    else:
        con = CallsStore(Path(root)).connect()
    try:
        out.put(score_cdr_campaigns(con, Path(truth)).to_dict())
    finally:
        con.close()


def _compare(root: str, spark_out: str, out: Any) -> None:
    from crossline.calls.store import CallsStore
    from crossline.spark.compare import compare_calls

    con = CallsStore(Path(root)).connect(read_only=True)
    try:
        out.put(compare_calls(con, spark_out))
    finally:
        con.close()


def _peak_gib() -> float:
    """Peak resident memory of this process (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (1024 * 1024)


def _run(target: Any, args: tuple[Any, ...], queue: Any) -> None:
    target(*args, out=queue)
    queue.put({"peak_gib": _peak_gib()})


def _child(target: Any, *args: Any) -> tuple[dict[str, Any], float]:
    """Run ``target`` in a fresh process; return its result and its own peak RSS in GiB."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_run, args=(target, args, queue))
    proc.start()
    result = queue.get()
    peak = queue.get()["peak_gib"]
    proc.join()
    if proc.exitcode != 0:
        raise SystemExit(f"{target.__name__} failed with exit code {proc.exitcode}")
    return result, peak


def bench_cdr(args: argparse.Namespace) -> None:
    root = Path(args.dir or f"/tmp/crossline-bench-calls-{args.rows}")
    if root.exists() and not args.reuse:
        shutil.rmtree(root)
    print(
        f"== synthetic CDRs: {args.rows:,} rows, {args.days} days, seed {args.seed} "
        f"({os.cpu_count()} cores) in {root}"
    )
    gen, gen_gib = _child(_generate, str(root), args.rows, args.days, args.seed)
    print(
        f"generate      {gen['seconds']:8.1f} s  {args.rows / gen['seconds']:>12,.0f} rows/s  "
        f"peak {gen_gib:.2f} GiB  ({gen['campaigns']} campaigns, "
        f"{gen['planted_calls']:,} planted calls)"
    )
    size = sum(p.stat().st_size for p in (root / "cdr").glob("*.parquet"))
    print(f"parquet       {size / 2**30:8.2f} GiB on disk")
    if args.generate_only:
        return
    if args.engine == "spark":
        bench_spark(args, root, gen)
        return
    load_before = os.getloadavg()[0]
    res, gib = _child(_analyze, str(root), args.threads)
    load_after = os.getloadavg()[0]
    secs = res["wall"]
    feats, camps = res["features"], res["campaigns"]
    _print_steps(feats, camps)
    target = TARGET_SECONDS_100M * args.rows / 100_000_000
    print(
        f"TOTAL         {secs:8.1f} s  {args.rows / secs:>12,.0f} rows/s  peak {gib:.2f} GiB  "
        f"(time/target {secs / target:.2f} for {target:.0f} s pro rata; "
        f"memory/target {gib / TARGET_GIB:.2f})"
    )
    cores = os.cpu_count() or 1
    print(
        f"CPU           {res['cpu']:8.1f} s over all threads = {res['cpu'] / cores:.1f} s of wall "
        f"time on {cores} idle cores; load average {load_before:.1f} before, {load_after:.1f} "
        "after (other work on the machine)"
    )
    print(
        f"              {camps['suspects']:,} suspect calls, {camps['cells']} trunk-day cells, "
        f"{camps['campaigns']} campaigns, {camps['campaign_calls']:,} campaign calls"
    )
    score, _ = _child(_score, str(root), gen["truth"])
    print(
        f"precision     {score['precision']:.4f}  recall {score['recall']:.4f}  "
        f"(target >= 0.95)  planted {score['planted']}, found {score['found']}, detected "
        f"{score['detected']}, fragments per planted {score['fragments']}, "
        f"false calls {score['false_calls']:,}"
    )
    if args.json:
        print(
            json.dumps(
                {
                    "rows": args.rows,
                    "generate": gen,
                    "analysis": res,
                    "score": score,
                    "peak_gib": gib,
                },
                default=str,
            )
        )
    if not args.keep:
        shutil.rmtree(root)


def _print_steps(feats: dict[str, Any], camps: dict[str, Any]) -> None:
    """Wall seconds per step, then CPU seconds (all threads) per step where measured."""
    print(
        f"features      {feats['seconds']['total']:8.1f} s  "
        + "  ".join(f"{k} {v:.1f}" for k, v in feats["seconds"].items() if k != "total")
    )
    print(
        f"campaigns     {sum(camps['seconds'].values()):8.1f} s  "
        + "  ".join(f"{k} {v:.1f}" for k, v in camps["seconds"].items())
    )
    cpu = {**feats.get("cpu", {}), **camps.get("cpu", {})}
    cpu.pop("total", None)
    if cpu:
        print(
            f"  CPU         {sum(cpu.values()):8.1f} s  "
            + "  ".join(f"{k} {v:.1f}" for k, v in cpu.items())
        )


def bench_spark(args: argparse.Namespace, root: Path, gen: dict[str, Any]) -> None:
    """Step 2 on Spark (local mode), scored, then compared with the DuckDB path."""
    spark_out = str(root / "spark-out")
    load_before = os.getloadavg()[0]
    res, _ = _child(_analyze_spark, str(root), args.spark_memory)
    load_after = os.getloadavg()[0]
    feats, camps = res["features"], res["campaigns"]
    print(
        f"spark start   {res['jvm_start']:8.1f} s  (JVM and session, local[*], driver memory "
        f"{args.spark_memory})"
    )
    _print_steps(feats, camps)
    secs = res["wall"]
    print(
        f"TOTAL spark   {secs:8.1f} s  {args.rows / secs:>12,.0f} rows/s  peak "
        f"{res['tree_peak_gib']:.2f} GiB (Python driver + JVM, sampled every 0.5 s); load "
        f"average {load_before:.1f} before, {load_after:.1f} after"
    )
    print(
        f"              {camps['suspects']:,} suspect calls, {camps['cells']} trunk-day cells, "
        f"{camps['campaigns']} campaigns, {camps['campaign_calls']:,} campaign calls"
    )
    score, _ = _child(_score, str(root), gen["truth"], spark_out)
    print(
        f"precision     {score['precision']:.4f}  recall {score['recall']:.4f}  "
        f"(target >= 0.95)  planted {score['planted']}, found {score['found']}, detected "
        f"{score['detected']}, fragments per planted {score['fragments']}, "
        f"false calls {score['false_calls']:,}"
    )
    report: dict[str, Any] = {"rows": args.rows, "engine": "spark", "analysis": res}
    report["score"] = score
    if not args.no_compare:
        duck, duck_gib = _child(_analyze, str(root), args.threads)
        duck_score, _ = _child(_score, str(root), gen["truth"])
        cmp, _ = _child(_compare, str(root), spark_out)
        print(
            f"duckdb        {duck['wall']:8.1f} s  peak {duck_gib:.2f} GiB  precision "
            f"{duck_score['precision']:.4f}  recall {duck_score['recall']:.4f}  detected "
            f"{duck_score['detected']}"
        )
        print(
            f"same result   {cmp['same_campaigns']}: campaigns {cmp['campaigns_spark']} on Spark, "
            f"{cmp['campaigns_duckdb']} on DuckDB ({cmp['campaigns_only_spark']} only on Spark, "
            f"{cmp['campaigns_only_duckdb']} only on DuckDB); {cmp['calls_same_campaign']:,} "
            f"campaign calls agree, {cmp['calls_differing']:,} differ; "
            f"{cmp['campaigns_with_different_stats']} campaigns with other statistics; "
            f"feature tables identical: {cmp['same_tables']} {cmp['table_rows_differing']}; "
            f"distinct callees (HLL vs exact) within "
            f"{100 * cmp['max_callees_relative_difference']:.1f}%"
        )
        report.update(duckdb=duck, duckdb_score=duck_score, compare=cmp)
    if args.json:
        print(json.dumps(report, default=str))
    if not args.keep:
        shutil.rmtree(root)


def bench_transcripts(args: argparse.Namespace) -> None:
    from crossline.calls.datasets import shared_data_dir
    from crossline.calls.transcripts import evaluate_ftc, read_transcripts

    base = shared_data_dir()
    path = base / "ftc-robocall-transcripts" / "metadata.csv" if base else None
    if path is None or not path.is_file():
        print("== FTC transcripts: not available (set CROSSLINE_SHARED_DATA), skipped")
        return
    items = read_transcripts(path)
    for callbacks in (False, True):
        t = time.perf_counter()
        e = evaluate_ftc(items, callbacks=callbacks, samples=3)
        secs = time.perf_counter() - t
        label = "script + callback links" if callbacks else "script links only"
        print(f"== FTC transcripts ({label}): {e.transcripts} in {secs:.2f} s")
        print(
            f"clusters      {e.clusters} (+{e.singletons} singletons), largest {e.largest} "
            f"(allowed {e.largest_allowed}, ratio {e.largest / e.largest_allowed:.2f}), "
            f"{e.pairs_in_clusters:,} pairs inside clusters"
        )
        print(
            "agreement     " + ", ".join(f"{k} recall {v:.4f}" for k, v in e.proxy_recall.items())
        )
        tp = e.tag_pairs
        print(
            f"FTC tags      same tag together {tp['same_tag_together']}, apart "
            f"{tp['same_tag_apart']}; different tags together {tp['different_tags_together']}"
        )
        print("links         " + ", ".join(f"{k} {v}" for k, v in e.links_by_method.items()))
    for sample in e.samples:
        print("  sample: " + " | ".join(s[:60] for s in sample))
    dnc = base / "ftc-dnc-reported-numbers" if base else None
    if dnc is not None and dnc.is_dir():
        from crossline.calls.transcripts import (
            complaint_matches,
            read_dnc_numbers,
            transcript_campaigns,
        )

        complaints = read_dnc_numbers(dnc)
        joins = complaint_matches(items, transcript_campaigns(items), complaints)
        print(
            f"== joins with FTC Do-Not-Call complaints ({sum(complaints.values()):,} "
            f"complaints): {len(joins)} spoken callback numbers also complained about"
        )
        for j in joins[:5]:
            print(
                f"  {j['number']}: spoken in {j['transcripts_speaking_it']} transcripts of a "
                f"{j['campaign_size']}-transcript campaign, {j['complaints']} complaints"
            )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000_000)
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--threads", type=int, default=None, help="DuckDB threads (default all)")
    parser.add_argument(
        "--engine", choices=("duckdb", "spark"), default="duckdb", help="Engine of step 2."
    )
    parser.add_argument(
        "--spark-memory", default="6g", help="Spark driver (= local executor) memory."
    )
    parser.add_argument(
        "--no-compare", action="store_true", help="Spark: do not run DuckDB to compare."
    )
    parser.add_argument("--dir", default=None, help="Where to put the data (default /tmp/...)")
    parser.add_argument("--reuse", action="store_true", help="Reuse data generated before.")
    parser.add_argument("--keep", action="store_true", help="Keep the data afterwards.")
    parser.add_argument(
        "--generate-only", action="store_true", help="Generate (and keep) the data, then stop."
    )
    parser.add_argument("--skip-cdr", action="store_true")
    parser.add_argument("--skip-transcripts", action="store_true")
    parser.add_argument("--json", action="store_true", help="Also print the figures as JSON.")
    args = parser.parse_args()
    if not args.skip_cdr:
        bench_cdr(args)
    if not args.skip_transcripts:
        bench_transcripts(args)


if __name__ == "__main__":
    main()
