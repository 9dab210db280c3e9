"""``crossline watch add|list|remove``: a user's watchlist from the command line."""

from __future__ import annotations

from typing import Any

import click

from crossline.cli.options import json_option
from crossline.cli.output import answers, emit, table_of
from crossline.cli.stores import audited_store
from crossline.config import Settings
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
@json_option
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
    with audited_store(settings) as (store, audit):
        user_id, org_id = service.user_of(store, username)
        row = service.create_watch(
            store, audit, Acting(f"cli:{username}"), user_id=user_id, org_id=org_id,
            kind=kind, target=target, note=note, notify=notify, region=region,
        )  # fmt: skip
    emit(row, as_json, lambda r: f"watching {r['kind']} {r['target']} for {username}: {r['id']}")


_watches_table = table_of(
    ["id", "kind", "target", "alerts", "last alert"],
    lambda w: (w["id"][:8], w["kind"], w["target"][:50], w["alert_count"],
               (w["last_alert_at"] or "")[:10]),
)  # fmt: skip


@watch.command("list")
@click.option("--user", "username", required=True, help="Whose watches (a username).")
@answers(lambda page: _watches_table(page["items"]) + f"\n{page['total']} watch(es)")
def list_(settings: Settings, username: str) -> dict[str, Any]:
    """A user's watches with how many alerts each raised."""
    with open_store(settings) as store:
        user_id, _org = service.user_of(store, username)
        return service.list_watches(store, user_id, limit=1000)


@watch.command()
@click.argument("watch_id")
@click.option("--user", "username", required=True, help="Whose watch (a username).")
@click.pass_obj
def remove(settings: Settings, watch_id: str, username: str) -> None:
    """Stop watching (the full id, as ``watch list --json`` shows it)."""
    with audited_store(settings) as (store, audit):
        user_id, _org = service.user_of(store, username)
        service.remove_watch(store, audit, Acting(f"cli:{username}"), user_id, watch_id)
    click.echo(f"removed {watch_id}")
