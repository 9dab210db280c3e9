"""Whole-number settings read from the environment."""

from __future__ import annotations

import pytest

from crossline.config import load_settings
from crossline.errors import ConfigError


@pytest.mark.parametrize(
    ("variable", "attribute", "text", "expected"),
    [
        ("CROSSLINE_MAX_TEXT_BYTES", "max_text_bytes", "", 64 * 1024),
        ("CROSSLINE_MAX_TEXT_BYTES", "max_text_bytes", "1000", 1000),
        ("CROSSLINE_BULK_MIN_BYTES", "bulk_min_bytes", "1", 1),
        ("CROSSLINE_IMPORT_NICENESS", "import_niceness", "", 10),
        ("CROSSLINE_IMPORT_NICENESS", "import_niceness", "0", 0),
        ("CROSSLINE_IMPORT_NICENESS", "import_niceness", "19", 19),
    ],
    ids=["bytes-unset", "bytes-set", "bytes-one", "nice-unset", "nice-low", "nice-high"],
)
def test_whole_number_settings_are_read(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path,
    variable: str,
    attribute: str,
    text: str,
    expected: int,
) -> None:
    monkeypatch.setenv(variable, text)
    assert getattr(load_settings(tmp_path), attribute) == expected


@pytest.mark.parametrize(
    ("variable", "text", "expected"),
    [
        ("CROSSLINE_MAX_TEXT_BYTES", "0", "a positive whole number of bytes"),
        ("CROSSLINE_MAX_TEXT_BYTES", "-5", "a positive whole number of bytes"),
        ("CROSSLINE_MAX_LEGAL_INBOX_BYTES", "lots", "a positive whole number of bytes"),
        ("CROSSLINE_IMPORT_NICENESS", "20", "a whole number from 0 to 19"),
        ("CROSSLINE_IMPORT_NICENESS", "-1", "a whole number from 0 to 19"),
        ("CROSSLINE_IMPORT_NICENESS", "5.5", "a whole number from 0 to 19"),
    ],
    ids=[
        "bytes-zero",
        "bytes-negative",
        "bytes-word",
        "nice-high",
        "nice-negative",
        "nice-decimal",
    ],
)
def test_bad_whole_number_settings_are_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path, variable: str, text: str, expected: str
) -> None:
    monkeypatch.setenv(variable, text)
    with pytest.raises(ConfigError) as caught:
        load_settings(tmp_path)
    assert str(caught.value) == f"{variable} must be {expected}, found {text!r}"
