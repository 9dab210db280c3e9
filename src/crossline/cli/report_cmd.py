"""``crossline report REF [--history]``: one report, its values and its versions."""

from __future__ import annotations

import json

import click

from crossline.cli.options import json_option
from crossline.cli.output import emit_json
from crossline.config import Settings
from crossline.ingest.history import find_report_id, report_history
from crossline.store import open_store


@click.command()
@click.argument("ref")
@click.option("--source", default=None, help="The report's source, when two share a reference.")
@click.option("--history", is_flag=True, help="Every version and what each one changed.")
@json_option
@click.pass_obj
def report(settings: Settings, ref: str, source: str | None, history: bool, as_json: bool) -> None:
    """A report by its source reference (or id): values, field warnings, versions."""
    with open_store(settings) as store:
        item = report_history(store, find_report_id(store, ref, source))
    if not history:
        item.pop("versions")
    if as_json:
        emit_json(item)
        return
    click.echo(
        f"{item['source']} {item['source_ref']}  (id {item['id']}, version {item['version']})"
    )
    click.echo("values: " + (", ".join(item["values"]) or "none"))
    for w in item["warnings"]:
        click.echo(f"warning: line {w['line']} {w['field']} = {w['raw']!r}: {w['reason']}")
    for v in item.get("versions", []):
        click.echo(
            f"\nversion {v['version']}  imported {v['created_at']}  (import {v['import_id']})"
        )
        change = v.get("changes")
        if change is None:
            click.echo("  first version: " + (", ".join(v["values"]) or "no values"))
            continue
        for value in change["values_added"]:
            click.echo(f"  + {value}")
        for value in change["values_removed"]:
            click.echo(f"  - {value}")
        for name, diff in change["fields"].items():
            before = json.dumps(diff["before"], ensure_ascii=False, default=str)
            after = json.dumps(diff["after"], ensure_ascii=False, default=str)
            click.echo(f"  {name}: {before[:80]} -> {after[:80]}")
