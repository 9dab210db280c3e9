"""``crossline watch add|list|remove``: a user's watchlist from the command line."""

from __future__ import annotations

import click

from crossline.cli.output import emit_json, table
from crossline.config import Settings
from crossline.node.audit import AuditLog
from crossline.services import watchlists as service
from crossline.services.accounts import Acting
from crossline.store import open_store


@click.group()
def watch() -> None:
    """Watch a value, a query or a campaign for a user: new matching reports alert."""


@watch.command()
@click.argument("kind", type=click.Choice(["value", "query", "campaign"]))
@click.argument("target")
@click.option("--user", "username", required=True, help="Whose watch it is (a username).")
@click.option("--note", default=None, help="Why it is watched.")
@click.option("--notify", is_flag=True, help="Also send its alerts to the node's webhooks.")
@click.option("--region", default=None, help="Read a number as written in this country.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def add(
    settings: Settings,
    kind: str,
    target: str,
    username: str,
    note: str | None,
    notify: bool,
    region: str | None,
    as_json: bool,
) -> None:
    """Watch TARGET (a value, words, or a campaign id or prefix) for USER."""
    store = open_store(settings)
    try:
        user_id, org_id = service.user_of(store, username)
        audit = AuditLog(store, background=False)
        row = service.create_watch(
            store, audit, Acting(f"cli:{username}"), user_id=user_id, org_id=org_id,
            kind=kind, target=target, note=note, notify=notify, region=region,
        )  # fmt: skip
        audit.flush()
    finally:
        store.close()
    if as_json:
        emit_json(row)
        return
    click.echo(f"watching {row['kind']} {row['target']} for {username}: {row['id']}")


@watch.command("list")
@click.option("--user", "username", required=True, help="Whose watches (a username).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def list_(settings: Settings, username: str, as_json: bool) -> None:
    """A user's watches with how many alerts each raised."""
    store = open_store(settings)
    try:
        user_id, _org = service.user_of(store, username)
        page = service.list_watches(store, user_id, limit=1000)
    finally:
        store.close()
    if as_json:
        emit_json(page)
        return
    rows = [
        (
            w["id"][:8],
            w["kind"],
            w["target"][:50],
            w["alert_count"],
            (w["last_alert_at"] or "")[:10],
        )
        for w in page["items"]
    ]
    click.echo(table(rows, ["id", "kind", "target", "alerts", "last alert"]))
    click.echo(f"{page['total']} watch(es)")


@watch.command()
@click.argument("watch_id")
@click.option("--user", "username", required=True, help="Whose watch (a username).")
@click.pass_obj
def remove(settings: Settings, watch_id: str, username: str) -> None:
    """Stop watching (the full id, as ``watch list --json`` shows it)."""
    store = open_store(settings)
    try:
        user_id, _org = service.user_of(store, username)
        audit = AuditLog(store, background=False)
        service.remove_watch(store, audit, Acting(f"cli:{username}"), user_id, watch_id)
        audit.flush()
    finally:
        store.close()
    click.echo(f"removed {watch_id}")
