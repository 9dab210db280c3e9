"""Fixtures of the API tests: a shared seeded node, and a fresh one per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from crossline.config import Settings
from crossline.node.security import LoginLimiter
from support import testdb  # noqa: E402  (tests/ is on the path)
from support.api_env import Env, build_env  # noqa: E402


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
