"""``crossline requests ...``: legal-assistance requests to partners, with their SLA clock
(drafts, delivery, status, answers with evidence)."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from crossline.cli.evidence_cmd import actor_option, node
from crossline.cli.options import note_option
from crossline.cli.output import answers, money, table
from crossline.config import Settings
from crossline.errors import ValidationError
from crossline.evidence import exchange, requests
from crossline.evidence.workflow import STATUSES, TYPES
from crossline.store import open_store


@click.group("requests")
def requests_() -> None:
    """Legal-assistance requests: treaty requests, letters rogatory, emergency disclosure,
    preservation and freeze requests, with deadlines and an SLA clock."""


def _request_rows(found: list[dict[str, Any]]) -> str:
    rows = []
    for r in found:
        flag = "OVERDUE" if r["overdue"] else ""
        rows.append(
            (
                r["id"][:8],
                r["direction"][:3],
                r["type"],
                r["partner"],
                r["status"],
                r["due_date"] or "-",
                r["days_open"],
                flag,
                r["title"][:40],
            )
        )
    text = table(rows, ["id", "dir", "type", "partner", "status", "due", "days", "", "title"])
    # Overdue requests stand out (colour only on a terminal; the word stays when piped).
    return "\n".join(
        click.style(line, fg="red", bold=True) if "OVERDUE" in line else line
        for line in text.splitlines()
    )


def _request_text(req: dict[str, Any]) -> str:
    """One request for people: header, facts, asks, history, attached evidence."""
    status = req["status"]
    if req["overdue"]:
        status += "  " + click.style("OVERDUE", fg="red", bold=True)
    lines = [
        f"{req['id']}  {req['type_label']} ({req['direction']}, partner {req['partner']})",
        f"title: {req['title']}",
        f"status: {status}; due {req['due_date'] or '-'}; open {req['days_open']} days",
        f"legal basis: {req['legal_basis'] or '-'}",
        f"facts: {req['facts']}",
        f"victims: {req['victims']}; losses: {money(req['losses'] or {})}",
    ]
    if req["asks"]:
        lines.append(
            table(
                [(a["kind"], a["value"], a["ask"][:70]) for a in req["asks"]],
                ["kind", "value", "asked for"],
            )  # fmt: skip
        )
    lines += [
        f"  {h['at'][:19]}  {h['from'] or '-'} -> {h['to']}  {h['actor']}  {h['note'] or ''}"
        for h in req.get("history", [])
    ]
    lines += [
        f"  evidence {e['case']}/{e['exhibit']}  {e['sha256'][:16]}  {e['description']}"
        for e in req.get("evidence", [])
    ]
    return "\n".join(lines)


@requests_.command("create")
@click.option("--type", "request_type", type=click.Choice(sorted(TYPES)), required=True)
@click.option("--partner", required=True, help="Partner node's name.")
@click.option("--campaign", default=None, help="Campaign id or prefix: pre-fills the request.")
@click.option("--case", "case_ref", default=None, help="Case reference.")
@click.option("--title", default=None)
@click.option("--facts", default=None, help="Facts (default: from the campaign).")
@click.option("--legal-basis", default=None, help="Treaty, article, statute.")
@click.option("--due", default=None, help="Due date YYYY-MM-DD (default: set when sent).")
@actor_option()
@answers(_request_text)
def create(settings: Settings, due: str | None, **fields: Any) -> dict[str, Any]:
    """A draft request, pre-filled from a campaign: facts, victims, losses, asks."""
    due_date = None
    if due:
        try:
            due_date = date.fromisoformat(due)
        except ValueError as exc:
            raise ValidationError(f"--due {due!r} is not YYYY-MM-DD", field="due") from exc
    actor = fields.pop("actor")
    with open_store(settings) as store:
        # The other options are named as the draft's fields.
        draft = requests.RequestDraft(due=due_date, **fields)
        return requests.create_request(store, draft, actor=actor)


@requests_.command("list")
@click.option("--overdue", is_flag=True, help="Only requests past their due date.")
@click.option("--status", type=click.Choice(STATUSES), default=None)
@answers(_request_rows)
def list_requests(settings: Settings, overdue: bool, status: str | None) -> list[dict[str, Any]]:
    """Requests, overdue ones first (marked), then by due date."""
    with open_store(settings) as store:
        return requests.list_requests(store, overdue=overdue, status=status)


@requests_.command("show")
@click.argument("request_id")
@answers(_request_text)
def show_request(settings: Settings, request_id: str) -> dict[str, Any]:
    """One request: facts, asks, history, SLA clock, attached evidence."""
    with open_store(settings) as store:
        return requests.get_request(store, request_id)


@requests_.command("send")
@click.argument("request_id")
@actor_option()
@answers(_request_text)
def send(settings: Settings, request_id: str, actor: str) -> dict[str, Any]:
    """Deliver a draft to its partner node over the sharing channel, signed."""
    with node(settings) as ev:
        return exchange.send_request(ev, request_id, actor=actor)


def _respond(
    settings: Settings, request_id: str, new_status: str, actor: str, **kwargs: Any
) -> dict[str, Any]:
    """Move a request to ``new_status`` as ``actor`` (``status`` and ``answer``)."""
    with node(settings) as ev:
        return exchange.respond(ev, request_id, new_status, actor=actor, **kwargs)


@requests_.command("status")
@click.argument("request_id")
@click.argument("new_status", type=click.Choice(STATUSES[1:]))
@note_option
@click.option("--no-notify", is_flag=True, help="Received request: do not tell the partner.")
@actor_option()
@answers(_request_text)
def status(
    settings: Settings,
    request_id: str,
    new_status: str,
    note: str | None,
    no_notify: bool,
    actor: str,
) -> dict[str, Any]:
    """Move a request along draft -> sent -> acknowledged -> partly answered -> answered
    (or refused / withdrawn)."""
    return _respond(settings, request_id, new_status, actor, note=note, notify=not no_notify)


@requests_.command("answer")
@click.argument("request_id")
@click.option("--evidence", "item_refs", multiple=True, required=True, help="Item (repeatable).")
@click.option("--final", is_flag=True, help="The answer is complete (status answered).")
@note_option
@actor_option()
@answers(_request_text)
def answer(
    settings: Settings,
    request_id: str,
    item_refs: tuple[str, ...],
    final: bool,
    note: str | None,
    actor: str,
) -> dict[str, Any]:
    """Attach evidence as (part of) the answer; on a received request it travels back."""
    new_status = "answered" if final else "partly_answered"
    return _respond(settings, request_id, new_status, actor, note=note, items=item_refs)
