"""The ``crossline`` command.

Each sub-command lives in its own module (``*_cmd.py``) and is registered here,
so this file stays a table of contents.
"""

from __future__ import annotations

import importlib
import json

import click

from crossline.config import load_settings
from crossline.errors import CrosslineError

# module name -> attribute holding the click command or group
COMMANDS: tuple[tuple[str, str], ...] = (
    ("crossline.cli.extract_cmd", "extract"),
    ("crossline.cli.classify_cmd", "classify"),
    ("crossline.cli.ingest_cmd", "ingest"),
    ("crossline.cli.query_cmd", "campaigns"),
    ("crossline.cli.casework_cmd", "campaign"),
    ("crossline.cli.query_cmd", "lookup"),
    ("crossline.cli.query_cmd", "stats"),
    ("crossline.cli.quarantine_cmd", "quarantine"),
    ("crossline.cli.report_cmd", "report"),
    ("crossline.cli.admin_cmd", "relink"),
    ("crossline.cli.warnlist_cmd", "warnlist"),
    ("crossline.cli.schema_cmd", "schema"),
    ("crossline.cli.demo_cmd", "demo"),
    ("crossline.cli.calls_cmd", "calls"),
    ("crossline.cli.traceback_cmd", "traceback"),
    ("crossline.cli.money_cmd", "money"),
    ("crossline.cli.money_cmd", "registry"),
    ("crossline.cli.spark_cmd", "spark"),
    ("crossline.cli.serve_cmd", "serve"),
    ("crossline.cli.accounts_cmd", "users"),
    ("crossline.cli.accounts_cmd", "tokens"),
    ("crossline.cli.accounts_cmd", "audit"),
    ("crossline.cli.share_cmd", "node"),
    ("crossline.cli.share_cmd", "partners"),
    ("crossline.cli.share_cmd", "agreements"),
    ("crossline.cli.share_cmd", "share"),
    ("crossline.cli.stix_cmd", "stix"),
    ("crossline.cli.match_cmd", "match"),
    ("crossline.cli.match_cmd", "alerts"),
    ("crossline.cli.match_cmd", "webhooks"),
    ("crossline.cli.evidence_cmd", "evidence"),
    ("crossline.cli.requests_cmd", "requests_"),
    ("crossline.cli.sync_cmd", "sync"),
    ("crossline.cli.ops_cmd", "backup"),
    ("crossline.cli.ops_cmd", "restore"),
    ("crossline.cli.citizens_cmd", "citizens"),
    ("crossline.cli.watch_cmd", "watch"),
)


class CrosslineGroup(click.Group):
    """Turns Crossline errors into a clear message (or JSON) and a non-zero exit."""

    def invoke(self, ctx: click.Context) -> object:
        # The sub-command's own arguments are still unparsed here.
        wants_json = "--json" in [*getattr(ctx, "_protected_args", ()), *ctx.args]
        try:
            return super().invoke(ctx)
        except CrosslineError as exc:
            if wants_json:
                click.echo(json.dumps(exc.to_dict()))
            else:
                click.echo(f"error [{exc.code}]: {exc.message}", err=True)
            ctx.exit(2)


@click.group(cls=CrosslineGroup)
@click.option("--home", envvar="CROSSLINE_HOME", default=None, help="Node data directory.")
@click.option(
    "--db",
    "database_url",
    envvar="CROSSLINE_DATABASE_URL",
    default=None,
    help="SQLAlchemy database URL (default: SQLite in the home directory).",
)
@click.pass_context
def cli(ctx: click.Context, home: str | None, database_url: str | None) -> None:
    """Crossline fraud-intelligence node."""
    ctx.obj = load_settings(home=home, database_url=database_url)


def _register() -> None:
    for module_name, attr in COMMANDS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:  # that command is not part of this build
                continue
            raise
        cli.add_command(getattr(module, attr))


_register()


def main() -> None:
    """Entry point of the ``crossline`` console script."""
    cli(prog_name="crossline")
