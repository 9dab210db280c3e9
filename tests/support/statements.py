"""The SQL statements a store runs while a block runs (tests of what is kept in memory)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from crossline.store import Store


@contextmanager
def statements(store: Store) -> Iterator[list[str]]:
    """Every statement ``store``'s engine executes inside the block, in order."""
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(store.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(store.engine, "before_cursor_execute", note)
