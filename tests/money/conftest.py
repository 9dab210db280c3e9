"""Fixtures of the money tests: cheap password hashing, a node with tokens per role."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from crossline.config import Settings
from support.money_env import Node, build_node  # noqa: E402


@pytest.fixture
def node(settings: Settings) -> Iterator[Node]:
    """An API node on each backend with one token per role."""
    yield from build_node(settings)
