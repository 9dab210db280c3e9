"""Telephone numbers in call records, at the scale of call records.

Numbers are kept as E.164 digits in a 64-bit integer (``+14155550100`` ->
``14155550100``): E.164 has at most 15 digits and never starts with 0, so the
integer is lossless, sorts like the number and makes group-bys fast.

The numbering plan is libphonenumber's (the ``phonenumbers`` package): this
module never hand-rolls one. To check millions of numbers per second it
compiles phonenumbers' own metadata - every region's number-type patterns and
possible lengths - into one regular expression per total length, applied by
Polars; tests check it against ``phonenumbers.is_valid_number``. Parsing of raw
caller ids takes a vectorised path for the common forms (``+E164``,
international prefix, NANP national, national trunk prefix ``0``, MSISDN digits
that are a valid E.164 number) and asks
``phonenumbers.parse`` once per distinct value for anything else.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import phonenumbers
import polars as pl
from phonenumbers import PhoneMetadata

from crossline.errors import ValidationError

_TYPES = (
    "premium_rate",
    "toll_free",
    "shared_cost",
    "voip",
    "personal_number",
    "pager",
    "uan",
    "voicemail",
    "fixed_line",
    "mobile",
)
# Values that mean "no caller id was presented" rather than a malformed one.
WITHHELD = frozenset(
    {"", "anonymous", "restricted", "private", "unavailable", "unknown", "withheld", "blocked"}
)


def _metadata(cc: int, region: str) -> PhoneMetadata | None:
    if region == "001":  # non-geographic entities (+800, +882 ...)
        return PhoneMetadata.metadata_for_nongeo_region(cc)
    return PhoneMetadata.metadata_for_region(region)


@lru_cache(maxsize=1)
def _validity_patterns() -> dict[int, str]:
    """One anchored regex per total E.164 length, built from phonenumbers' metadata."""
    by_total: dict[int, dict[int, list[str]]] = {}
    for cc, regions in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.items():
        for region in regions:
            md = _metadata(cc, region)
            if md is None:
                continue
            for name in _TYPES:
                desc = getattr(md, name)
                if desc is None or not desc.national_number_pattern:
                    continue
                pattern = desc.national_number_pattern.replace(r"\d", "[0-9]")
                general = md.general_desc.possible_length if md.general_desc else ()
                lengths = desc.possible_length or general
                for length in lengths:
                    if length > 0:
                        total = len(str(cc)) + length
                        by_total.setdefault(total, {}).setdefault(cc, []).append(pattern)
    return {
        total: "^(?:"
        + "|".join(f"{cc}(?:" + "|".join(f"(?:{p})" for p in pats) + ")" for cc, pats in d.items())
        + ")$"
        for total, d in by_total.items()
    }


@lru_cache(maxsize=1)
def _cc_tables() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lookup tables: is the 1-, 2- or 3-digit prefix an assigned country calling code."""
    tables = (np.zeros(10, bool), np.zeros(100, bool), np.zeros(1000, bool))
    for cc in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
        tables[len(str(cc)) - 1][cc] = True
    return tables


def digit_count(numbers: np.ndarray) -> np.ndarray:
    """Number of decimal digits of each positive int64 (0 for values <= 0)."""
    powers = 10 ** np.arange(19, dtype=np.int64)
    return np.searchsorted(powers, numbers, side="right").astype(np.int64)


def country_codes(numbers: np.ndarray) -> np.ndarray:
    """Country calling code of each E.164 int64 (0 when none is assigned).

    Calling codes form a prefix-free set, so the first 1, 2 or 3 digits decide.
    """
    nums = np.asarray(numbers, dtype=np.int64)
    out = np.zeros(len(nums), dtype=np.int16)
    digits = digit_count(nums)
    one, two, three = _cc_tables()
    pending = digits >= 4
    for k, table in ((1, one), (2, two), (3, three)):
        idx = np.flatnonzero(pending)
        head = nums[idx] // (10 ** (digits[idx] - k))
        hit = table[np.clip(head, 0, len(table) - 1)] & (head < len(table))
        out[idx[hit]] = head[hit]
        pending[idx[hit]] = False
    return out


def valid_numbers(numbers: np.ndarray | pl.Series) -> np.ndarray:
    """True where an E.164 int64 is a valid number per libphonenumber (null/<=0 -> False)."""
    series = pl.Series("n", numbers, dtype=pl.Int64)
    text = series.cast(pl.String)
    lengths = text.str.len_chars()
    out = np.zeros(len(series), dtype=bool)
    for total, pattern in _validity_patterns().items():
        mask = (lengths == total).fill_null(False)
        idx = np.flatnonzero(mask.to_numpy())
        if len(idx):
            out[idx] = text.filter(mask).str.contains(pattern).to_numpy()
    return out


@lru_cache(maxsize=512)
def _region_rules(region: str) -> tuple[int, str, str | None]:
    """(country code, international-prefix regex, simple national prefix or None) of a region."""
    md = PhoneMetadata.metadata_for_region(region.upper())
    if md is None:
        raise ValidationError(f"unknown region {region!r}: expected an ISO 3166 code like US or IN")
    simple_np = None
    # Only a plain trunk prefix is handled on the fast path; regions that rewrite national
    # numbers while parsing (national_prefix_transform_rule) always go to phonenumbers.
    if (
        md.national_prefix
        and md.national_prefix_for_parsing in (None, md.national_prefix)
        and not md.national_prefix_transform_rule
    ):
        simple_np = md.national_prefix
    return int(md.country_code or 0), md.international_prefix or "00", simple_np


@lru_cache(maxsize=1_000_000)
def _parse_slow(raw: str, region: str) -> int | None:
    try:
        parsed = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    digits = f"{parsed.country_code}{phonenumbers.national_significant_number(parsed)}"
    return int(digits) if 4 <= len(digits) <= 15 else None


def parse_numbers(raw: pl.Series, region: str) -> pl.Series:
    """E.164 int64 of each raw number as written in a call record (null when unparseable).

    ``region`` is the ISO code used for national formats (``US``: ``4155550100``).
    Withheld caller ids (``anonymous`` ...) come out null too; use :func:`is_withheld`.
    """
    cc, idd, national_prefix = _region_rules(region)
    frame = pl.DataFrame({"raw": raw.cast(pl.String)})
    digits = pl.col("raw").str.replace_all(r"[^0-9+]", "")
    plus = digits.str.starts_with("+")
    bare = digits.str.replace_all(r"\+", "")
    fast = (
        pl.when(plus)
        .then(bare)
        .when(bare.str.contains(f"^(?:{idd})"))
        .then(bare.str.replace(f"^(?:{idd})", ""))
    )
    if cc == 1:
        fast = fast.when(bare.str.contains(r"^[2-9][0-9]{9}$")).then(pl.lit("1") + bare)
        fast = fast.when(bare.str.contains(r"^1[2-9][0-9]{9}$")).then(bare)
    elif national_prefix:
        np_re = f"^{national_prefix}[1-9][0-9]{{5,13}}$"
        fast = fast.when(bare.str.contains(np_re)).then(
            pl.lit(str(cc)) + bare.str.slice(len(national_prefix))
        )
    frame = frame.with_columns(fast.otherwise(None).alias("fast"))
    fast_ok = pl.col("fast").str.contains(r"^[1-9][0-9]{3,14}$").fill_null(False)
    frame = frame.with_columns(
        pl.when(fast_ok).then(pl.col("fast").cast(pl.Int64, strict=False)).alias("e164")
    )
    # MSISDN form (country code + national number, no "+"), as switches often write it:
    # taken as E.164 when the digits are too long for a national number and valid as E.164
    msisdn = frame.select(
        pl.when(pl.col("e164").is_null() & digits.str.contains(r"^[1-9][0-9]{10,14}$")).then(
            digits.cast(pl.Int64, strict=False)
        )
    ).to_series()
    msisdn_ok = pl.Series(valid_numbers(msisdn.fill_null(0)))
    frame = frame.with_columns(
        pl.when(pl.col("e164").is_null() & msisdn_ok)
        .then(msisdn)
        .otherwise(pl.col("e164"))
        .alias("e164")
    )
    slow_mask = (
        frame["e164"].is_null()
        & frame["raw"].is_not_null()
        & ~is_withheld(frame["raw"])
        & frame["raw"].str.contains(r"[0-9]").fill_null(False)
    )
    if slow_mask.any():
        slow_values = frame["raw"].filter(slow_mask).unique()
        mapping = pl.DataFrame(
            {
                "raw": slow_values,
                "slow": pl.Series([_parse_slow(v, region) for v in slow_values], dtype=pl.Int64),
            }
        )
        frame = frame.join(mapping, on="raw", how="left", maintain_order="left").with_columns(
            pl.coalesce("e164", "slow").alias("e164")
        )
    return frame["e164"].alias(raw.name)


def is_withheld(raw: pl.Series) -> pl.Series:
    """True where a raw caller id says no number was presented (``anonymous``, empty ...)."""
    cleaned = raw.cast(pl.String).str.strip_chars().str.to_lowercase()
    return cleaned.is_null() | cleaned.is_in(sorted(WITHHELD))


def e164(number: int | None) -> str | None:
    """Display form of an E.164 int64: ``+14155550100``."""
    return None if number is None else f"+{number}"


def parse_one(raw: str, region: str = "US") -> int:
    """E.164 int64 of one number typed by a person; raises ValidationError when impossible."""
    value = parse_numbers(pl.Series([raw]), region)[0]
    if value is None:
        raise ValidationError(f"{raw!r} is not a phone number (expected e.g. +14155550100)")
    return int(value)
