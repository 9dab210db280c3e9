"""``crossline match ...``, ``crossline alerts list|ack``, ``crossline webhooks add|list|deliver``:
blind matching with partner nodes, the alerts it and new reports raise, and where they go."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from crossline.cli.options import json_option, limit_option
from crossline.cli.output import answers, emit_json, table_of
from crossline.config import Settings
from crossline.net.outbound import Outbound
from crossline.share import alerts as al
from crossline.share import match_run
from crossline.share import matching as mt
from crossline.share import webhooks as wh
from crossline.share.partners import get_partner
from crossline.store import Store, open_store


def _with_store(settings: Settings, work: Callable[[Store], Any]) -> Any:
    with open_store(settings) as store:
        return work(store)


def _short(value: str | None, n: int = 8) -> str:
    return (value or "")[:n]


@click.group()
def match() -> None:
    """Blind matching with partner nodes (HMAC digests or private set intersection)."""


@match.command("run")
@click.option("--partner", required=True, help="Registered partner name.")
@click.option("--mode", type=click.Choice(list(mt.MODES)), default="hmac", show_default=True)
@answers(
    lambda out: (
        f"{out['matches']} match(es) with {out['partner']} ({out['mode']}) "
        f"among {out['local_values']} local value(s); `crossline match list` shows them"
    )
)
def run(settings: Settings, partner: str, mode: str) -> dict[str, Any]:
    """Find which of this node's values the partner also holds."""
    return _with_store(settings, lambda s: match_run.run_match(s, settings, partner, mode))


@match.command("list")
@click.option("--partner", default=None)
@limit_option(100)
@answers(
    table_of(
        ["id", "partner", "mode", "kind", "value", "partner case", "campaign", "matched"],
        lambda r: (
            _short(r["id"]),
            r["partner"],
            r["mode"],
            r["kind"],
            r["value"],
            r["partner_ref"] or "-",
            _short(r["campaign_id"]),
            r["matched_at"][:19],
        ),
    )
)
def list_(settings: Settings, partner: str | None, limit: int) -> list[dict[str, Any]]:
    """Match results: partner X holds this value in its case Y."""
    return _with_store(settings, lambda s: mt.list_results(s, partner=partner, limit=limit))


@match.command("request")
@click.argument("match_id")
@click.option("--note", default=None, help="What you ask for (sent, signed, to the partner).")
@json_option
@click.pass_obj
def request(settings: Settings, match_id: str, note: str | None, as_json: bool) -> None:
    """Send the partner a signed request for details on one match (id or prefix)."""
    out = _with_store(
        settings, lambda s: match_run.request_details(s, settings, match_id, note=note)
    )
    if as_json:
        emit_json(out)
        return
    click.echo(f"request {_short(out['id'])} to {out['partner']}: {out['status']}")
    if out["error"]:
        click.echo(f"  {out['error']}", err=True)


@match.command("requests")
@answers(
    table_of(
        ["id", "dir", "partner", "case", "status", "note", "at"],
        lambda r: (
            _short(r["id"]),
            r["direction"],
            r["partner"],
            r["partner_ref"] or "-",
            r["status"],
            (r["note"] or "")[:60],
            r["created_at"][:19],
        ),
    )
)
def requests_(settings: Settings) -> list[dict[str, Any]]:
    """Requests for details sent to and received from partners."""
    return _with_store(settings, mt.list_requests)


@match.command("queries")
@limit_option(100)
@answers(
    table_of(
        ["at", "dir", "partner", "mode", "endpoint", "values", "outcome", "actor"],
        lambda r: (
            r["at"][:19],
            r["direction"],
            r["partner"],
            r["mode"],
            r["endpoint"],
            r["values"],
            r["outcome"],
            r["actor"] or "",
        ),
    )
)
def queries(settings: Settings, limit: int) -> list[dict[str, Any]]:
    """The match query log, both directions: who asked, when, how many values."""
    return _with_store(settings, lambda s: mt.list_queries(s, limit=limit))


@match.command("budget")
@click.option("--partner", required=True)
@click.option("--per-request", type=int, default=None, help="Values one query may hold.")
@click.option("--per-day", type=int, default=None, help="Values per partner per 24 h.")
@answers(
    lambda out: f"{out['partner']}: {out['per_request']} per request, {out['per_day']} per 24 h"
)
def budget(
    settings: Settings, partner: str, per_request: int | None, per_day: int | None
) -> dict[str, Any]:
    """Show or set how many values a partner may query (per request, per 24 h)."""

    def work(store: Store) -> dict[str, Any]:
        p = get_partner(store, partner)
        cur_req, cur_day = mt.budget(store, p)
        if per_request is not None or per_day is not None:
            mt.set_budget(store, p, per_request=per_request or cur_req, per_day=per_day or cur_day)
            cur_req, cur_day = mt.budget(store, p)
        return {"partner": p.name, "per_request": cur_req, "per_day": cur_day}

    return _with_store(settings, work)


@match.command("rotate-key")
@click.option("--partner", required=True)
@answers(lambda out: f"{out['partner']}: match key now at epoch {out['epoch']}")
def rotate_key(settings: Settings, partner: str) -> dict[str, Any]:
    """Move the HMAC key shared with a partner to the next epoch (do it on both nodes)."""
    epoch = _with_store(settings, lambda s: mt.rotate_key(s, settings, get_partner(s, partner)))
    return {"partner": partner, "epoch": epoch}


@click.group()
def alerts() -> None:
    """Alerts: new reports hitting values partners shared or matched, and partners' alerts."""


@alerts.command("list")
@click.option("--unacked", is_flag=True, help="Only alerts nobody acknowledged yet.")
@limit_option(100)
@answers(
    table_of(
        ["id", "at", "origin", "kind", "partner", "value", "message", "acked"],
        lambda r: (
            _short(r["id"]),
            r["created_at"][:19],
            r["origin"],
            r["kind"],
            r["partner"] or "-",
            r["value"] or "-",
            r["message"][:70],
            "yes" if r["acked_at"] else "",
        ),
    )
)
def alerts_list(settings: Settings, unacked: bool, limit: int) -> list[dict[str, Any]]:
    return _with_store(settings, lambda s: al.list_alerts(s, unacked=unacked, limit=limit))


@alerts.command("ack")
@click.argument("alert_id")
@answers(lambda out: f"alert {_short(out['id'])} acknowledged by {out['acked_by']}")
def alerts_ack(settings: Settings, alert_id: str) -> dict[str, Any]:
    """Acknowledge an alert (id or prefix)."""
    return _with_store(settings, lambda s: al.ack_alert(s, alert_id, by="cli"))


@click.group()
def webhooks() -> None:
    """Where alerts are sent, signed with the node's key."""


@webhooks.command("add")
@click.argument("name")
@click.argument("url")
@answers(lambda out: f"webhook {out['name']} -> {out['url']}")
def webhooks_add(settings: Settings, name: str, url: str) -> dict[str, Any]:
    """Send every new alert to URL (POST, a signed JSON envelope)."""
    outbound = Outbound.of(settings)
    return _with_store(settings, lambda s: wh.add_subscription(s, name, url, outbound))


@webhooks.command("list")
@answers(
    table_of(
        ["name", "url", "active", "created"],
        lambda r: (r["name"], r["url"], "yes" if r["active"] else "no", r["created_at"][:19]),
    )
)
def webhooks_list(settings: Settings) -> list[dict[str, Any]]:
    return _with_store(settings, wh.list_subscriptions)


@webhooks.command("deliver")
@answers(lambda out: ", ".join(f"{k}: {v}" for k, v in out.items()))
def webhooks_deliver(settings: Settings) -> dict[str, int]:
    """Send the deliveries that are due now (a serving node does this by itself)."""
    return _with_store(settings, lambda s: wh.deliver_due(s, settings))
