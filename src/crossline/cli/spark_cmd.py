"""``crossline spark ...``: run the Spark jobs locally, export/import, compare engines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from crossline.cli.options import json_option, stacked
from crossline.cli.output import answers, emit, table
from crossline.config import Settings
from crossline.store import open_store

#: Where a job runs: ``--master`` and ``--memory``.
_engine = stacked(
    click.option("--master", default="local[*]", show_default=True, help="Spark master URL."),
    click.option(
        "--memory", default="2g", show_default=True, help="Driver memory (local mode: all of it)."
    ),
)
#: ``--output``: the folder a linking job wrote.
_link_output = click.option("--output", required=True, type=click.Path(path_type=Path, exists=True))


def _figures(result: dict[str, Any]) -> str:
    """A job's figures, one a row (a nested figure as ``outer.inner``)."""
    flat = [(k, v) for k, v in result.items() if not isinstance(v, dict)]
    nested = [
        (f"{k}.{kk}", vv)
        for k, v in result.items()
        if isinstance(v, dict)
        for kk, vv in v.items()
        if not isinstance(vv, dict)
    ]
    return table([(k, v) for k, v in [*flat, *nested]], ["figure", "value"])


@click.group()
def spark() -> None:
    """Call-record analytics and bulk campaign linking on Apache Spark (docs/spark.md)."""


@spark.command("calls")
@click.option(
    "--input",
    "input_path",
    default=None,
    help="Parquet call records (dir or URI); default: this node's calls store.",
)
@click.option("--output", required=True, help="Output directory or URI (Parquet tables).")
@click.option("--compare", is_flag=True, help="Compare with this node's DuckDB tables.")
@_engine
@answers(_figures)
def calls(
    settings: Settings,
    input_path: str | None,
    output: str,
    compare: bool,
    master: str,
    memory: str,
) -> dict[str, Any]:
    """Features and campaigns of call records, on Spark."""
    from crossline.calls.store import CallsStore
    from crossline.spark.jobs import run_job

    store = CallsStore.from_settings(settings)
    result = run_job("calls", input_path or str(store.root), output, master=master, memory=memory)
    if compare:
        from crossline.spark.compare import compare_calls

        con = store.connect(read_only=True)
        try:
            result["compare"] = compare_calls(con, output)
        finally:
            con.close()
    return result


@spark.command("export")
@click.option("--output", required=True, type=click.Path(path_type=Path))
@answers(_figures)
def export(settings: Settings, output: Path) -> dict[str, Any]:
    """Write the store's link graph (reports, indicators, sightings) as Parquet."""
    from crossline.spark.export import export_link_graph

    with open_store(settings) as store:
        return {"output": str(output), **export_link_graph(store, output)}


@spark.command("link")
@click.option("--input", "input_path", required=True, help="An export (crossline spark export).")
@click.option("--output", required=True, help="Output directory or URI.")
@click.option("--no-verdicts", is_flag=True, help="Ignore the node's common-value verdicts.")
@_engine
@answers(_figures)
def link(
    settings: Settings, input_path: str, output: str, no_verdicts: bool, master: str, memory: str
) -> dict[str, Any]:
    """Campaigns (connected components) of an exported link graph, on Spark."""
    from crossline.spark.jobs import run_job

    return run_job(
        "link", input_path, output, master=master, memory=memory, verdicts=not no_verdicts
    )


@spark.command("compare-link")
@_link_output
@json_option
@click.pass_obj
def compare_link_cmd(settings: Settings, output: Path, as_json: bool) -> None:
    """Compare a linking job's campaigns with the store's (exit 1 when they differ)."""
    from crossline.spark.compare import compare_link

    with open_store(settings) as store:
        result = compare_link(store, output)
    emit(result, as_json, _figures)
    if not result["same_campaigns"]:
        raise SystemExit(1)


@spark.command("import-link")
@_link_output
@answers(_figures)
def import_link(settings: Settings, output: Path) -> dict[str, Any]:
    """Replace the store's campaign assignments with a linking job's (one transaction)."""
    from crossline.spark.export import import_components

    with open_store(settings) as store:
        return import_components(store, output)
