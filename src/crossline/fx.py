"""A dated reference rate table: losses in any currency as US dollars, to order lists.

The table (``fxdata/usd_rates.csv``, with its source in ``fxdata/README.md``) ships with
the package: no rate is fetched at run time. Conversions are for ordering and for a
"≈ USD" figure beside the original amounts, never a substitute for them.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from typing import Any

from crossline.errors import ModelError


@dataclass(frozen=True)
class Rate:
    """How many US dollars one unit of ``currency`` was worth on ``date``."""

    currency: str
    usd_per_unit: Decimal
    date: str
    source: str


@lru_cache(maxsize=1)
def rates() -> dict[str, Rate]:
    """The shipped table, currency code -> rate (read once)."""
    text = (resources.files("crossline") / "fxdata" / "usd_rates.csv").read_text("utf-8")
    out: dict[str, Rate] = {}
    for line, row in enumerate(csv.DictReader(text.splitlines()), start=2):
        try:
            published = Decimal(row["rate"])
            if published <= 0:
                raise InvalidOperation
        except (InvalidOperation, KeyError, TypeError) as exc:
            raise ModelError(
                f"usd_rates.csv line {line}: rate {row.get('rate')!r} is not a positive number"
            ) from exc
        per_unit = published if row["quote"] == "usd_per_unit" else 1 / published
        code = row["currency"].strip().upper()
        out[code] = Rate(code, per_unit, row["date"], row["source"])
    return out


def usd_factors() -> dict[str, float]:
    """Currency -> dollars per unit, for SQL ordering expressions."""
    return {code: float(r.usd_per_unit) for code, r in rates().items()}


def to_usd(totals: Mapping[str, Any] | None) -> tuple[Decimal | None, list[str]]:
    """A loss by currency as dollars, and the currencies the table cannot convert.

    ``None`` when nothing could be converted (no loss, or only unknown currencies).
    """
    table = rates()
    total = Decimal(0)
    converted = False
    unknown: list[str] = []
    for code, amount in sorted((totals or {}).items()):
        try:
            value = Decimal(str(amount))
        except InvalidOperation:
            continue
        rate = table.get(code.upper())
        if rate is None:
            unknown.append(code)
            continue
        total += value * rate.usd_per_unit
        converted = True
    return (total.quantize(Decimal("0.01")) if converted else None), unknown


def table_date() -> str:
    """The date of the rates (the newest row's), shown beside converted figures."""
    return max(r.date for r in rates().values())
