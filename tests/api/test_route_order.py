"""Routes are matched one by one in order: the hot ones come first, and since no route's
path matches another route's (for a method both take), the order changes no answer."""

from __future__ import annotations

import re
from typing import Any

from support.api_env import Env

SAMPLE = "x1y2z3abcdef"  # stands for any path parameter


def flat(routes: list[Any]) -> list[Any]:
    """The app's routes in the order a request is matched against them."""
    out: list[Any] = []
    for route in routes:
        inner = getattr(route, "original_router", None)
        out.extend(flat(inner.routes) if inner is not None else [route])
    return [r for r in out if hasattr(r, "path_regex") and getattr(r, "methods", None)]


def test_no_route_is_hidden_by_an_earlier_one(env: Env) -> None:
    routes = flat(env.app.router.routes)
    hidden = [
        (later.path, earlier.path)
        for i, later in enumerate(routes)
        for earlier in routes[:i]
        if earlier.path != later.path
        and earlier.methods & later.methods
        and earlier.path_regex.match(re.sub(r"\{[^}]+\}", SAMPLE, later.path))
    ]
    assert hidden == []


def test_the_most_called_routes_are_matched_first(env: Env) -> None:
    paths = [r.path for r in flat(env.app.router.routes)]
    for hot in (
        "/api/v1/registry/{kind}/{value}",
        "/api/v1/indicators/lookup",
        "/api/v1/campaigns/{campaign_id}",
    ):
        assert paths.index(hot) < 40, hot
