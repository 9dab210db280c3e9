"""Fixtures of the citizens' site tests: a node with analysts' accounts and the
public-site seed, served in-process with small limits."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from crossline.config import Settings  # noqa: E402
from crossline.public.config import PublicConfig  # noqa: E402
from crossline.public.limits import Limit  # noqa: E402
from support.api_env import Env, build_env  # noqa: E402
from support.public_seed import seed_public  # noqa: E402

# Forms may come back at once and the API's proof of work is cheap: tests stay fast.
TEST_CONFIG = PublicConfig(
    check_limit=Limit(per_address=10, overall=1000),
    report_limit=Limit(per_address=50, overall=1000),
    form_min_age=0.0,
    size_quantum=64,  # small: the padding to the largest possible answer does the work
    api_difficulty=8,
    check_floor=0.0,
    max_body_bytes=512 * 1024,
    max_upload_bytes=256 * 1024,
)


@pytest.fixture
def site(settings: Settings) -> Iterator[Env]:
    """A node of its own per test (limits are per app), on each backend."""
    for env in build_env(settings, public=TEST_CONFIG):
        seed_public(env.node.store, env.node.settings)
        yield env
