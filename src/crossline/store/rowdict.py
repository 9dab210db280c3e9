"""One way to turn a stored row into the dict a face shows: named columns, converted.

Every read model picks a few columns of a row and converts some of them (timestamps
to ISO 8601 in UTC, flags to ``bool``); a :class:`Shape` does that once, in the order the
columns are named, so that each entity's shape is a list of names rather than a
hand-written dict. Like ``dataclasses``, a shape compiles its converter when it is
declared, so turning a row costs what the hand-written dict did.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from crossline.store.repository import iso_utc

Convert = Callable[[Any], Any]


class Shape:
    """The dict of a row: ``fields`` in order, ``iso`` ones as ISO 8601 UTC, ``flags`` as
    bool, ``convert`` ones through their function. A field ``"key=column"`` shows column
    ``column`` under ``key``."""

    __slots__ = ("fields", "_convert")

    def __init__(
        self,
        fields: Iterable[str],
        *,
        iso: Iterable[str] = (),
        flags: Iterable[str] = (),
        convert: Mapping[str, Convert] | None = None,
    ) -> None:
        how: dict[str, Convert] = {name: iso_utc for name in iso}
        how.update({name: bool for name in flags})
        how.update(convert or {})
        items: list[str] = []
        fns: list[Convert] = []
        keys: list[str] = []
        for name in fields:
            key, _, column = name.partition("=")
            column = column or key
            if not (key.isidentifier() and column.isidentifier()):
                raise ValueError(f"not a field name: {name!r}")
            fn = how.pop(key, None)
            value = f"row.{column}"
            if fn is not None:
                value = f"fns[{len(fns)}]({value})"
                fns.append(fn)
            items.append(f"{key!r}: {value}")
            keys.append(key)
        if how:  # a conversion for a field not shown is a mistake in the declaration
            raise ValueError(f"conversions for fields not in the shape: {sorted(how)}")
        self.fields = tuple(keys)
        # The names are checked identifiers from the declaration, never data.
        source = f"lambda row: {{{', '.join(items)}}}"
        self._convert = eval(source, {"fns": tuple(fns)})

    def __call__(self, row: Any) -> dict[str, Any]:
        return self._convert(row)  # type: ignore[no-any-return]
