"""Fixtures of the reader tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from readers_testkit import shared_data


@pytest.fixture
def shared() -> Path:
    """../shared/data; the test is skipped when it is not there."""
    path = shared_data()
    if path is None:
        pytest.skip("../shared/data is not present")
    return path
