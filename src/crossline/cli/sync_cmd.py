"""``crossline sync``: exchange with partner nodes now, in a loop, or see where it stands."""

from __future__ import annotations

import time

import click

from crossline.cli.output import emit_json, table
from crossline.config import Settings
from crossline.store import open_store


@click.group()
def sync() -> None:
    """Pull from partners what they share, push what this node publishes (TAXII 2.1)."""


@sync.command("run")
@click.option("--partner", default=None, help="Only this partner (default: every partner).")
@click.option("--pull/--no-pull", default=True, show_default=True)
@click.option("--push/--no-push", default=True, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def sync_run(
    settings: Settings, partner: str | None, pull: bool, push: bool, as_json: bool
) -> None:
    """One sync run; exits non-zero when a partner could not be synced."""
    from crossline.services.sync import syncer_for

    store = open_store(settings)
    syncer = syncer_for(store, settings)
    try:
        results = syncer.run(partner, pull=pull, push=push)
    finally:
        syncer.close()
        store.close()
    if as_json:
        emit_json([r.to_dict() for r in results])
    else:
        click.echo(
            table(
                [
                    (
                        r.partner,
                        r.direction,
                        "ok" if r.ok else "FAILED",
                        r.objects,
                        r.rejected,
                        r.error or r.skipped or "",
                    )
                    for r in results
                ],
                ["partner", "direction", "result", "objects", "rejected", "note"],
            )
            if results
            else "no partner with an address to sync with"
        )
    if any(not r.ok for r in results):
        raise SystemExit(1)


@sync.command("status")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def sync_status(settings: Settings, as_json: bool) -> None:
    """Where sync stands with each partner: cursor, objects moved, failures, last error."""
    from crossline.services.sync import sync_status as states

    with open_store(settings) as store:
        rows = states(store)
    if as_json:
        emit_json(rows)
        return
    click.echo(
        table(
            [
                (
                    r["partner"],
                    r["direction"],
                    r["cursor"] or "-",
                    r["objects"],
                    r["failures"],
                    (r["last_success_at"] or "-")[:19],
                    (r["last_error"] or "")[:60],
                )
                for r in rows
            ],
            ["partner", "direction", "cursor", "objects", "failures", "last ok", "last error"],
        )
        if rows
        else "no sync has run yet"
    )


@sync.command("loop")
@click.option("--interval", default=60.0, show_default=True, type=float, help="Seconds.")
@click.pass_obj
def sync_loop(settings: Settings, interval: float) -> None:
    """Sync every INTERVAL seconds until stopped (the service beside multi-worker nodes)."""
    from crossline.services.sync import syncer_for

    store = open_store(settings)
    syncer = syncer_for(store, settings)
    try:
        while True:
            for r in syncer.run():
                if not r.ok:
                    click.echo(f"sync {r.direction} {r.partner}: {r.error}", err=True)
            time.sleep(interval)
    except KeyboardInterrupt:
        pass
    finally:
        syncer.close()
        store.close()
