"""``crossline requests ...``: legal-assistance requests to partners, with their SLA clock
(drafts, delivery, status, answers with evidence)."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from crossline.cli.evidence_cmd import default_actor, node
from crossline.cli.output import emit_json, money, table
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


@requests_.command("create")
@click.option("--type", "request_type", type=click.Choice(sorted(TYPES)), required=True)
@click.option("--partner", required=True, help="Partner node's name.")
@click.option("--campaign", default=None, help="Campaign id or prefix: pre-fills the request.")
@click.option("--case", "case_ref", default=None, help="Case reference.")
@click.option("--title", default=None)
@click.option("--facts", default=None, help="Facts (default: from the campaign).")
@click.option("--legal-basis", default=None, help="Treaty, article, statute.")
@click.option("--due", default=None, help="Due date YYYY-MM-DD (default: set when sent).")
@click.option("--actor", default=None)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def create(settings: Settings, **o: Any) -> None:
    """A draft request, pre-filled from a campaign: facts, victims, losses, asks."""
    due = None
    if o["due"]:
        try:
            due = date.fromisoformat(o["due"])
        except ValueError as exc:
            raise ValidationError(f"--due {o['due']!r} is not YYYY-MM-DD", field="due") from exc
    with open_store(settings) as store:
        req = requests.create_request(
            store,
            request_type=o["request_type"],
            partner=o["partner"],
            actor=o["actor"] or default_actor(),
            campaign=o["campaign"],
            case_ref=o["case_ref"],
            title=o["title"],
            facts=o["facts"],
            legal_basis=o["legal_basis"],
            due=due,
        )
    _show(req, o["as_json"])


def _show(req: dict[str, Any], as_json: bool) -> None:
    if as_json:
        emit_json(req)
        return
    click.echo(f"{req['id']}  {req['type_label']} ({req['direction']}, partner {req['partner']})")
    click.echo(f"title: {req['title']}")
    status = req["status"]
    if req["overdue"]:
        status += "  " + click.style("OVERDUE", fg="red", bold=True)
    click.echo(f"status: {status}; due {req['due_date'] or '-'}; open {req['days_open']} days")
    click.echo(f"legal basis: {req['legal_basis'] or '-'}")
    click.echo(f"facts: {req['facts']}")
    click.echo(f"victims: {req['victims']}; losses: {money(req['losses'] or {})}")
    if req["asks"]:
        click.echo(
            table(
                [(a["kind"], a["value"], a["ask"][:70]) for a in req["asks"]],
                ["kind", "value", "asked for"],
            )  # fmt: skip
        )
    for h in req.get("history", []):
        click.echo(
            f"  {h['at'][:19]}  {h['from'] or '-'} -> {h['to']}  {h['actor']}  {h['note'] or ''}"
        )
    for e in req.get("evidence", []):
        click.echo(f"  evidence {e['case']}/{e['exhibit']}  {e['sha256'][:16]}  {e['description']}")


@requests_.command("list")
@click.option("--overdue", is_flag=True, help="Only requests past their due date.")
@click.option("--status", type=click.Choice(STATUSES), default=None)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def list_requests(settings: Settings, overdue: bool, status: str | None, as_json: bool) -> None:
    """Requests, overdue ones first (marked), then by due date."""
    with open_store(settings) as store:
        found = requests.list_requests(store, overdue=overdue, status=status)
    if as_json:
        emit_json(found)
    else:
        click.echo(_request_rows(found))


@requests_.command("show")
@click.argument("request_id")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def show_request(settings: Settings, request_id: str, as_json: bool) -> None:
    """One request: facts, asks, history, SLA clock, attached evidence."""
    with open_store(settings) as store:
        req = requests.get_request(store, request_id)
    _show(req, as_json)


@requests_.command("send")
@click.argument("request_id")
@click.option("--actor", default=None)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def send(settings: Settings, request_id: str, actor: str | None, as_json: bool) -> None:
    """Deliver a draft to its partner node over the sharing channel, signed."""
    with node(settings) as ev:
        req = exchange.send_request(ev, request_id, actor=actor or default_actor())
    _show(req, as_json)


@requests_.command("status")
@click.argument("request_id")
@click.argument("new_status", type=click.Choice(STATUSES[1:]))
@click.option("--note", default=None)
@click.option("--no-notify", is_flag=True, help="Received request: do not tell the partner.")
@click.option("--actor", default=None)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def status(
    settings: Settings,
    request_id: str,
    new_status: str,
    note: str | None,
    no_notify: bool,
    actor: str | None,
    as_json: bool,
) -> None:
    """Move a request along draft -> sent -> acknowledged -> partly answered -> answered
    (or refused / withdrawn)."""
    with node(settings) as ev:
        req = exchange.respond(
            ev, request_id, new_status, actor=actor or default_actor(), note=note,
            notify=not no_notify,
        )  # fmt: skip
    _show(req, as_json)


@requests_.command("answer")
@click.argument("request_id")
@click.option("--evidence", "item_refs", multiple=True, required=True, help="Item (repeatable).")
@click.option("--final", is_flag=True, help="The answer is complete (status answered).")
@click.option("--note", default=None)
@click.option("--actor", default=None)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def answer(
    settings: Settings,
    request_id: str,
    item_refs: tuple[str, ...],
    final: bool,
    note: str | None,
    actor: str | None,
    as_json: bool,
) -> None:
    """Attach evidence as (part of) the answer; on a received request it travels back."""
    with node(settings) as ev:
        req = exchange.respond(
            ev,
            request_id,
            "answered" if final else "partly_answered",
            actor=actor or default_actor(),
            note=note,
            items=item_refs,
        )
    _show(req, as_json)
