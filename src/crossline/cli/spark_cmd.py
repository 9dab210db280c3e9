"""``crossline spark ...``: run the Spark jobs locally, export/import, compare engines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from crossline.cli.output import emit_json, table
from crossline.config import Settings

_master = click.option("--master", default="local[*]", show_default=True, help="Spark master URL.")
_memory = click.option(
    "--memory", default="2g", show_default=True, help="Driver memory (local mode: all of it)."
)
_json = click.option("--json", "as_json", is_flag=True)


def _show(result: dict[str, Any], as_json: bool) -> None:
    if as_json:
        emit_json(result)
        return
    flat = [(k, v) for k, v in result.items() if not isinstance(v, dict)]
    nested = [
        (f"{k}.{kk}", vv)
        for k, v in result.items()
        if isinstance(v, dict)
        for kk, vv in v.items()
        if not isinstance(vv, dict)
    ]
    click.echo(table([(k, v) for k, v in [*flat, *nested]], ["figure", "value"]))


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
@_master
@_memory
@_json
@click.pass_obj
def calls(
    settings: Settings,
    input_path: str | None,
    output: str,
    compare: bool,
    master: str,
    memory: str,
    as_json: bool,
) -> None:
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
    _show(result, as_json)


@spark.command("export")
@click.option("--output", required=True, type=click.Path(path_type=Path))
@_json
@click.pass_obj
def export(settings: Settings, output: Path, as_json: bool) -> None:
    """Write the store's link graph (reports, indicators, sightings) as Parquet."""
    from crossline.spark.export import export_link_graph
    from crossline.store import open_store

    with open_store(settings) as store:
        counts = export_link_graph(store, output)
    _show({"output": str(output), **counts}, as_json)


@spark.command("link")
@click.option("--input", "input_path", required=True, help="An export (crossline spark export).")
@click.option("--output", required=True, help="Output directory or URI.")
@click.option("--no-verdicts", is_flag=True, help="Ignore the node's common-value verdicts.")
@_master
@_memory
@_json
@click.pass_obj
def link(
    settings: Settings,
    input_path: str,
    output: str,
    no_verdicts: bool,
    master: str,
    memory: str,
    as_json: bool,
) -> None:
    """Campaigns (connected components) of an exported link graph, on Spark."""
    from crossline.spark.jobs import run_job

    result = run_job(
        "link", input_path, output, master=master, memory=memory, verdicts=not no_verdicts
    )
    _show(result, as_json)


@spark.command("compare-link")
@click.option("--output", required=True, type=click.Path(path_type=Path, exists=True))
@_json
@click.pass_obj
def compare_link_cmd(settings: Settings, output: Path, as_json: bool) -> None:
    """Compare a linking job's campaigns with the store's (exit 1 when they differ)."""
    from crossline.spark.compare import compare_link
    from crossline.store import open_store

    with open_store(settings) as store:
        result = compare_link(store, output)
    _show(result, as_json)
    if not result["same_campaigns"]:
        raise SystemExit(1)


@spark.command("import-link")
@click.option("--output", required=True, type=click.Path(path_type=Path, exists=True))
@_json
@click.pass_obj
def import_link(settings: Settings, output: Path, as_json: bool) -> None:
    """Replace the store's campaign assignments with a linking job's (one transaction)."""
    from crossline.spark.export import import_components
    from crossline.store import open_store

    with open_store(settings) as store:
        result = import_components(store, output)
    _show(result, as_json)
