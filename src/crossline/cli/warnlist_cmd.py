"""``crossline warnlist list|add|remove``: values that never link reports on their own."""

from __future__ import annotations

import click

from crossline.cli.options import json_option
from crossline.cli.output import emit_json, table
from crossline.config import Settings
from crossline.link.warnlist_node import Change
from crossline.node.audit import AuditLog
from crossline.services import warnlist as service
from crossline.services.accounts import Acting
from crossline.store import open_store


@click.group()
def warnlist() -> None:
    """The warning lists: shipped public values (with their source) and this node's own."""


@warnlist.command("list")
@click.option("--kind", help="Only this kind (phone, domain, phone_raw ...).")
@click.option("--mine", is_flag=True, help="Only the entries this node added.")
@json_option
@click.pass_obj
def list_(settings: Settings, kind: str | None, mine: bool, as_json: bool) -> None:
    """Every listed value with its owner, category and source."""
    with open_store(settings) as store:
        entries = service.list_entries(store, kind=kind, mine=mine)
    rows = [
        {
            "kind": e.kind,
            "value": e.value,
            "owner": e.owner,
            "category": e.category,
            "source": e.source,
            "list": "shipped" if e.shipped else "node",
        }
        for e in entries
    ]
    if as_json:
        emit_json(rows)
        return
    headers = ["kind", "value", "owner", "category", "source", "list"]
    click.echo(table([[r[h] for h in headers] for r in rows], headers))


@warnlist.command()
@click.argument("kind")
@click.argument("value")
@click.option(
    "--owner", required=True, help="Who the value belongs to (e.g. 'Acme Bank helpline')."
)
@click.option("--source", required=True, help="The page or document that shows it is public.")
@click.option("--actor", default="cli", show_default=True, help="Who is adding it (audit log).")
@json_option
@click.pass_obj
def add(
    settings: Settings, kind: str, value: str, owner: str, source: str, actor: str, as_json: bool
) -> None:
    """List a public value on this node: it stops linking reports at once."""
    with open_store(settings) as store:
        audit = AuditLog(store, background=False)
        change = service.add(store, audit, Acting(actor), kind, value, owner=owner, source=source)
    _done(change, "listed", as_json)


@warnlist.command()
@click.argument("kind")
@click.argument("value")
@click.option("--actor", default="cli", show_default=True, help="Who is removing it (audit log).")
@json_option
@click.pass_obj
def remove(settings: Settings, kind: str, value: str, actor: str, as_json: bool) -> None:
    """Remove a value this node listed: it links reports again."""
    with open_store(settings) as store:
        change = service.remove(
            store, AuditLog(store, background=False), Acting(actor), kind, value
        )
    _done(change, "removed", as_json)


def _done(change: Change, verb: str, as_json: bool) -> None:
    entry, reports = change.entry, change.reports
    if as_json:
        emit_json({"kind": entry.kind, "value": entry.value, verb: True, "reports": reports})
    else:
        click.echo(f"{verb} {entry.kind} {entry.value}; campaigns of {reports} reports rebuilt")
