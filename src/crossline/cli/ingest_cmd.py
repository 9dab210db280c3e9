"""``crossline ingest PATH...``: import files, print the reconciliation."""

from __future__ import annotations

from pathlib import Path

import click

from crossline.cli.output import RowProgress, emit_json, table
from crossline.config import Settings
from crossline.services.imports import import_paths


def _formats() -> list[str]:
    from crossline.ingest.formats import READERS

    return sorted(READERS)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format", "fmt", default=None, help="Override format detection (see docs/formats.md)."
)
@click.option("--source", default=None, help="Source name recorded on each report.")
@click.option("--jurisdiction", default=None, help="ISO country of the reports (US, IN ...).")
@click.option(
    "--marking",
    default=None,
    help="TLP 2.0 marking of every report (default: the source's, see docs/sharing.md).",
)
@click.option("--pap", default=None, help="PAP marking of every report (optional).")
@click.option(
    "--encoding",
    default=None,
    help="Text encoding of the files (utf-8, utf-16, cp1252 ...). Default: detected "
    "(UTF-8 with or without a byte-order mark, UTF-16/32 by their mark; Windows-1252 "
    "or UTF-16 guessed, with a warning).",
)
@click.option(
    "--batch-size",
    type=click.IntRange(1, 1_000_000),
    default=None,
    help="Rows per transaction (default 5,000): smaller batches hold locks for less time.",
)
@click.option(
    "--bulk/--no-bulk",
    default=None,
    help="Force the bulk path (columnar chunks, worker processes, one linking step) or "
    "the row path. Default: the bulk path for files of at least CROSSLINE_BULK_MIN_BYTES "
    "(8 MiB). Both store the same reports, values and campaigns.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_obj
def ingest(
    settings: Settings,
    paths: tuple[Path, ...],
    fmt: str | None,
    source: str | None,
    jurisdiction: str | None,
    marking: str | None,
    pap: str | None,
    encoding: str | None,
    batch_size: int | None,
    bulk: bool | None,
    as_json: bool,
) -> None:
    """Import complaint files: parse, extract indicators, classify, store, link.

    Every row is stored, counted as a duplicate, or quarantined with its reason:
    rows_read = stored + duplicates + quarantined. A stored row whose amount or date
    cannot be read keeps that field empty with a warning (quarantine list --warnings);
    a row with a stored report's reference and other content is a new version of it.
    """
    if fmt and fmt not in _formats():
        raise click.BadParameter(f"unknown format {fmt!r}; known: {', '.join(_formats())}")
    if marking:
        from crossline.share.markings import parse_tlp

        marking = parse_tlp(marking)  # refused before anything is read
    if pap:
        from crossline.share.markings import parse_pap

        pap = parse_pap(pap)
    progress = RowProgress("importing")
    summaries = import_paths(
        settings,
        paths,
        fmt=fmt,
        source=source,
        jurisdiction=jurisdiction,
        progress=progress,
        marking=marking,
        pap=pap,
        batch_size=batch_size,
        encoding=encoding,
        bulk=bulk,
    )
    progress.done()
    totals = {
        k: sum(getattr(s, k) for s in summaries)
        for k in ("rows_read", "stored", "duplicates", "quarantined", "updated", "warnings")
    }
    if as_json:
        out = {
            **totals,
            "reconciles": all(s.reconciles for s in summaries),
            "files": [s.to_dict() for s in summaries],
        }
        emit_json(out)
        return
    rows = [
        (
            Path(s.path).name,
            s.format,
            s.rows_read,
            s.stored,
            s.duplicates,
            s.quarantined,
            s.updated,
            s.warnings,
            s.indicators,
            f"{s.seconds:.2f}s",
        )
        for s in summaries
    ]
    header = ["file", "format", "read", "stored", "dupes", "quarantined", "updated", "warnings"]
    click.echo(table(rows, [*header, "indicators", "time"]))
    click.echo(
        f"\n{totals['rows_read']:,} rows read = {totals['stored']:,} stored + "
        f"{totals['duplicates']:,} duplicates + {totals['quarantined']:,} quarantined"
    )
    if totals["updated"]:
        click.echo(
            f"{totals['updated']:,} stored rows were corrected versions of stored reports "
            "(crossline report REF --history)"
        )
    if totals["warnings"]:
        click.echo(
            f"{totals['warnings']:,} values could not be read and were left empty, the rows "
            "stored: crossline quarantine list --warnings"
        )
    if totals["quarantined"]:
        click.echo("See them with: crossline quarantine list")
