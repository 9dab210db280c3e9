"""The shipped dated rate table converts losses to dollars, and says what it cannot."""

from __future__ import annotations

import csv
from decimal import Decimal
from importlib import resources

import pytest

from crossline.fx import rates, table_date, to_usd


@pytest.mark.parametrize(
    ("totals", "usd", "unknown"),
    [
        ({"USD": "100"}, Decimal("100.00"), []),
        ({"INR": "82920"}, Decimal("1000.00"), []),  # 82.92 rupees per dollar
        ({"EUR": "1000"}, Decimal("1078.70"), []),  # quoted as dollars per euro
        ({"USD": "10", "GBP": "7"}, Decimal("18.93"), []),
        ({"XAF": "5000"}, None, ["XAF"]),
        ({"XAF": "5000", "USD": "1"}, Decimal("1.00"), ["XAF"]),
        ({}, None, []),
        (None, None, []),
    ],
    ids=["usd", "inr", "eur", "usd+gbp", "unknown-only", "unknown-and-usd", "empty", "none"],
)
def test_losses_convert_to_dollars(totals: dict | None, usd: Decimal | None, unknown: list) -> None:
    assert to_usd(totals) == (usd, unknown)


def test_every_row_names_its_source_and_date() -> None:
    text = (resources.files("crossline") / "fxdata" / "usd_rates.csv").read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert {"USD", "INR", "EUR", "GBP"} <= {r["currency"] for r in rows}
    assert all(r["source"] and r["date"] == table_date() for r in rows)
    assert all(r["quote"] in ("units_per_usd", "usd_per_unit") for r in rows)
    assert set(rates()) == {r["currency"] for r in rows}
