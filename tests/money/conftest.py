"""Fixtures of the money tests: cheap password hashing, a node with tokens per role."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from crossline.config import Settings

sys.path.insert(0, str(Path(__file__).parent))
from money_env import Node, build_node  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def _cheap_password_hashing() -> Iterator[None]:
    """Argon2 at minimum cost: the real parameters cost ~0.3 s per hash here."""
    from argon2 import PasswordHasher

    from crossline.node import security

    saved = security._HASHER
    security._HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    security._HASHER = saved


@pytest.fixture
def node(settings: Settings) -> Iterator[Node]:
    """An API node on each backend with one token per role."""
    yield from build_node(settings)
