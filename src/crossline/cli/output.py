"""Output for people (aligned tables) and for scripts (JSON)."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import click

from crossline.cli.options import Decorator, json_option

Render = Callable[[Any], str]


def emit_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=None, default=str))


def table(rows: Sequence[Sequence[Any]], headers: Sequence[str]) -> str:
    """A plain aligned text table."""
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in r] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def emit(value: Any, as_json: bool, render: Render) -> None:
    """A command's result: JSON for scripts (``--json``), else ``render(value)`` for people."""
    if as_json:
        emit_json(value)
    else:
        click.echo(render(value))


def table_of(headers: Sequence[str], row: Callable[[Any], Sequence[Any]]) -> Render:
    """Renders items as a table of ``row(item)`` under ``headers``."""
    return lambda items: table([row(item) for item in items], headers)


def listing(
    items: Iterable[Any],
    as_json: bool,
    headers: Sequence[str],
    row: Callable[[Any], Sequence[Any]],
) -> None:
    """A command's listing: the items as JSON for scripts (``--json``), else a table of
    ``row(item)`` under ``headers`` for people."""
    emit(list(items), as_json, table_of(headers, row))


def answers(render: Render) -> Decorator:
    """Makes a function of the node's settings and its parameters, returning its result,
    into a command body with ``--json``: the result is printed by :func:`emit`.

    Put it last (nearest the function), so that ``--json`` is listed last in ``--help``.
    """

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def command(settings: Any, *args: Any, as_json: bool, **kwargs: Any) -> None:
            emit(func(settings, *args, **kwargs), as_json, render)

        return json_option(click.pass_obj(command))

    return decorate


def campaigns_table(items: Iterable[dict[str, Any]], *, label: bool = True) -> str:
    """Campaigns in brief, as the demos print them: id, size, where, loss, scam type (unless
    ``label`` is false) and the first two values that tie the reports together."""
    rows = [
        (
            c["id"][:8],
            c["report_count"],
            ",".join(c["jurisdictions"]),
            money(c["total_loss"]),
            *((c["label"] or "-",) if label else ()),
            ", ".join(f"{i['kind']} {i['value']}" for i in c["indicators"][:2]),
        )
        for c in items
    ]
    headers = ["id", "reports", "where", "loss", *(["label"] if label else []), "tied by"]
    return table(rows, headers)


class RowProgress:
    """A live row counter on stderr when it is a terminal; silent otherwise."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.enabled = sys.stderr.isatty()

    def __call__(self, rows: int) -> None:
        if self.enabled:
            click.echo(f"\r{self.label}: {rows:,} rows", nl=False, err=True)

    def done(self) -> None:
        if self.enabled:
            click.echo("", err=True)


def money(total: dict[str, str]) -> str:
    return ", ".join(f"{cur} {float(v):,.2f}" for cur, v in total.items()) or "-"
