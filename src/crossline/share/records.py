"""Reading one sharing record and saving one by its key.

Partners, agreements and sync states are registered again and again (a re-run of an
onboarding script, a renewed agreement, every sync run): saving under a known key
updates the row, so re-running is harmless.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, Row, Table, and_, select, update

from crossline.errors import NotFoundError
from crossline.store import Store


def one(store: Store, table: Table, *where: Any, missing: NotFoundError) -> Row[Any]:
    """The row of ``table`` meeting every ``where`` condition; raises ``missing`` when
    there is none."""
    with store.read() as conn:
        row = conn.execute(select(table).where(*where)).first()
    if row is None:
        raise missing
    return row


def save(
    conn: Connection,
    table: Table,
    key: Mapping[str, Any],
    values: Mapping[str, Any],
    *,
    new: Mapping[str, Any] | None = None,
) -> None:
    """Update the row of ``table`` whose columns equal ``key`` with ``values``, or insert
    it (``key``, then ``new``, then ``values``, later ones winning) when there is none."""
    match = and_(*(table.c[name] == value for name, value in key.items()))
    first = next(iter(key))
    if conn.execute(select(table.c[first]).where(match)).first():
        conn.execute(update(table).where(match).values(**values))
    else:
        conn.execute(table.insert().values({**key, **(new or {}), **values}))
