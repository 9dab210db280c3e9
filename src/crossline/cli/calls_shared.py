"""What the call-record commands (``crossline calls``, ``crossline traceback``) share:
their ``--json`` option, their store, and how they print."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

import click

from crossline.calls.store import CallsStore
from crossline.config import Settings
from crossline.errors import CrosslineError


def json_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--json``; with it, Crossline errors are printed in the JSON error shape.

    The top-level group looks for ``--json`` in ``sys.argv``, which is not where it is
    when the command is invoked programmatically, so each command handles it itself.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CrosslineError as exc:
            if not kwargs.get("as_json"):
                raise
            click.echo(json.dumps(exc.to_dict()))
            raise SystemExit(2) from exc

    return click.option("--json", "as_json", is_flag=True, help="Print JSON.")(wrapper)


def calls_store(ctx: click.Context) -> CallsStore:
    """The node's call-record store (DuckDB beside its database)."""
    settings = ctx.obj
    assert isinstance(settings, Settings)
    return CallsStore.from_settings(settings)


def emit(data: Any, as_json: bool, text: str) -> None:
    """``data`` as indented JSON with ``--json``, else ``text``."""
    click.echo(json.dumps(data, default=str, indent=1) if as_json else text)


def rows_table(rows: list[dict[str, Any]], cols: list[str]) -> str:
    """Rows (dicts) as aligned columns ``cols``; ``(none)`` when there are none."""
    if not rows:
        return "(none)"
    widths = {c: max(len(c), *(len(str(r.get(c, ""))) for r in rows)) for c in cols}
    head = "  ".join(c.ljust(widths[c]) for c in cols)
    body = ["  ".join(str(r.get(c, "")).ljust(widths[c]) for c in cols) for r in rows]
    return "\n".join([head, *body])
