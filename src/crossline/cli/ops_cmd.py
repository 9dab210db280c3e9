"""``crossline backup`` and ``crossline restore``: one-file snapshots of a node.

A backup holds every table (one consistent snapshot) and, with ``--with-home``,
the node's files (secret key, signing keys, evidence, call stores; modes kept).
``restore`` loads it into an empty store — of either engine — and verifies row
counts, content hashes and the audit chain before saying it is done.
"""

from __future__ import annotations

from pathlib import Path

import click

from crossline.cli.output import emit_json, table
from crossline.config import Settings
from crossline.store import Store, open_store


@click.command()
@click.option("--out", "out", required=True, type=click.Path(path_type=Path), help="Backup file.")
@click.option(
    "--with-home",
    is_flag=True,
    help="Also keep the home directory's files (keys, evidence ...), modes preserved.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the manifest as JSON.")
@click.pass_obj
def backup(settings: Settings, out: Path, with_home: bool, as_json: bool) -> None:
    """Write a consistent backup of the node's database to one file."""
    from crossline.ops.backup import backup as run

    with open_store(settings) as store:
        manifest = run(store, out, home=settings.home, include_home=with_home)
    if as_json:
        emit_json({"file": str(out), **manifest})
        return
    rows = [(name, t["rows"], t["sha256"][:16]) for name, t in manifest["tables"].items()]
    click.echo(table(rows, ["table", "rows", "sha256"]))
    total = sum(t["rows"] for t in manifest["tables"].values())
    click.echo(
        f"\n{total:,} rows in {len(rows)} tables at schema {manifest['schema_revision']} "
        f"({manifest['consistency']}); {len(manifest['home_files'])} home files -> {out}"
    )


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace the content of a non-empty target.")
@click.option("--with-home", is_flag=True, help="Also restore the home directory's files.")
@click.option("--json", "as_json", is_flag=True, help="Print the verification as JSON.")
@click.pass_obj
def restore(settings: Settings, file: Path, force: bool, with_home: bool, as_json: bool) -> None:
    """Restore a backup into this node's (empty) database and verify it."""
    from crossline.ops.restore import restore as run

    if settings.database_url.startswith("sqlite:///"):
        Path(settings.database_url.removeprefix("sqlite:///")).parent.mkdir(
            parents=True, exist_ok=True
        )
    store = Store(settings.database_url)
    try:
        report = run(store, file, force=force, home=settings.home, restore_home=with_home)
    finally:
        store.close()
    if as_json:
        emit_json(report)
        return
    rows = [
        (name, t["rows"], "ok" if t["ok"] else "DIFFERS") for name, t in report["tables"].items()
    ]
    click.echo(table(rows, ["table", "rows", "check"]))
    how = "counts and content hashes" if report["content_hashes_compared"] else "counts"
    click.echo(
        f"\nrestored {report['rows']:,} rows (schema {report['schema_revision']} -> "
        f"{report['now_at']}); {how} match the backup; audit chain holds "
        f"({report['audit_entries_verified']} entries)"
    )
