"""Fixtures of the ops tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from crossline.config import Settings
from support.ops_env import OpsNode, build_node  # noqa: E402


@pytest.fixture
def ops_node(settings: Settings) -> Iterator[OpsNode]:
    """A fresh node on each backend."""
    yield from build_node(settings)
