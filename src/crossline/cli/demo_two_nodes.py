"""``crossline demo --two-nodes``: the cross-border exchange on one machine."""

from __future__ import annotations

import time

import click

from crossline.cli.output import campaigns_table
from crossline.config import Settings
from crossline.errors import ValidationError


def _ports(text: str) -> tuple[int, int] | None:
    try:
        a, b = (int(p) for p in text.split(","))
    except ValueError as exc:
        raise ValidationError(
            f"--ports {text!r} is not valid", field="ports", expected="two ports, e.g. 8471,8472"
        ) from exc
    return None if (a, b) == (0, 0) else (a, b)


def run_two_nodes(settings: Settings, *, top: int, serve: bool, ports: str) -> None:
    """Start both nodes under ``<home>/two-nodes``, pair them, import, exchange, show."""
    from crossline.cli.two_nodes import (
        import_and_exchange,
        pair_if_new,
        start_nodes,
        stop_all,
    )

    base = settings.home / "two-nodes"
    nodes = start_nodes(base, ports=_ports(ports), sync_interval=5.0)
    try:
        for node in nodes:
            click.echo(f"{node.name} ({node.settings.country}) serving on {node.url}/")
            if node.password:
                click.echo(f"  admin password (shown once): {node.password}")
        if pair_if_new(*nodes):
            click.echo("paired: each node registered the other's key, address and token")
        result = import_and_exchange(nodes, on_step=click.echo)
        click.echo(f"\nBoth nodes show cross-border campaigns {result['seconds']} s after import.")
        for name, held in result["nodes"].items():
            click.echo(f"\n{name}: cross-border campaigns")
            click.echo(campaigns_table(held["cross_border_campaigns"][:top], label=False))
        if not serve:
            return
        click.echo("\nServing both nodes; press Ctrl-C to stop.")
        try:
            while True:
                time.sleep(1)
        except KeyboardInterrupt:
            pass
    finally:
        stop_all(nodes)
