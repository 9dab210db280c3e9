"""One way to turn a stored row into the dict a face shows: named columns, converted.

Every read model picks a few columns of a row and converts some of them (timestamps
to ISO 8601 in UTC, flags to ``bool``); :func:`pick` does that once, in the order the
columns are named, so that each entity's shape is a list of names rather than a
hand-written dict.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from crossline.store.repository import iso_utc

Convert = Callable[[Any], Any]


def pick(
    row: Any,
    fields: Iterable[str],
    *,
    iso: Iterable[str] = (),
    flags: Iterable[str] = (),
    convert: Mapping[str, Convert] | None = None,
) -> dict[str, Any]:
    """The named columns of ``row``; ``iso`` ones as ISO 8601 UTC, ``flags`` as bool.

    A name ``"key=column"`` shows column ``column`` under ``key``.
    """
    how: dict[str, Convert] = {name: iso_utc for name in iso}
    how.update({name: bool for name in flags})
    how.update(convert or {})
    out: dict[str, Any] = {}
    for name in fields:
        key, _, column = name.partition("=")
        value = getattr(row, column or key)
        fn = how.get(key)
        out[key] = fn(value) if fn is not None else value
    return out
