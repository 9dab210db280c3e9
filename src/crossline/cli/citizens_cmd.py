"""``crossline citizens list|show|confirm|reject``: the moderation queue of public reports."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from crossline.cli.options import limit_option, note_option
from crossline.cli.output import answers, table_of
from crossline.config import Settings
from crossline.services import citizens as svc
from crossline.store import open_store

STATUSES = ("pending", "corroborated", "confirmed", "rejected", "all")


@click.group()
def citizens() -> None:
    """Reports sent by the public: they count and link only once confirmed."""


@citizens.command("list")
@click.option("--status", type=click.Choice(STATUSES), default="pending", show_default=True)
@limit_option(100)
@answers(
    table_of(
        ["reference", "received", "status", "type", "what happened"],
        lambda i: (
            i["reference"],
            i["created_at"][:19],
            i["status"],
            i["label"] or "",
            (i["text"] or "")[:70],
        ),
    )
)
def list_(settings: Settings, status: str, limit: int) -> list[dict[str, Any]]:
    """Public reports, newest first."""
    with open_store(settings) as store:
        return svc.moderation_queue(store, status=None if status == "all" else status, limit=limit)


@citizens.command()
@click.argument("reference")
@answers(
    lambda item: "\n".join(
        f"{key:>14}: {value if value is not None else ''}" for key, value in item.items()
    )
)
def show(settings: Settings, reference: str) -> dict[str, Any]:
    """One public report by its reference number."""
    with open_store(settings) as store:
        return svc.citizen_report(store, reference)


#: The moderator's decisions: the command's name (and the decision), and its help.
DECISIONS = (
    ("confirm", "Confirm a public report: it counts in the public check and links campaigns."),
    ("reject", "Reject a public report: it never counts."),
)


def _decision_command(decision: str) -> Callable[..., Any]:
    @click.argument("reference")
    @note_option
    @answers(lambda item: f"{item['reference']}: {item['status']}")
    def decide(settings: Settings, reference: str, note: str | None) -> dict[str, Any]:
        with open_store(settings) as store:
            return svc.decide(store, reference, decision, by="cli", note=note)

    return decide


for _decision, _help in DECISIONS:
    citizens.command(_decision, help=_help)(_decision_command(_decision))
