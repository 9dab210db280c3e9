"""``crossline extract``: indicators from text on stdin, or scores against an annotated set.

* plain text on stdin -> a table (or ``--json``);
* ``--jsonl``: each input line ``{"text": ..., "region": ...}`` -> one output line
  ``{"indicators": [{"kind", "value", "start", "end"}, ...]}``, same order; a line that
  cannot be read gives ``{"indicators": [], "error": {...}}`` and the exit status is 1;
* ``--eval FILE``: precision / recall / F1 per kind over an annotated JSONL file.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import TextIO

import click

from crossline.config import Settings
from crossline.errors import CrosslineError, ValidationError
from crossline.indicators import Found, extract_many
from crossline.indicators import extract as extract_text
from crossline.indicators.evaluate import evaluate, format_report, parse_cases
from crossline.indicators.extract import check_region

BATCH = 5000


def _short(found: Found) -> dict[str, object]:
    return {"kind": found.kind, "value": found.value, "start": found.start, "end": found.end}


def _parse_line(number: int, line: str, default_region: str | None) -> tuple[str, str | None]:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValidationError(f"line {number}: not valid JSON ({exc.msg})", line=number) from exc
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        raise ValidationError(
            f'line {number}: expected an object with a "text" string', line=number
        )
    region = obj.get("region", default_region)
    if region is not None and not isinstance(region, str):
        raise ValidationError(f'line {number}: "region" must be a string or null', line=number)
    check_region(region)
    return obj["text"], region or None


def _batches(stream: TextIO) -> Iterator[list[tuple[int, str]]]:
    numbered = ((i, line) for i, line in enumerate(stream, start=1) if line.strip())
    while batch := list(islice(numbered, BATCH)):
        yield batch


def _run_jsonl(stream: TextIO, region: str | None, card_key: bytes | None) -> int:
    failed = 0
    for batch in _batches(stream):
        texts: list[str] = []
        regions: list[str | None] = []
        outcome: list[dict[str, object] | None] = []
        for number, line in batch:
            try:
                text, line_region = _parse_line(number, line, region)
            except CrosslineError as exc:
                outcome.append({"indicators": [], **exc.to_dict()})
                failed += 1
                continue
            texts.append(text)
            regions.append(line_region)
            outcome.append(None)
        results = iter(extract_many(texts, regions, card_key=card_key))
        for item in outcome:
            if item is None:
                item = {"indicators": [_short(f) for f in next(results)]}
            click.echo(json.dumps(item, ensure_ascii=False))
    return failed


def _table(found: list[Found]) -> str:
    if not found:
        return "no indicators found"
    rows = [("kind", "value", "start", "end", "raw", "flags")]
    for f in found:
        rows.append((f.kind, f.value, str(f.start), str(f.end), f.raw, ",".join(sorted(f.flags))))
    widths = [min(48, max(len(r[i]) for r in rows)) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(c[:48].ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows
    )


@click.command("extract")
@click.option(
    "--region", default=None, help="ISO country code for national phone numbers (US, IN ...)."
)
@click.option(
    "--jsonl", is_flag=True, help='Read {"text", "region"} lines, write {"indicators"} lines.'
)
@click.option(
    "--eval",
    "eval_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Score against an annotated JSONL file; print precision/recall/F1 per kind.",
)
@click.option("--spans", is_flag=True, help="With --eval: also require start and end to match.")
@click.option(
    "--errors", "show_errors", is_flag=True, help="With --eval: list misses and false alarms."
)
@click.option("--json", "as_json", is_flag=True, help="Plain-text mode: print JSON, not a table.")
@click.option("--keyed", is_flag=True, help="Hash card numbers with the node's secret key.")
@click.pass_obj
def extract(
    settings: Settings,
    region: str | None,
    jsonl: bool,
    eval_file: Path | None,
    spans: bool,
    show_errors: bool,
    as_json: bool,
    keyed: bool,
) -> None:
    """Extract fraud indicators (phones, URLs, UPI handles, accounts, wallets ...)."""
    region = check_region(region)
    card_key = settings.secret_key() if keyed else None
    if eval_file is not None:
        with eval_file.open(encoding="utf-8") as fh:
            cases = parse_cases(fh)
        report = evaluate(cases, spans=spans, card_key=card_key)
        click.echo(format_report(report))
        if show_errors:
            text_of = {c.line: c.text for c in cases}
            for label, items in (
                ("false positive", report.false_positives),
                ("missed", report.false_negatives),
            ):
                for line, key in items:
                    click.echo(f"{label:14s} line {line}: {key}  | {text_of[line][:160]!r}")
        return
    stdin = sys.stdin
    if jsonl:
        failed = _run_jsonl(stdin, region, card_key)
        if failed:
            click.echo(f"{failed} line(s) could not be read (see their error objects)", err=True)
            click.get_current_context().exit(1)
        return
    found = extract_text(stdin.read(), region, card_key=card_key)
    if as_json:
        click.echo(json.dumps([f.to_dict() for f in found], ensure_ascii=False, indent=2))
    else:
        click.echo(_table(found))
