"""``crossline calls ...``: call records, campaigns, carriers, transcripts (traceback:
:mod:`crossline.cli.traceback_cmd`)."""

from __future__ import annotations

from pathlib import Path

import click

from crossline.calls import analysis
from crossline.calls.cdr import import_cdrs
from crossline.calls.content import ContentParams
from crossline.calls.synthetic import SyntheticConfig, generate_into_store
from crossline.calls.transcripts import (
    complaint_matches,
    evaluate_ftc,
    read_dnc_numbers,
    read_transcripts,
    transcript_campaigns,
)
from crossline.cli.calls_shared import calls_store, emit, json_option, rows_table
from crossline.cli.options import path_option


@click.group()
def calls() -> None:
    """Call detail records: import, features, campaigns, carriers, transcripts."""


@calls.command("import")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--source", default=None, help="Who supplied the records (default: file name).")
@click.option(
    "--region",
    default="US",
    show_default=True,
    help="Region of national-format numbers (ISO code).",
)
@click.option(
    "--timezone",
    "assume_tz",
    default=None,
    help="IANA zone for timestamps written without an offset (else rejected).",
)
@json_option
@click.pass_context
def import_cmd(
    ctx: click.Context,
    path: Path,
    source: str | None,
    region: str,
    assume_tz: str | None,
    as_json: bool,
) -> None:
    """Import a CSV or Parquet file of call records."""
    result = import_cdrs(calls_store(ctx), path, source=source, region=region, assume_tz=assume_tz)
    d = result.to_dict()
    if result.skipped:
        text = f"{path}: already imported as {result.import_id}; nothing to do"
    else:
        reasons = ", ".join(f"{k} {v}" for k, v in result.reasons.items()) or "none"
        text = (
            f"{path}: {result.rows_in} rows, {result.stored} stored, {result.quarantined} "
            f"quarantined, {result.duplicates} duplicates (reasons: {reasons})"
        )
    emit(d, as_json, text)


@calls.command("generate")
@click.option("--rows", default=200_000, show_default=True, type=click.IntRange(min=1000))
@click.option("--days", default=3, show_default=True, type=click.IntRange(min=1))
@click.option("--seed", default=7, show_default=True)
@json_option
@click.pass_context
def generate_cmd(ctx: click.Context, rows: int, days: int, seed: int, as_json: bool) -> None:
    """Add seeded synthetic call records with planted campaigns (marked synthetic)."""
    truth = generate_into_store(calls_store(ctx), SyntheticConfig(rows=rows, days=days, seed=seed))
    d = {
        "rows": truth.rows,
        "truth_file": str(truth.truth_file),
        "campaigns": [c.to_dict() for c in truth.campaigns],
    }
    text = "\n".join(
        [
            f"{truth.rows} synthetic calls, {len(truth.campaigns)} planted campaigns; "
            f"truth in {truth.truth_file}"
        ]
        + [
            f"  {c.id} {c.tactic:15} {c.calls:>9} calls via "
            + ", ".join(f"{e.carrier}/{e.trunk}" for e in c.entries)
            for c in truth.campaigns
        ]
    )
    emit(d, as_json, text)


@calls.command("features")
@click.option("--top", default=10, show_default=True, help="Carriers to list.")
@json_option
@click.pass_context
def features_cmd(ctx: click.Context, top: int, as_json: bool) -> None:
    """Recompute caller, trunk and carrier features over all stored records."""
    store = calls_store(ctx)
    result = analysis.analyze(store, campaigns=False)
    f = result["features"]
    con = store.connect(read_only=True)
    try:
        carriers = analysis._rows(
            con,
            """SELECT orig_carrier, calls, answer_ratio, neighbour_ratio, foreign_domestic_ratio,
                      invalid_ratio, a_ratio, c_or_unsigned_ratio, peak_hour_calls
               FROM carrier_features ORDER BY calls DESC LIMIT ?""",
            [top],
        )
    finally:
        con.close()
    result["carriers"] = carriers
    text = (
        f"{f['rows']} calls: {f['trunk_hours']} trunk-hours, {f['carriers']} carriers, "
        f"{f['callers']} callers ({f['detailed_callers']} with details) in "
        f"{result['seconds']} s\n" + rows_table(carriers, list(carriers[0]) if carriers else [])
    )
    emit(result, as_json, text)


@calls.command("campaigns")
@click.option("--limit", default=20, show_default=True)
@click.option(
    "--refresh/--no-refresh",
    default=True,
    show_default=True,
    help="Recompute features and campaigns first.",
)
@json_option
@click.pass_context
def campaigns_cmd(ctx: click.Context, limit: int, refresh: bool, as_json: bool) -> None:
    """Detect campaigns by shared infrastructure and list them, largest first."""
    store = calls_store(ctx)
    run = analysis.analyze(store) if refresh else None
    rows = analysis.list_campaigns(store, limit)
    cols = [
        "campaign_id",
        "calls",
        "caller_ids",
        "first_seen",
        "last_seen",
        "classes",
        "carriers",
        "ingress_countries",
        "sequential_ratio",
        "score",
    ]
    text = (
        f"{len(rows)} campaigns"
        + (f" (analysis {run['seconds']} s)" if run else "")
        + "\n"
        + rows_table(rows, cols)
    )
    emit({"run": run, "campaigns": rows}, as_json, text)


@calls.command("campaign")
@click.argument("campaign_id")
@click.option("--calls", "n_calls", default=10, show_default=True, help="Sample calls to show.")
@json_option
@click.pass_context
def campaign_cmd(ctx: click.Context, campaign_id: str, n_calls: int, as_json: bool) -> None:
    """Show one campaign: summary, trunk-days and sample calls."""
    d = analysis.campaign_detail(calls_store(ctx), campaign_id, n_calls)
    summary = {k: v for k, v in d.items() if k not in ("cells", "sample_calls")}
    text = "\n".join(
        [
            *(f"{k}: {v}" for k, v in summary.items()),
            "",
            "trunk-days:",
            rows_table(
                d["cells"], ["orig_carrier", "orig_trunk", "day", "class", "n", "total", "share"]
            ),
            "",
            "sample calls:",
            rows_table(
                d["sample_calls"],
                ["call_id", "start_utc", "caller", "callee", "orig_trunk", "attestation", "class"],
            ),
        ]
    )
    emit(d, as_json, text)


@calls.command("carrier")
@click.argument("name")
@json_option
@click.pass_context
def carrier_cmd(ctx: click.Context, name: str, as_json: bool) -> None:
    """Profile one carrier: traffic features, trunks, what it signed, campaigns, traceback."""
    d = analysis.carrier_profile(calls_store(ctx), name)
    keys = [
        "calls",
        "trunks",
        "answer_ratio",
        "short_ratio",
        "neighbour_ratio",
        "foreign_domestic_ratio",
        "invalid_ratio",
        "a_ratio",
        "c_or_unsigned_ratio",
        "peak_hour_calls",
        "calls_per_active_hour",
    ]
    tb = d["traceback"]
    text = "\n".join(
        [
            f"carrier {name}",
            *(f"  {k}: {d.get(k)}" for k in keys),
            "",
            "campaigns carried:",
            rows_table(
                d["campaigns"], ["campaign_id", "calls_from_carrier", "calls", "classes", "score"]
            ),
            "",
            "traceback record: "
            + (
                f"{tb['tracebacks']} tracebacks, {tb['originated']} originated, "
                f"{tb['foreign_point_of_entry']} as point of entry, "
                f"{tb['no_response']} unanswered, "
                f"median response {tb['median_response_hours']} h"
                if tb
                else "none"
            ),
        ]
    )
    emit(d, as_json, text)


@calls.command("transcripts")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--id-column", default=None)
@click.option("--text-column", default=None)
@click.option(
    "--threshold",
    default=None,
    type=click.FloatRange(0.05, 1.0),
    help="Minimum weighted containment of a content link.",
)
@click.option("--no-callbacks", is_flag=True, help="Link by script similarity only.")
@json_option
def transcripts_cmd(
    path: Path,
    id_column: str | None,
    text_column: str | None,
    threshold: float | None,
    no_callbacks: bool,
    as_json: bool,
) -> None:
    """Cluster a CSV of transcripts into campaigns (script similarity + callback numbers)."""
    items = read_transcripts(path, id_column, text_column)
    params = ContentParams() if threshold is None else ContentParams(threshold=threshold)
    result = transcript_campaigns(items, params, callbacks=not no_callbacks)
    groups = result.groups()
    d = {
        "transcripts": len(items),
        "clusters": groups,
        "links": [{"a": x.a, "b": x.b, "score": x.score, "method": x.method} for x in result.links],
    }
    text = f"{len(items)} transcripts, {len(groups)} campaigns\n" + "\n".join(
        f"  {len(g):4d}  {', '.join(g[:4])}{' ...' if len(g) > 4 else ''}" for g in groups[:30]
    )
    emit(d, as_json, text)


@calls.command("eval-transcripts")
@path_option(
    "--data",
    "data_file",
    help="FTC metadata.csv (default: ../shared/data/ftc-robocall-transcripts).",
)
@click.option("--no-callbacks", is_flag=True)
@json_option
def eval_transcripts_cmd(data_file: Path | None, no_callbacks: bool, as_json: bool) -> None:
    """Measure transcript campaigns on the FTC robocall transcripts."""
    from crossline.calls.datasets import ftc_transcripts_path

    path = data_file or ftc_transcripts_path()
    items = read_transcripts(path)
    e = evaluate_ftc(items, callbacks=not no_callbacks)
    d = e.to_dict()
    dnc = path.parent.parent / "ftc-dnc-reported-numbers"
    joins = (
        complaint_matches(items, transcript_campaigns(items), read_dnc_numbers(dnc))
        if dnc.is_dir()
        else []
    )
    d["complaint_joins"] = joins
    text = "\n".join(
        [
            f"{e.transcripts} transcripts -> {e.clusters} clusters, {e.singletons} singletons; "
            f"largest {e.largest} (allowed {e.largest_allowed})",
            f"pairs inside clusters: {e.pairs_in_clusters}",
            "recall of independent near-duplicate tests: "
            + ", ".join(f"{k} {v}" for k, v in e.proxy_recall.items()),
            "FTC file-name tags: " + ", ".join(f"{k} {v}" for k, v in e.tag_pairs.items()),
            "links: " + ", ".join(f"{k} {v}" for k, v in e.links_by_method.items()),
            "sample clusters:",
        ]
        + [f"  - {' | '.join(s)}" for s in e.samples]
        + [
            f"joined to Do-Not-Call complaints: {j['number']} spoken in "
            f"{j['transcripts_speaking_it']} transcripts, {j['complaints']} complaints"
            for j in joins
        ]
    )
    emit(d, as_json, text)
