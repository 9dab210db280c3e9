"""Amounts as typed in India and the US: table-driven cases and properties."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crossline.ingest.amounts import MAX_AMOUNT, parse_amount, read_amount

READ = [
    ("rs-dot-lakh", "Rs. 1.5 lakh", "INR", ("150000", "INR")),
    ("rs-crore", "Rs 2 crore", "USD", ("20000000", "INR")),
    ("inr-k", "INR 50k", "USD", ("50000", "INR")),
    ("hindi-rupees-after", "75000 रुपये", "USD", ("75000", "INR")),
    ("hindi-ru", "रु 1,200", "USD", ("1200", "INR")),
    ("space-groups", "$1 299.99", "INR", ("1299.99", "USD")),
    ("note-in-parens", "$1,299.99 (gift cards)", "INR", ("1299.99", "USD")),
    ("european-comma", "1.299,99", "EUR", ("1299.99", "EUR")),
    ("decimal-comma", "1299,5", "EUR", ("1299.5", "EUR")),
    ("indian-grouping", "1,50,000", "INR", ("150000", "INR")),
    ("indian-crore-grouping", "1,00,00,000", "INR", ("10000000", "INR")),
    ("slash-dash-only", "Rs.5,000/- only", "INR", ("5000", "INR")),
    ("code-after", "2,500 USD", "INR", ("2500", "USD")),
    ("lacs", "2.5 lacs", "INR", ("250000", "INR")),
    ("cr-dot", "₹3 Cr.", "INR", ("30000000", "INR")),
    ("capital-k", "$15K", "INR", ("15000", "USD")),
    ("devanagari-digits", "₹२,५००", "USD", ("2500", "INR")),
    ("multiplier-then-code", "3 lakh INR", "USD", ("300000", "INR")),
    ("nbsp-groups", "1\u00a0000\u00a0000", "USD", ("1000000", "USD")),
    ("plain", "450", "USD", ("450", "USD")),
    ("zero", "0", "INR", ("0", "INR")),
]


@pytest.mark.parametrize(
    ("text", "default", "expected"), [c[1:] for c in READ], ids=[c[0] for c in READ]
)
def test_amount_notations(text: str, default: str, expected: tuple[str, str]) -> None:
    assert read_amount(text, default) == (Decimal(expected[0]), expected[1])


@pytest.mark.parametrize("text", ["", "N/A", "n/a", "nil", "NIL", "unknown", "-", " — ", "None"])
def test_no_amount_is_not_an_error(text: str) -> None:
    assert read_amount(text, "INR") is None
    with pytest.raises(ValueError, match="gives no amount"):
        parse_amount(text, "INR")


BAD = [
    ("negative", "-500", "negative"),
    ("words", "five hundred", "expected an amount"),
    ("two-currencies", "$10 INR", "two currencies"),
    ("bad-grouping", "1,2345", "expected an amount"),
    ("mark-only", "Rs.", "without a number"),
    ("note-only", "(gift cards)", "expected an amount"),
    ("huge", "999999999 crore", "implausibly large"),
]


@pytest.mark.parametrize(("text", "reason"), [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_bad_amounts_say_why(text: str, reason: str) -> None:
    with pytest.raises(ValueError) as info:
        read_amount(text, "INR")
    assert reason in str(info.value) and repr(text) in str(info.value)


def _us(n: int) -> str:
    return f"{n:,}"


def _indian(n: int) -> str:
    digits = str(n)
    if len(digits) <= 3:
        return digits
    head, tail = digits[:-3], digits[-3:]
    groups = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    return ",".join([head, *groups, tail])


amounts = st.integers(min_value=0, max_value=10**12)
cents = st.integers(min_value=0, max_value=99)


@settings(max_examples=200, deadline=None)
@given(n=amounts, c=cents, mark=st.sampled_from(["$", "US$ ", "USD ", ""]))
def test_us_written_amounts_read_back(n: int, c: int, mark: str) -> None:
    text = f"{mark}{_us(n)}.{c:02d}"
    assert read_amount(text, "USD") == (Decimal(n) + Decimal(c) / 100, "USD")


@settings(max_examples=200, deadline=None)
@given(
    n=amounts,
    pre=st.sampled_from(["₹", "Rs. ", "Rs", "INR ", ""]),
    post=st.sampled_from(["/-", " INR", " रुपये", "", " only"]),
)
def test_indian_written_amounts_read_back(n: int, pre: str, post: str) -> None:
    result = read_amount(f"{pre}{_indian(n)}{post}", "INR")
    assert result == (Decimal(n), "INR")


@settings(max_examples=200, deadline=None)
@given(
    whole=st.integers(min_value=0, max_value=9999),
    tenth=st.integers(min_value=0, max_value=9),
    unit=st.sampled_from([("lakh", 100_000), ("crore", 10_000_000), ("k", 1_000)]),
)
def test_multipliers_scale(whole: int, tenth: int, unit: tuple[str, int]) -> None:
    word, factor = unit
    value = read_amount(f"Rs {whole}.{tenth} {word}", "USD")
    assert value == ((Decimal(whole) + Decimal(tenth) / 10) * factor, "INR")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_any_text_is_an_amount_none_or_a_clear_error(text: str) -> None:
    try:
        result = read_amount(text, "USD")
    except ValueError as exc:
        assert repr(text) in str(exc)
        return
    if result is not None:
        value, currency = result
        assert 0 <= value < MAX_AMOUNT and len(currency) == 3
