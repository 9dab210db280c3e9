"""Maintenance commands: ``crossline relink``."""

from __future__ import annotations

import click

from crossline.cli.options import json_option
from crossline.cli.output import emit_json
from crossline.config import Settings
from crossline.link.common import DEFAULT_MIN_GROUPS
from crossline.link.relink import relink as relink_all
from crossline.store import open_store


@click.command()
@click.option(
    "--min-groups",
    default=DEFAULT_MIN_GROUPS,
    show_default=True,
    help="A value bridging this many established groups is marked common.",
)
@json_option
@click.pass_obj
def relink(settings: Settings, min_groups: int, as_json: bool) -> None:
    """Recompute every campaign from the index (after a warning-list or rule change)."""
    with open_store(settings) as store:
        result = relink_all(store, min_groups=min_groups)
    if as_json:
        emit_json(result)
    else:
        click.echo(
            f"relinked {result['reports']:,} reports into {result['campaigns']:,} "
            f"campaigns; {result['listed_common']} values on the warning list"
        )
