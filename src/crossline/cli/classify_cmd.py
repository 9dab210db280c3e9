"""``crossline classify``: label texts from stdin, evaluate on a CSV, rebuild the model.

::

    crossline classify                 one message per stdin line -> table
    crossline classify --jsonl         {"text": ...} per line -> {"label": ...} per line
    crossline classify eval FILE.csv   per-label P/R/F1, macro-F1, confusion matrix
    crossline classify train [--out model.npz]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from crossline.classify import classify_many
from crossline.classify.evaluate import format_report, read_labelled_csv, score
from crossline.classify.model import DEFAULT_PATH, clear_cache
from crossline.cli.options import json_option, path_option
from crossline.errors import ValidationError
from crossline.jsonlines import numbered_values

_BATCH = 2000


def _read_jsonl(
    lines: list[str],
) -> tuple[list[str], list[str | None], list[str | None], list[str | None]]:
    texts: list[str] = []
    channels: list[str | None] = []
    categories: list[str | None] = []
    sources: list[str | None] = []
    for number, obj in numbered_values(lines, where="stdin line"):
        if not isinstance(obj, dict) or not isinstance(obj.get("text", ""), str | None):
            raise ValidationError(
                f'stdin line {number}: expected an object like {{"text": "..."}}',
                line=number,
                field="text",
            )
        texts.append(obj.get("text") or "")
        channels.append(obj.get("channel"))
        categories.append(obj.get("source_category") or obj.get("category"))
        sources.append(obj.get("source"))
    return texts, channels, categories, sources


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


@click.group(invoke_without_command=True)
@click.option(
    "--jsonl", is_flag=True, help='Read {"text": ...} lines, write one JSON result a line.'
)
@path_option("--model", "model_path", help="Model artefact (default: the shipped one).")
@click.pass_context
def classify(ctx: click.Context, jsonl: bool, model_path: Path | None) -> None:
    """Label scam messages, transcripts and complaints read from stdin."""
    if ctx.invoked_subcommand is not None:
        ctx.meta["classify_model"] = model_path
        return
    lines = sys.stdin.read().splitlines()
    channels: list[str | None] | None = None
    categories: list[str | None] | None = None
    sources: list[str | None] | None = None
    if jsonl:
        texts, channels, categories, sources = _read_jsonl(lines)
    else:
        texts = [ln for ln in lines if ln.strip()]
    for start in range(0, len(texts), _BATCH):
        end = start + _BATCH
        results = classify_many(
            texts[start:end],
            channels=channels[start:end] if channels else None,
            source_categories=categories[start:end] if categories else None,
            sources=sources[start:end] if sources else None,
            model_path=model_path,
        )
        if jsonl:
            for r in results:
                click.echo(json.dumps(r.to_dict(), ensure_ascii=False))
            continue
        if start == 0:
            click.echo(f"{'label':<25} {'conf':>5} {'review':<6} {'evidence':<44} text")
        for text, r in zip(texts[start:end], results, strict=True):
            ev = ", ".join(r.evidence[:3])
            click.echo(
                f"{r.label:<25} {r.confidence:>5.2f} {'yes' if r.needs_review else '':<6} "
                f"{_shorten(ev, 44):<44} {_shorten(text, 60)}"
            )


@classify.command("eval")
@click.argument("csv_path", type=click.Path(path_type=Path))
@click.option(
    "--min-support",
    default=10,
    show_default=True,
    help="Also report macro-F1 over labels with at least this many examples.",
)
@click.pass_context
def eval_cmd(ctx: click.Context, csv_path: Path, min_support: int) -> None:
    """Score the classifier on a CSV with columns text,label."""
    texts, gold = read_labelled_csv(csv_path)
    model_path = ctx.meta.get("classify_model")
    pred = [r.label for r in classify_many(texts, model_path=model_path)]
    click.echo(format_report(score(gold, pred, min_support=min_support)))


@classify.command("reclassify")
@path_option("--model", "model_path", help="Model artefact (default: the shipped model).")
@json_option
@click.pass_context
def reclassify_cmd(ctx: click.Context, model_path: Path | None, as_json: bool) -> None:
    """Label every stored report again (after a model update) and refresh campaign labels."""
    from crossline.classify.reclassify import reclassify
    from crossline.store import open_store

    with open_store(ctx.find_root().obj) as store:
        result = reclassify(store, model_path=model_path)
    if as_json:
        click.echo(json.dumps(result))
    else:
        click.echo(
            f"reclassified {result['reports']:,} reports with model {result['model']}; "
            f"{result['changed']:,} labels changed"
        )


@classify.command("train")
@path_option(
    "--out", default=DEFAULT_PATH, show_default=True, help="Where to write the model artefact."
)
@path_option(
    "--data-out", help="Also write the eval split, synthetic set and manifest to this folder."
)
@path_option(
    "--shared", help="Public data folder (default: $CROSSLINE_SHARED_DATA or ../shared/data)."
)
@click.option(
    "--per-template",
    default=12,
    show_default=True,
    help="Renderings of each synthetic template (the shipped model uses 12).",
)
def train_cmd(out: Path, data_out: Path | None, shared: Path | None, per_template: int) -> None:
    """Rebuild the model from the public data sets and the seeded synthetic set."""
    from crossline.classify.train import train  # scikit-learn: build-time only

    train(out, data_out=data_out, shared=shared, log=click.echo, per_template=per_template)
    clear_cache()
