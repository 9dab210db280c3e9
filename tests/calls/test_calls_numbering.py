from __future__ import annotations

import numpy as np
import phonenumbers
import polars as pl
import pytest

from crossline.calls import numbering
from crossline.errors import ValidationError

PARSE_CASES = [
    ("+1 (415) 555-0100", "US", 14155550100),
    ("4155550100", "US", 14155550100),
    ("14155550100", "US", 14155550100),
    ("011 44 20 7946 0000", "US", 442079460000),
    ("+442079460000", "US", 442079460000),
    ("09876543210", "IN", 919876543210),
    ("9876543210", "IN", 919876543210),
    ("+91 98765 43210", "IN", 919876543210),
    ("00 1 202 555 0123", "IN", 12025550123),
    ("1800 180 1961", "IN", 9118001801961),
    ("02079460000", "GB", 442079460000),
    ("anonymous", "US", None),
    ("", "US", None),
    (None, "US", None),
    ("not a number", "US", None),
]


@pytest.mark.parametrize(
    ("raw", "region", "expected"), PARSE_CASES, ids=[f"{c[1]}:{c[0]}" for c in PARSE_CASES]
)
def test_parse_numbers(raw: str | None, region: str, expected: int | None) -> None:
    assert numbering.parse_numbers(pl.Series([raw], dtype=pl.String), region)[0] == expected


def test_fast_path_agrees_with_phonenumbers() -> None:
    """The vectorised forms must give what phonenumbers.parse gives for valid numbers."""
    rng = np.random.default_rng(3)
    samples = []
    for region in ("US", "IN", "GB", "DE", "FR"):
        example = phonenumbers.example_number(region)
        nsn = phonenumbers.national_significant_number(example)
        for _ in range(40):
            tail = "".join(str(d) for d in rng.integers(0, 10, 3))
            national = nsn[:-3] + tail
            num = phonenumbers.parse(national, region)
            for text in (
                phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.NATIONAL),
                phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164),
            ):
                samples.append(
                    (
                        text,
                        region,
                        int(f"{num.country_code}{phonenumbers.national_significant_number(num)}"),
                    )
                )
    for text, region, expected in samples:
        got = numbering.parse_numbers(pl.Series([text]), region)[0]
        assert got == expected, (text, region)


def test_validity_matches_phonenumbers_on_random_numbers() -> None:
    rng = np.random.default_rng(7)
    ccs = sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE)
    numbers = []
    for cc in rng.choice(ccs, 3000):
        length = int(rng.integers(6, 12))
        numbers.append(int(f"{cc}{rng.integers(10 ** (length - 1), 10**length)}"))
    nanp = rng.integers(12_000_000_000, 19_999_999_999, 2000)
    arr = np.concatenate([np.array(numbers, dtype=np.int64), nanp])
    truth = []
    for n, cc in zip(arr.tolist(), numbering.country_codes(arr).tolist(), strict=True):
        # the E.164 digits as stored: phonenumbers.parse would also strip a trunk prefix
        # written after the country code (+370 8 ...), which E.164 does not allow
        nsn = str(n)[len(str(cc)) :]
        zeros = len(nsn) - len(nsn.lstrip("0"))
        number = phonenumbers.PhoneNumber(
            country_code=cc,
            national_number=int(nsn),
            italian_leading_zero=zeros > 0 or None,
            number_of_leading_zeros=zeros or None,
        )
        truth.append(phonenumbers.is_valid_number(number))
    got = numbering.valid_numbers(arr)
    assert got.tolist() == truth
    assert 0 < sum(truth) < len(truth)  # the sample holds both kinds


CC_CASES = [
    (14155550100, 1),
    (442079460000, 44),
    (919876543210, 91),
    (22245123456, 222),
    (88234567890, 882),
    (0, 0),
    (12, 0),
]


@pytest.mark.parametrize(("number", "cc"), CC_CASES, ids=[str(c[0]) for c in CC_CASES])
def test_country_codes(number: int, cc: int) -> None:
    assert numbering.country_codes(np.array([number]))[0] == cc


def test_parse_one_rejects_garbage() -> None:
    assert numbering.parse_one("+1 415 555 0100") == 14155550100
    with pytest.raises(ValidationError, match="not a phone number"):
        numbering.parse_one("hello")
    with pytest.raises(ValidationError, match="unknown region"):
        numbering.parse_numbers(pl.Series(["1"]), "XX")
