"""``crossline quarantine list|show|export``: the rows that could not be imported."""

from __future__ import annotations

import click

from crossline.cli.output import emit_json, listing, table
from crossline.config import Settings
from crossline.errors import NotFoundError
from crossline.services.exports import export_quarantine
from crossline.store import open_store
from crossline.store.intake import list_warnings
from crossline.store.read import imports as read_imports


@click.group()
def quarantine() -> None:
    """Rows that could not be imported, with file, line and reason."""


@quarantine.command("list")
@click.option("--import-id", default=None)
@click.option("--limit", default=100, show_default=True)
@click.option("--offset", default=0)
@click.option(
    "--warnings",
    is_flag=True,
    help="Values of stored rows that could not be read (file, line, field, raw, reason).",
)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def list_(
    settings: Settings,
    import_id: str | None,
    limit: int,
    offset: int,
    warnings: bool,
    as_json: bool,
) -> None:
    """List quarantined rows (or, with --warnings, the field warnings of stored rows)."""
    with open_store(settings) as store, store.read() as conn:
        if warnings:
            rows = list_warnings(conn, import_id=import_id, limit=limit, offset=offset)
        else:
            rows = read_imports.list_quarantine(
                conn, import_id=import_id, limit=limit, offset=offset
            )
    if warnings and not as_json:
        click.echo(
            table(
                [
                    (
                        r["file"].rsplit("/", 1)[-1],
                        r["line"] if r["line"] is not None else "",
                        r["field"],
                        r["raw"][:30],
                        r["reason"][:80],
                    )
                    for r in rows
                ],
                ["file", "line", "field", "raw", "reason"],
            )
        )
        return
    listing(
        rows,
        as_json,
        ["id", "file", "line", "field", "reason"],
        lambda r: (
            r["id"][:8],
            r["file"].rsplit("/", 1)[-1],
            r["line"],
            r["field"] or "",
            r["reason"][:90],
        ),
    )


@quarantine.command()
@click.argument("row_id")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def show(settings: Settings, row_id: str, as_json: bool) -> None:
    """One quarantined row in full (id or prefix)."""
    with open_store(settings) as store, store.read() as conn:
        rows = read_imports.find_quarantined(conn, row_id)
    if len(rows) != 1:
        raise NotFoundError(f"no single quarantined row with id {row_id!r} (found {len(rows)})")
    row = rows[0]
    if as_json:
        emit_json(row)
        return
    for key in ("id", "file", "format", "line", "field", "reason", "import_id", "created_at"):
        click.echo(f"{key}: {row[key]}")
    click.echo(f"raw:\n{row['raw']}")


@quarantine.command()
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv")
@click.option("--out", type=click.Path(dir_okay=False), default="-")
@click.option("--import-id", default=None)
@click.pass_obj
def export(settings: Settings, fmt: str, out: str, import_id: str | None) -> None:
    """Export quarantined rows to fix and re-import them."""
    with open_store(settings) as store, store.read() as conn:
        rows = read_imports.list_quarantine(conn, import_id=import_id, limit=10**9)
    text = export_quarantine(rows, fmt)
    with click.open_file(out, "w", encoding="utf-8") as fh:
        fh.write(text)
