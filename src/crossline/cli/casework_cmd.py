"""``crossline campaign``: one campaign (``crossline campaign ID``), and the casework an
analyst scripts on it: note, assign, status, tag, rename, merge, split, activity.

Casework is an organisation's: every change names the user it is made as (``--as``),
whose organisation it belongs to, and is audited as ``cli:<user>``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from crossline.cli.options import json_option
from crossline.cli.output import emit, table
from crossline.cli.query_cmd import campaign as show
from crossline.config import Settings
from crossline.node.auth import Principal
from crossline.services import casework as cs
from crossline.services import casework_links as links


class CampaignGroup(click.Group):
    """``crossline campaign ID`` still shows a campaign: a first word that is no
    sub-command is read as ``show ID``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["show", *args]
        return super().parse_args(ctx, args)


@click.group(cls=CampaignGroup)
def campaign() -> None:
    """One campaign (``crossline campaign ID``) and its casework."""


campaign.add_command(show, "show")

AS = click.option("--as", "username", required=True, help="The analyst (a username).")


@contextmanager
def _desk(settings: Settings, username: str) -> Iterator[tuple[cs.CliDesk, Principal]]:
    desk = cs.CliDesk.open(settings)
    try:
        yield desk, cs.user_principal(desk, username)
    finally:
        desk.close()


def _run(
    settings: Settings, username: str, as_json: bool, call: Callable[..., dict[str, Any]],
    say: Callable[[dict[str, Any]], str],
) -> None:  # fmt: skip
    with _desk(settings, username) as (desk, who):
        out = call(desk, who)
    emit(out, as_json, say)


def _state(out: dict[str, Any]) -> str:
    return (
        f"campaign {out['campaign_id']}: {out['status']}, assigned to "
        f"{out['assignee'] or 'nobody'}; name {out['display_name'] or '-'}, "
        f"label {out['label'] or '-'}; tags {', '.join(out['tags']) or '-'}"
    )


@campaign.command()
@click.argument("campaign_id")
@click.argument("text")
@click.option("--report", is_flag=True, help="CAMPAIGN_ID is a report id: note the report.")
@AS
@json_option
@click.pass_obj
def note(settings: Settings, campaign_id: str, text: str, report: bool, username: str,
         as_json: bool) -> None:  # fmt: skip
    """Add a note (``@user`` mentions alert users of your organisation)."""
    kind = "report" if report else "campaign"
    _run(settings, username, as_json,
         lambda d, w: cs.add_note(d, w, kind, campaign_id, text, ip="cli"),
         lambda o: f"note {o['id']} on {kind} {o['subject_id']}"
         + (f"; mentioned {', '.join(o['mentions'])}" if o["mentions"] else ""))  # fmt: skip


@campaign.command()
@click.argument("campaign_id")
@click.argument("assignee", required=False)
@AS
@json_option
@click.pass_obj
def assign(settings: Settings, campaign_id: str, assignee: str | None, username: str,
           as_json: bool) -> None:  # fmt: skip
    """Assign a campaign to a user of your organisation (no ASSIGNEE: unassign)."""
    _run(settings, username, as_json,
         lambda d, w: cs.assign(d, w, campaign_id, assignee, ip="cli"), _state)  # fmt: skip


@campaign.command()
@click.argument("campaign_id")
@click.argument("status", type=click.Choice(cs.STATUSES))
@AS
@json_option
@click.pass_obj
def status(settings: Settings, campaign_id: str, status: str, username: str,
           as_json: bool) -> None:  # fmt: skip
    """Move a campaign along open -> under_investigation -> referred -> closed."""
    _run(settings, username, as_json,
         lambda d, w: cs.set_status(d, w, campaign_id, status, ip="cli"), _state)  # fmt: skip


@campaign.command()
@click.argument("campaign_id")
@click.argument("tag")
@click.option("--remove", is_flag=True, help="Remove the tag instead.")
@click.option("--report", is_flag=True, help="CAMPAIGN_ID is a report id: tag the report.")
@AS
@json_option
@click.pass_obj
def tag(settings: Settings, campaign_id: str, tag: str, remove: bool, report: bool,
        username: str, as_json: bool) -> None:  # fmt: skip
    """Tag (or untag) a campaign or a report."""
    kind = "report" if report else "campaign"
    _run(settings, username, as_json,
         lambda d, w: cs.tag(d, w, kind, campaign_id, tag, remove=remove, ip="cli"),
         lambda o: f"{kind} {o['subject_id']}: tags {', '.join(o['tags']) or '-'}")  # fmt: skip


@campaign.command()
@click.argument("campaign_id")
@click.option("--name", "display_name", default=None, help='Display name ("" clears it).')
@click.option("--label", default=None, help='Scam type of the taxonomy ("" clears it).')
@AS
@json_option
@click.pass_obj
def rename(settings: Settings, campaign_id: str, display_name: str | None, label: str | None,
           username: str, as_json: bool) -> None:  # fmt: skip
    """Set a campaign's display name and/or label."""
    _run(settings, username, as_json,
         lambda d, w: cs.rename(d, w, campaign_id, cs.Naming(display_name, label), ip="cli"),
         _state)  # fmt: skip


@campaign.command()
@click.argument("campaign_ids", nargs=-1, required=True)
@click.option("--reason", required=True, help="Why they are one campaign (recorded).")
@AS
@json_option
@click.pass_obj
def merge(settings: Settings, campaign_ids: tuple[str, ...], reason: str, username: str,
          as_json: bool) -> None:  # fmt: skip
    """Merge two or more campaigns (kept by relinking; audited)."""
    _run(settings, username, as_json,
         lambda d, w: links.merge(d, w, list(campaign_ids), reason, ip="cli"),
         lambda o: f"merged {', '.join(o['campaigns'])} into {o['into']}")  # fmt: skip


@campaign.command()
@click.argument("campaign_id")
@click.option("--report", "report_ids", multiple=True, required=True,
              help="A report to take out (repeat).")  # fmt: skip
@click.option("--reason", required=True, help="Why they are another campaign (recorded).")
@AS
@json_option
@click.pass_obj
def split(settings: Settings, campaign_id: str, report_ids: tuple[str, ...], reason: str,
          username: str, as_json: bool) -> None:  # fmt: skip
    """Take reports out of a campaign into one of their own (kept by relinking)."""
    _run(settings, username, as_json,
         lambda d, w: links.split(d, w, campaign_id, list(report_ids), reason, ip="cli"),
         lambda o: f"split {o['campaign']} into {', '.join(o['into'])}")  # fmt: skip


@campaign.command()
@click.argument("campaign_id")
@click.option("--limit", default=50, show_default=True)
@click.option("--offset", default=0)
@AS
@json_option
@click.pass_obj
def activity(settings: Settings, campaign_id: str, limit: int, offset: int, username: str,
             as_json: bool) -> None:  # fmt: skip
    """What happened to a campaign, newest first."""
    _run(settings, username, as_json,
         lambda d, w: cs.activity(d, w, campaign_id, limit=limit, offset=offset),
         lambda o: table([(i["at"][:19], i["kind"], i["actor"] or "-",
                           ", ".join(f"{k}={v}" for k, v in i["detail"].items())[:80])
                          for i in o["items"]], ["at", "what", "who", "detail"]))  # fmt: skip
