"""``crossline citizens list|show|confirm|reject``: the moderation queue of public reports."""

from __future__ import annotations

import click

from crossline.cli.output import emit_json, listing
from crossline.config import Settings
from crossline.services import citizens as svc
from crossline.store import open_store

STATUSES = ("pending", "corroborated", "confirmed", "rejected", "all")


@click.group()
def citizens() -> None:
    """Reports sent by the public: they count and link only once confirmed."""


@citizens.command("list")
@click.option("--status", type=click.Choice(STATUSES), default="pending", show_default=True)
@click.option("--limit", default=100, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def list_(settings: Settings, status: str, limit: int, as_json: bool) -> None:
    """Public reports, newest first."""
    with open_store(settings) as store:
        items = svc.moderation_queue(store, status=None if status == "all" else status, limit=limit)
    listing(
        items,
        as_json,
        ["reference", "received", "status", "type", "what happened"],
        lambda i: (
            i["reference"],
            i["created_at"][:19],
            i["status"],
            i["label"] or "",
            (i["text"] or "")[:70],
        ),
    )


@citizens.command()
@click.argument("reference")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def show(settings: Settings, reference: str, as_json: bool) -> None:
    """One public report by its reference number."""
    with open_store(settings) as store:
        item = svc.citizen_report(store, reference)
    if as_json:
        emit_json(item)
        return
    for key, value in item.items():
        click.echo(f"{key:>14}: {value if value is not None else ''}")


def _decide(
    settings: Settings, reference: str, decision: str, note: str | None, as_json: bool
) -> None:
    with open_store(settings) as store:
        item = svc.decide(store, reference, decision, by="cli", note=note)
    if as_json:
        emit_json(item)
    else:
        click.echo(f"{item['reference']}: {item['status']}")


@citizens.command()
@click.argument("reference")
@click.option("--note", default=None)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def confirm(settings: Settings, reference: str, note: str | None, as_json: bool) -> None:
    """Confirm a public report: it counts in the public check and links campaigns."""
    _decide(settings, reference, "confirm", note, as_json)


@citizens.command()
@click.argument("reference")
@click.option("--note", default=None)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def reject(settings: Settings, reference: str, note: str | None, as_json: bool) -> None:
    """Reject a public report: it never counts."""
    _decide(settings, reference, "reject", note, as_json)
