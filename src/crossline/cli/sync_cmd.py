"""``crossline sync``: exchange with partner nodes now, in a loop, or see where it stands."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from crossline.cli.options import json_option
from crossline.cli.output import Render, answers, emit, table_of
from crossline.config import Settings
from crossline.store import open_store


@contextmanager
def _syncer(settings: Settings) -> Iterator[Any]:
    """The node's syncer, on a store; both closed when the block ends."""
    from crossline.services.sync import syncer_for

    store = open_store(settings)
    syncer = syncer_for(store, settings)
    try:
        yield syncer
    finally:
        syncer.close()
        store.close()


@click.group()
def sync() -> None:
    """Pull from partners what they share, push what this node publishes (TAXII 2.1)."""


@sync.command("run")
@click.option("--partner", default=None, help="Only this partner (default: every partner).")
@click.option("--pull/--no-pull", default=True, show_default=True)
@click.option("--push/--no-push", default=True, show_default=True)
@json_option
@click.pass_obj
def sync_run(
    settings: Settings, partner: str | None, pull: bool, push: bool, as_json: bool
) -> None:
    """One sync run; exits non-zero when a partner could not be synced."""
    with _syncer(settings) as syncer:
        results = [r.to_dict() for r in syncer.run(partner, pull=pull, push=push)]
    emit(results, as_json, _or_sentence("no partner with an address to sync with", _runs_table))
    if any(not r["ok"] for r in results):
        raise SystemExit(1)


_runs_table = table_of(
    ["partner", "direction", "result", "objects", "rejected", "note"],
    lambda r: (r["partner"], r["direction"], "ok" if r["ok"] else "FAILED", r["objects"],
               r["rejected"], r["error"] or r["skipped"] or ""),
)  # fmt: skip


def _or_sentence(nothing: str, render: Render) -> Render:
    """``render`` for some rows, else the sentence ``nothing``."""
    return lambda rows: render(rows) if rows else nothing


@sync.command("status")
@answers(_or_sentence("no sync has run yet", table_of(
    ["partner", "direction", "cursor", "objects", "failures", "last ok", "last error"],
    lambda r: (r["partner"], r["direction"], r["cursor"] or "-", r["objects"], r["failures"],
               (r["last_success_at"] or "-")[:19], (r["last_error"] or "")[:60]),
)))  # fmt: skip
def sync_status(settings: Settings) -> list[dict[str, Any]]:
    """Where sync stands with each partner: cursor, objects moved, failures, last error."""
    from crossline.services.sync import sync_status as states

    with open_store(settings) as store:
        return states(store)


@sync.command("loop")
@click.option("--interval", default=60.0, show_default=True, type=float, help="Seconds.")
@click.pass_obj
def sync_loop(settings: Settings, interval: float) -> None:
    """Sync every INTERVAL seconds until stopped (the service beside multi-worker nodes)."""
    with _syncer(settings) as syncer:
        try:
            while True:
                for r in syncer.run():
                    if not r.ok:
                        click.echo(f"sync {r.direction} {r.partner}: {r.error}", err=True)
                time.sleep(interval)
        except KeyboardInterrupt:
            pass
