"""Fixtures of the API tests: a shared seeded node, and a fresh one per test."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import testdb  # noqa: E402  (tests/ is on the path)
from crossline.config import Settings
from crossline.node.security import LoginLimiter

sys.path.insert(0, str(Path(__file__).parent))
from api_env import Env, build_env  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing() -> Iterator[None]:
    """Argon2 at minimum cost in tests: the real parameters cost ~0.3 s per hash here.

    Verification reads the parameters from each hash, so the code path is the same.
    """
    from argon2 import PasswordHasher

    from crossline.node import security

    saved = security._HASHER
    security._HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    security._HASHER = saved


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    """A shared node for read-mostly tests (SQLite)."""
    tmp = tmp_path_factory.mktemp("node")
    settings = Settings(home=tmp / "home", database_url=testdb.database_url(tmp))
    yield from build_env(settings)
    testdb.release(settings.database_url)


@pytest.fixture
def fresh_env(settings: Settings) -> Iterator[Env]:
    """A node of its own, on each backend (SQLite; PostgreSQL when configured)."""
    yield from build_env(settings, limiter=LoginLimiter(per_user=3, per_ip=50))
