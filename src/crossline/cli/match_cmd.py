"""``crossline match ...``, ``crossline alerts list|ack``, ``crossline webhooks add|list|deliver``:
blind matching with partner nodes, the alerts it and new reports raise, and where they go."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from crossline.cli.output import emit_json, listing
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
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def run(settings: Settings, partner: str, mode: str, as_json: bool) -> None:
    """Find which of this node's values the partner also holds."""
    out = _with_store(settings, lambda s: match_run.run_match(s, settings, partner, mode))
    if as_json:
        emit_json(out)
        return
    click.echo(
        f"{out['matches']} match(es) with {out['partner']} ({out['mode']}) "
        f"among {out['local_values']} local value(s); `crossline match list` shows them"
    )


@match.command("list")
@click.option("--partner", default=None)
@click.option("--limit", default=100, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def list_(settings: Settings, partner: str | None, limit: int, as_json: bool) -> None:
    """Match results: partner X holds this value in its case Y."""
    rows = _with_store(settings, lambda s: mt.list_results(s, partner=partner, limit=limit))
    listing(
        rows,
        as_json,
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


@match.command("request")
@click.argument("match_id")
@click.option("--note", default=None, help="What you ask for (sent, signed, to the partner).")
@click.option("--json", "as_json", is_flag=True)
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
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def requests_(settings: Settings, as_json: bool) -> None:
    """Requests for details sent to and received from partners."""
    rows = _with_store(settings, mt.list_requests)
    listing(
        rows,
        as_json,
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


@match.command("queries")
@click.option("--limit", default=100, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def queries(settings: Settings, limit: int, as_json: bool) -> None:
    """The match query log, both directions: who asked, when, how many values."""
    rows = _with_store(settings, lambda s: mt.list_queries(s, limit=limit))
    listing(
        rows,
        as_json,
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


@match.command("budget")
@click.option("--partner", required=True)
@click.option("--per-request", type=int, default=None, help="Values one query may hold.")
@click.option("--per-day", type=int, default=None, help="Values per partner per 24 h.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def budget(
    settings: Settings, partner: str, per_request: int | None, per_day: int | None, as_json: bool
) -> None:
    """Show or set how many values a partner may query (per request, per 24 h)."""

    def work(store: Store) -> dict[str, Any]:
        p = get_partner(store, partner)
        cur_req, cur_day = mt.budget(store, p)
        if per_request is not None or per_day is not None:
            mt.set_budget(store, p, per_request=per_request or cur_req, per_day=per_day or cur_day)
            cur_req, cur_day = mt.budget(store, p)
        return {"partner": p.name, "per_request": cur_req, "per_day": cur_day}

    out = _with_store(settings, work)
    if as_json:
        emit_json(out)
    else:
        click.echo(f"{out['partner']}: {out['per_request']} per request, {out['per_day']} per 24 h")


@match.command("rotate-key")
@click.option("--partner", required=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def rotate_key(settings: Settings, partner: str, as_json: bool) -> None:
    """Move the HMAC key shared with a partner to the next epoch (do it on both nodes)."""
    epoch = _with_store(settings, lambda s: mt.rotate_key(s, settings, get_partner(s, partner)))
    if as_json:
        emit_json({"partner": partner, "epoch": epoch})
    else:
        click.echo(f"{partner}: match key now at epoch {epoch}")


@click.group()
def alerts() -> None:
    """Alerts: new reports hitting values partners shared or matched, and partners' alerts."""


@alerts.command("list")
@click.option("--unacked", is_flag=True, help="Only alerts nobody acknowledged yet.")
@click.option("--limit", default=100, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def alerts_list(settings: Settings, unacked: bool, limit: int, as_json: bool) -> None:
    rows = _with_store(settings, lambda s: al.list_alerts(s, unacked=unacked, limit=limit))
    listing(
        rows,
        as_json,
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


@alerts.command("ack")
@click.argument("alert_id")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def alerts_ack(settings: Settings, alert_id: str, as_json: bool) -> None:
    """Acknowledge an alert (id or prefix)."""
    out = _with_store(settings, lambda s: al.ack_alert(s, alert_id, by="cli"))
    if as_json:
        emit_json(out)
    else:
        click.echo(f"alert {_short(out['id'])} acknowledged by {out['acked_by']}")


@click.group()
def webhooks() -> None:
    """Where alerts are sent, signed with the node's key."""


@webhooks.command("add")
@click.argument("name")
@click.argument("url")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def webhooks_add(settings: Settings, name: str, url: str, as_json: bool) -> None:
    """Send every new alert to URL (POST, a signed JSON envelope)."""
    outbound = Outbound.of(settings)
    out = _with_store(settings, lambda s: wh.add_subscription(s, name, url, outbound))
    if as_json:
        emit_json(out)
    else:
        click.echo(f"webhook {out['name']} -> {out['url']}")


@webhooks.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def webhooks_list(settings: Settings, as_json: bool) -> None:
    rows = _with_store(settings, wh.list_subscriptions)
    listing(
        rows,
        as_json,
        ["name", "url", "active", "created"],
        lambda r: (r["name"], r["url"], "yes" if r["active"] else "no", r["created_at"][:19]),
    )


@webhooks.command("deliver")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def webhooks_deliver(settings: Settings, as_json: bool) -> None:
    """Send the deliveries that are due now (a serving node does this by itself)."""

    def work(store: Store) -> dict[str, int]:
        return wh.deliver_due(store, settings)

    out = _with_store(settings, work)
    if as_json:
        emit_json(out)
    else:
        click.echo(", ".join(f"{k}: {v}" for k, v in out.items()))
