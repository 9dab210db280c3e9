"""``crossline schema``: print the JSON Schemas of Crossline's exchange formats."""

from __future__ import annotations

import json

import click

from crossline.ingest.jsonl import report_json_schema


@click.group()
def schema() -> None:
    """Print JSON Schemas (draft 2020-12) of Crossline's formats."""


@schema.command("report")
@click.option("--compact", is_flag=True, help="One line instead of indented JSON.")
def report(compact: bool) -> None:
    """The canonical report: one line of a Crossline JSON Lines file (format jsonl)."""
    click.echo(json.dumps(report_json_schema(), indent=None if compact else 2))
