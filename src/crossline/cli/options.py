"""Options that many commands share, declared once so that they read and behave alike."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]

#: ``--json``: print the result as JSON for scripts instead of text for people.
json_option: Decorator = click.option("--json", "as_json", is_flag=True)

#: ``--note``: a free-text note kept with a decision or a change.
note_option: Decorator = click.option("--note", default=None)


def limit_option(default: int) -> Decorator:
    """``--limit``: at most this many rows, the default shown in ``--help``."""
    return click.option("--limit", default=default, show_default=True)


def path_option(*decls: str, help: str, **kwargs: Any) -> Decorator:
    """An option naming a file or folder, read as a ``Path`` (``None`` when left out,
    unless ``default`` says otherwise)."""
    kwargs.setdefault("default", None)
    return click.option(*decls, type=click.Path(path_type=Path), help=help, **kwargs)


def stacked(*options: Decorator) -> Decorator:
    """Several options as one decorator, listed in ``--help`` in the order given."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(options):
            func = option(func)
        return func

    return decorate
