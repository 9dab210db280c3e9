"""``crossline quarantine list|show|export``: the rows that could not be imported."""

from __future__ import annotations

from typing import Any

import click

from crossline.cli.options import json_option, limit_option
from crossline.cli.output import answers, emit, table_of
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
@limit_option(100)
@click.option("--offset", default=0)
@click.option(
    "--warnings",
    is_flag=True,
    help="Values of stored rows that could not be read (file, line, field, raw, reason).",
)
@json_option
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
    emit(rows, as_json, _warnings_table if warnings else _rows_table)


_rows_table = table_of(
    ["id", "file", "line", "field", "reason"],
    lambda r: (r["id"][:8], _file(r), r["line"], r["field"] or "", r["reason"][:90]),
)
_warnings_table = table_of(
    ["file", "line", "field", "raw", "reason"],
    lambda r: (_file(r), "" if r["line"] is None else r["line"], r["field"], r["raw"][:30],
               r["reason"][:80]),
)  # fmt: skip


def _file(row: dict[str, Any]) -> str:
    """The file's name, without its folder."""
    return row["file"].rsplit("/", 1)[-1]


def _row_text(row: dict[str, Any]) -> str:
    keys = ("id", "file", "format", "line", "field", "reason", "import_id", "created_at")
    return "\n".join([*(f"{key}: {row[key]}" for key in keys), f"raw:\n{row['raw']}"])


@quarantine.command()
@click.argument("row_id")
@answers(_row_text)
def show(settings: Settings, row_id: str) -> dict[str, Any]:
    """One quarantined row in full (id or prefix)."""
    with open_store(settings) as store, store.read() as conn:
        rows = read_imports.find_quarantined(conn, row_id)
    if len(rows) != 1:
        raise NotFoundError(f"no single quarantined row with id {row_id!r} (found {len(rows)})")
    return rows[0]


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
