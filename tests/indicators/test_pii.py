"""Victim PII detectors: Aadhaar (Verhoeff), PAN, SSN. Detected for redaction only."""

from __future__ import annotations

import pytest

from crossline.indicators import LINKABLE_KINDS, PII_KINDS
from crossline.indicators.pii import aadhaar, pan, ssn, verhoeff_ok

from .support import kinds_values


@pytest.mark.parametrize(
    ("digits", "ok"),
    [("498273650122", True), ("739150482660", True), ("498273650123", False), ("2363", True)],
    ids=lambda v: str(v),
)
def test_verhoeff(digits: str, ok: bool) -> None:
    assert verhoeff_ok(digits) is ok


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Aadhaar 4982 7365 0122 uploaded", {("pii_aadhaar", "498273650122")}),
        ("my aadhar number 498273650122", {("pii_aadhaar", "498273650122")}),
        ("number 498273650122 here", set()),  # bare 12 digits need an Aadhaar cue
        ("aadhaar 4982 7365 0123", set()),  # check digit wrong
        ("aadhaar 1982 7365 0122", set()),  # never starts with 0 or 1
        ("PAN ABCPE1234F", {("pii_pan", "ABCPE1234F")}),
        ("PAN ABCXE1234F", set()),  # X is no holder type
        ("SSN 123-45-6788", {("pii_ssn", "123-45-6788")}),
        ("social security number 123456788", {("pii_ssn", "123-45-6788")}),
        ("SSN: 123-45-6788; not 666-12-3456 or 900-12-3456", {("pii_ssn", "123-45-6788")}),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_pii(text: str, expected: set[tuple[str, str]]) -> None:
    assert kinds_values(text, "IN") == expected


def test_pii_is_never_linkable() -> None:
    assert {"pii_aadhaar", "pii_pan", "pii_ssn"} == PII_KINDS
    assert not PII_KINDS & LINKABLE_KINDS


@pytest.mark.parametrize(
    ("func", "raw", "expected"),
    [
        (aadhaar, "4982-7365-0122", "498273650122"),
        (aadhaar, "0000 0000 0000", None),
        (pan, " abcpe1234f ", "ABCPE1234F"),
        (pan, "ABCPE0000F", None),
        (ssn, "123 45 6788", "123-45-6788"),
        (ssn, "078-05-1120", None),  # the famous wallet-card sample
        (ssn, "123-00-6788", None),
    ],
    ids=lambda v: v if isinstance(v, str) else getattr(v, "__name__", None),
)
def test_pii_normal_forms(func, raw: str, expected: str | None) -> None:  # type: ignore[no-untyped-def]
    assert func(raw) == expected
