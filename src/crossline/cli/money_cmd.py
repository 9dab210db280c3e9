"""``crossline money ...`` (trails, mules, freeze requests) and ``crossline registry check``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from crossline.cli.options import json_option, limit_option
from crossline.cli.output import answers, emit, emit_json, table, table_of
from crossline.cli.stores import audited_store
from crossline.config import Settings
from crossline.store import open_store

_mules_table = table_of(
    ["account", "score", "level", "reasons"],
    lambda i: (i["account"], f"{i['score']:.2f}", i["level"], "; ".join(i["reasons"])[:110]),
)


_requests_table = table_of(
    ["id", "complaint", "account", "bank", "amount", "layer", "status", "tries"],
    lambda i: (
        i["id"][:8], i["complaint_ref"] or i["report_id"][:8], i["account"],
        i["bank_code"] or "-", f"{i['currency']} {float(i['amount']):,.2f}",
        i["layer"], i["status"], i["attempts"],
    ),
)  # fmt: skip


def _latency_line(latency: dict[str, Any]) -> str:
    return (
        f"\n\ncomplaint-to-request latency: p50 {latency['p50_ms']} ms, "
        f"p99 {latency['p99_ms']} ms ({latency['count']} requests)"
    )


@click.group()
def money() -> None:
    """Money trails: import transfers, trace a complaint, mules, freeze requests."""


@money.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["trail_csv", "trail_json", "paysim"]))
@click.option(
    "--source", default=None, help="Source name (bank or feed) recorded on each transfer."
)
@json_option
@click.pass_obj
def import_(
    settings: Settings, paths: tuple[Path, ...], fmt: str | None, source: str | None, as_json: bool
) -> None:
    """Import transaction trails (CSV, JSON, PaySim): rows_read = stored + duplicates +
    quarantined. Complaints whose trails they extend get new freeze requests."""
    from crossline.money.service import import_transfers

    with open_store(settings) as store:
        out = [import_transfers(store, p, fmt, source=source).to_dict() for p in paths]
    if as_json:
        emit_json(out if len(out) > 1 else out[0])
        return
    keys = ("rows_read", "stored", "duplicates", "quarantined", "freeze_requests")
    click.echo(
        table(
            [(Path(s["path"]).name, s["format"], *(s[k] for k in keys)) for s in out],
            ["file", "format", "read", "stored", "dupes", "quarantined", "new requests"],
        )
    )


@money.command()
@click.argument("ref")
@json_option
@click.pass_obj
def trace(settings: Settings, ref: str, as_json: bool) -> None:
    """The money trail of a complaint (report id or acknowledgement number) or of one
    transaction (id or UTR), layer by layer, with what may still be held."""
    from crossline.money.freeze import trace_complaint

    with open_store(settings) as store:
        trail, report_id, stats = trace_complaint(store, ref)
    data = trail.to_dict()
    if as_json:
        emit_json({"ref": ref, "report_id": report_id, "stats": stats, **data})
        return
    cur = data["currency"] or ""
    totals = data["totals"]
    click.echo(
        f"seeded {cur} {totals['seeded']:,.2f}  may still be held {totals['holdable']:,.2f}  "
        f"cashed out {totals['cashed_out']:,.2f}  ({stats['transfers_read']} transfers read, "
        f"{stats['ms']} ms)\n"
    )
    for root in data["tree"]:
        _print_tree(root, 0)


def _print_tree(node: dict[str, Any], depth: int) -> None:
    if depth:
        held = f"held {node['held']:,.2f}" if node.get("status") != "cashed_out" else ""
        click.echo(
            f"{'  ' * depth}└ L{node.get('layer', '?')} {node['account']}  "
            f"in {node.get('received', 0):,.2f}  {held}  [{node.get('status', '')}]"
        )
    else:
        click.echo(node["account"])
    for child in node["children"]:
        _print_tree(child, depth + 1)


@money.command()
@click.option("--min-score", default=0.5, show_default=True)
@limit_option(50)
@answers(lambda out: _mules_table(out["items"]) + f"\n\n{out['scored']} accounts scored")
def mules(settings: Settings, min_score: float, limit: int) -> dict[str, Any]:
    """Score the accounts on complaints' trails as mules (stored for the registry)."""
    from crossline.money.service import compute_mules, list_mules

    with open_store(settings) as store:
        scored = compute_mules(store)
        return {"scored": len(scored), "items": list_mules(store, min_score=min_score, limit=limit)}


@money.group("freeze")
def freeze_group() -> None:
    """Freeze (hold) requests to banks: list, deliver, acknowledge, refresh, bank endpoints."""


@freeze_group.command("list")
@click.option("--status", default=None, help="e.g. pending,retry")
@limit_option(100)
@answers(lambda out: _requests_table(out["items"]) + _latency_line(out["latency"]))
def list_(settings: Settings, status: str | None, limit: int) -> dict[str, Any]:
    """Requests with their bank, amount and delivery state; latency p50/p99."""
    from crossline.money.freeze import FreezeFilter, list_requests
    from crossline.money.outbox import latency_summary

    with open_store(settings) as store:
        return {
            "items": list_requests(store, FreezeFilter(status=status), limit=limit),
            "latency": latency_summary(store),
        }


@freeze_group.command("deliver")
@answers(
    lambda r: (
        f"sent {r['sent']}, acked {r['acked']}, retry {r['retry']}, "
        f"rejected {r['rejected']}, failed {r['failed']}"
    )
)
def deliver(settings: Settings) -> dict[str, Any]:
    """Send every due request: signed webhook, or a JSON file per bank under
    CROSSLINE_HOME/freeze-outbox/; failures are retried with backoff."""
    from crossline.money.outbox import deliver_pending

    with open_store(settings) as store:
        return deliver_pending(store, settings).to_dict()


@freeze_group.command("ack")
@click.argument("request_id")
@click.argument("ack_ref")
@answers(lambda item: f"{item['id']}: {item['status']} ({item['ack_ref']})")
def ack(settings: Settings, request_id: str, ack_ref: str) -> dict[str, Any]:
    """Record a bank's acknowledgement (its reference) of a sent request."""
    from crossline.money.outbox import acknowledge

    with open_store(settings) as store:
        return acknowledge(store, request_id, ack_ref)


@freeze_group.command("resend")
@click.argument("request_id")
@click.option("--actor", default="cli", show_default=True, help="Who resends it (audit log).")
@answers(lambda item: f"{item['id']}: {item['status']} (sent again at the next delivery)")
def resend(settings: Settings, request_id: str, actor: str) -> dict[str, Any]:
    """Send a request again (sent but unacknowledged, failed, rejected or waiting for a
    retry): it goes back to the outbox, due now; the next delivery sends it. Audited."""
    from crossline.services.accounts import Acting
    from crossline.services.money import resend_freeze_request

    with audited_store(settings) as (store, audit):
        return resend_freeze_request(store, audit, Acting(actor), request_id)


@freeze_group.command("refresh")
@answers(lambda out: f"{out['created']} new freeze requests")
def refresh(settings: Settings) -> dict[str, Any]:
    """Re-trace every complaint with a payment; create the requests that are missing."""
    from crossline.money.service import refresh_all

    with open_store(settings) as store:
        return {"created": refresh_all(store)}


@freeze_group.command("bank")
@click.argument("bank_code")
@click.option("--webhook", "url", default=None, help="The bank's HTTPS endpoint.")
@click.option("--file", "as_file", is_flag=True, help="JSON files (no API).")
@click.option("--name", default=None)
@click.pass_obj
def bank(
    settings: Settings, bank_code: str, url: str | None, as_file: bool, name: str | None
) -> None:
    """Say how a bank (IFSC prefix or BIC) takes its requests."""
    from crossline.money.outbox import set_endpoint
    from crossline.net.outbound import Outbound

    with open_store(settings) as store:
        set_endpoint(
            store, bank_code, mode="file" if as_file or not url else "webhook", url=url,
            name=name, outbound=Outbound.of(settings),
        )  # fmt: skip
    click.echo(f"{bank_code.upper()}: {'webhook ' + url if url and not as_file else 'files'}")


@click.group()
def registry() -> None:
    """Suspect registry: what the node knows about a number, handle, account or wallet."""


@registry.command()
@click.argument("value")
@click.option(
    "--kind",
    type=click.Choice(["any", "phone", "upi", "account", "iban", "wallet", "crypto"]),
    default="any",
    show_default=True,
)
@json_option
@click.pass_obj
def check(settings: Settings, value: str, kind: str, as_json: bool) -> None:
    """Risk level, reasons, counts of reports and campaigns (never victims' data)."""
    from crossline.money.registry import check as registry_check

    with open_store(settings) as store:
        answer = registry_check(store, value, kind)
    emit(answer, as_json, lambda a: "\n".join([
        f"{value}: {a['risk'].upper()}",
        f"reports {a['report_count']}, campaigns {a['campaign_count']}, "
        f"first seen {a['first_seen'] or '-'}, last seen {a['last_seen'] or '-'}",
        *(f"  - {reason}" for reason in a["reasons"]),
    ]))  # fmt: skip
