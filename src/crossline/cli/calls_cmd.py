"""``crossline calls ...`` and ``crossline traceback ...``: call records, campaigns, traceback."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from crossline.calls import analysis, tracestore
from crossline.calls.cdr import import_cdrs
from crossline.calls.content import ContentParams
from crossline.calls.store import CallsStore
from crossline.calls.synthetic import SyntheticConfig, generate_into_store
from crossline.calls.trace_request import render_request
from crossline.calls.transcripts import (
    complaint_matches,
    evaluate_ftc,
    read_dnc_numbers,
    read_transcripts,
    transcript_campaigns,
)
from crossline.config import Settings
from crossline.errors import CrosslineError


def _json_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--json``; with it, Crossline errors are printed in the JSON error shape.

    The top-level group looks for ``--json`` in ``sys.argv``, which is not where it is
    when the command is invoked programmatically, so each command handles it itself.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CrosslineError as exc:
            if not kwargs.get("as_json"):
                raise
            click.echo(json.dumps(exc.to_dict()))
            raise SystemExit(2) from exc

    return click.option("--json", "as_json", is_flag=True, help="Print JSON.")(wrapper)


def _store(ctx: click.Context) -> CallsStore:
    settings = ctx.obj
    assert isinstance(settings, Settings)
    return CallsStore.from_settings(settings)


def _emit(data: Any, as_json: bool, text: str) -> None:
    click.echo(json.dumps(data, default=str, indent=1) if as_json else text)


def _table(rows: list[dict[str, Any]], cols: list[str]) -> str:
    if not rows:
        return "(none)"
    widths = {c: max(len(c), *(len(str(r.get(c, ""))) for r in rows)) for c in cols}
    head = "  ".join(c.ljust(widths[c]) for c in cols)
    body = ["  ".join(str(r.get(c, "")).ljust(widths[c]) for c in cols) for r in rows]
    return "\n".join([head, *body])


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
@_json_option
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
    result = import_cdrs(_store(ctx), path, source=source, region=region, assume_tz=assume_tz)
    d = result.to_dict()
    if result.skipped:
        text = f"{path}: already imported as {result.import_id}; nothing to do"
    else:
        reasons = ", ".join(f"{k} {v}" for k, v in result.reasons.items()) or "none"
        text = (
            f"{path}: {result.rows_in} rows, {result.stored} stored, {result.quarantined} "
            f"quarantined, {result.duplicates} duplicates (reasons: {reasons})"
        )
    _emit(d, as_json, text)


@calls.command("generate")
@click.option("--rows", default=200_000, show_default=True, type=click.IntRange(min=1000))
@click.option("--days", default=3, show_default=True, type=click.IntRange(min=1))
@click.option("--seed", default=7, show_default=True)
@_json_option
@click.pass_context
def generate_cmd(ctx: click.Context, rows: int, days: int, seed: int, as_json: bool) -> None:
    """Add seeded synthetic call records with planted campaigns (marked synthetic)."""
    truth = generate_into_store(_store(ctx), SyntheticConfig(rows=rows, days=days, seed=seed))
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
    _emit(d, as_json, text)


@calls.command("features")
@click.option("--top", default=10, show_default=True, help="Carriers to list.")
@_json_option
@click.pass_context
def features_cmd(ctx: click.Context, top: int, as_json: bool) -> None:
    """Recompute caller, trunk and carrier features over all stored records."""
    store = _store(ctx)
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
        f"{result['seconds']} s\n" + _table(carriers, list(carriers[0]) if carriers else [])
    )
    _emit(result, as_json, text)


@calls.command("campaigns")
@click.option("--limit", default=20, show_default=True)
@click.option(
    "--refresh/--no-refresh",
    default=True,
    show_default=True,
    help="Recompute features and campaigns first.",
)
@_json_option
@click.pass_context
def campaigns_cmd(ctx: click.Context, limit: int, refresh: bool, as_json: bool) -> None:
    """Detect campaigns by shared infrastructure and list them, largest first."""
    store = _store(ctx)
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
        + _table(rows, cols)
    )
    _emit({"run": run, "campaigns": rows}, as_json, text)


@calls.command("campaign")
@click.argument("campaign_id")
@click.option("--calls", "n_calls", default=10, show_default=True, help="Sample calls to show.")
@_json_option
@click.pass_context
def campaign_cmd(ctx: click.Context, campaign_id: str, n_calls: int, as_json: bool) -> None:
    """Show one campaign: summary, trunk-days and sample calls."""
    d = analysis.campaign_detail(_store(ctx), campaign_id, n_calls)
    summary = {k: v for k, v in d.items() if k not in ("cells", "sample_calls")}
    text = "\n".join(
        [
            *(f"{k}: {v}" for k, v in summary.items()),
            "",
            "trunk-days:",
            _table(
                d["cells"], ["orig_carrier", "orig_trunk", "day", "class", "n", "total", "share"]
            ),
            "",
            "sample calls:",
            _table(
                d["sample_calls"],
                ["call_id", "start_utc", "caller", "callee", "orig_trunk", "attestation", "class"],
            ),
        ]
    )
    _emit(d, as_json, text)


@calls.command("carrier")
@click.argument("name")
@_json_option
@click.pass_context
def carrier_cmd(ctx: click.Context, name: str, as_json: bool) -> None:
    """Profile one carrier: traffic features, trunks, what it signed, campaigns, traceback."""
    d = analysis.carrier_profile(_store(ctx), name)
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
            _table(
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
    _emit(d, as_json, text)


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
@_json_option
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
    _emit(d, as_json, text)


@calls.command("eval-transcripts")
@click.option(
    "--data",
    "data_file",
    type=click.Path(path_type=Path),
    default=None,
    help="FTC metadata.csv (default: ../shared/data/ftc-robocall-transcripts).",
)
@click.option("--no-callbacks", is_flag=True)
@_json_option
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
    _emit(d, as_json, text)


@click.group("traceback")
def traceback() -> None:
    """Traceback hops: import, chains, provider scorecard, next-hop requests."""


@traceback.command("import")
@click.argument("path", type=click.Path(path_type=Path))
@_json_option
@click.pass_context
def tb_import(ctx: click.Context, path: Path, as_json: bool) -> None:
    """Import a CSV of traceback hop records."""
    r = tracestore.import_tracebacks(_store(ctx), path)
    text = (
        f"{path}: already imported"
        if r.skipped
        else f"{path}: {r.rows_in} hops, {r.stored} stored, {r.quarantined} quarantined"
        + (f" ({', '.join(f'{k} {v}' for k, v in r.reasons.items())})" if r.reasons else "")
    )
    _emit(r.to_dict(), as_json, text)


@traceback.command("chains")
@click.option("--campaign", default=None, help="Only tracebacks of this campaign.")
@_json_option
@click.pass_context
def tb_chains(ctx: click.Context, campaign: str | None, as_json: bool) -> None:
    """Rebuild each traceback chain and name its originator, gateway or dead end."""
    chains = tracestore.load_chains(_store(ctx), campaign)
    rows = [c.to_dict() for c in chains]
    text = (
        "\n".join(
            f"{c.traceback_id}: {' <- '.join(c.path)} => {c.outcome}"
            + (f" ({c.culprit})" if c.culprit else f" (next: {c.next_provider})")
            + (f"  [issues: {'; '.join(c.issues)}]" if c.issues else "")
            for c in chains
        )
        or "(no tracebacks)"
    )
    _emit(rows, as_json, text)


@traceback.command("scorecard")
@_json_option
@click.pass_context
def tb_scorecard(ctx: click.Context, as_json: bool) -> None:
    """Per provider: originated, let in, unanswered tracebacks and response time."""
    rows = [s.to_dict() for s in tracestore.load_scorecard(_store(ctx))]
    cols = [
        "provider",
        "tracebacks",
        "originated",
        "foreign_point_of_entry",
        "no_response",
        "responded",
        "median_response_hours",
    ]
    _emit(rows, as_json, _table(rows, cols))


@traceback.command("request")
@click.argument("campaign_id")
@click.option("--provider", default=None, help="Only the request to this upstream provider.")
@click.option(
    "--calls",
    "limit",
    default=20,
    show_default=True,
    type=click.IntRange(min=1),
    help="Calls to list per request.",
)
@_json_option
@click.pass_context
def tb_request(
    ctx: click.Context, campaign_id: str, provider: str | None, limit: int, as_json: bool
) -> None:
    """Draft the traceback request(s) to the next hop(s) of a detected campaign."""
    settings = ctx.obj
    requests = tracestore.campaign_requests(
        _store(ctx), campaign_id, requested_by=settings.node_name, provider=provider, limit=limit
    )
    _emit(
        [r.to_dict() for r in requests], as_json, "\n\n".join(render_request(r) for r in requests)
    )
