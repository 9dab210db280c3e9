"""``crossline traceback ...``: traceback hops, chains, provider scorecard, next-hop
requests."""

from __future__ import annotations

from pathlib import Path

import click

from crossline.calls import tracestore
from crossline.calls.trace_request import render_request
from crossline.cli.calls_shared import calls_store, emit, json_option, rows_table


@click.group("traceback")
def traceback() -> None:
    """Traceback hops: import, chains, provider scorecard, next-hop requests."""


@traceback.command("import")
@click.argument("path", type=click.Path(path_type=Path))
@json_option
@click.pass_context
def tb_import(ctx: click.Context, path: Path, as_json: bool) -> None:
    """Import a CSV of traceback hop records."""
    r = tracestore.import_tracebacks(calls_store(ctx), path)
    text = (
        f"{path}: already imported"
        if r.skipped
        else f"{path}: {r.rows_in} hops, {r.stored} stored, {r.quarantined} quarantined"
        + (f" ({', '.join(f'{k} {v}' for k, v in r.reasons.items())})" if r.reasons else "")
    )
    emit(r.to_dict(), as_json, text)


@traceback.command("chains")
@click.option("--campaign", default=None, help="Only tracebacks of this campaign.")
@json_option
@click.pass_context
def tb_chains(ctx: click.Context, campaign: str | None, as_json: bool) -> None:
    """Rebuild each traceback chain and name its originator, gateway or dead end."""
    chains = tracestore.load_chains(calls_store(ctx), campaign)
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
    emit(rows, as_json, text)


@traceback.command("scorecard")
@json_option
@click.pass_context
def tb_scorecard(ctx: click.Context, as_json: bool) -> None:
    """Per provider: originated, let in, unanswered tracebacks and response time."""
    rows = [s.to_dict() for s in tracestore.load_scorecard(calls_store(ctx))]
    cols = [
        "provider",
        "tracebacks",
        "originated",
        "foreign_point_of_entry",
        "no_response",
        "responded",
        "median_response_hours",
    ]
    emit(rows, as_json, rows_table(rows, cols))


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
@json_option
@click.pass_context
def tb_request(
    ctx: click.Context, campaign_id: str, provider: str | None, limit: int, as_json: bool
) -> None:
    """Draft the traceback request(s) to the next hop(s) of a detected campaign."""
    settings = ctx.obj
    requests = tracestore.campaign_requests(
        calls_store(ctx),
        campaign_id,
        requested_by=settings.node_name,
        provider=provider,
        limit=limit,
    )
    emit([r.to_dict() for r in requests], as_json, "\n\n".join(render_request(r) for r in requests))
