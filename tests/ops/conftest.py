"""Fixtures of the ops tests."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from crossline.config import Settings

sys.path.insert(0, str(Path(__file__).parent))
from ops_env import OpsNode, build_node  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def cheap_hashing() -> Iterator[None]:
    from argon2 import PasswordHasher

    from crossline.node import security

    saved = security._HASHER
    security._HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    security._HASHER = saved


@pytest.fixture
def ops_node(settings: Settings) -> Iterator[OpsNode]:
    """A fresh node on each backend."""
    yield from build_node(settings)
