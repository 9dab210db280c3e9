"""The web search page: what it says when a query is not a value but reports mention it."""

from __future__ import annotations

import pytest
from api_env import PASSWORD, Env


@pytest.fixture
def analyst(fresh_env: Env) -> Env:
    r = fresh_env.client.post(
        "/api/v1/auth/login", json={"username": "analyst", "password": PASSWORD}
    )
    assert r.status_code == 200, r.text
    return fresh_env


@pytest.mark.parametrize(
    ("q", "heading", "absent"),
    [
        ("gift cards", "No indicator with this value", "Not seen on this node"),
        ("fraudster@okaxis", "Open campaign", "Not seen on this node"),
        ("zz-nothing-like-this", "Not seen on this node", "No indicator with this value"),
    ],
    ids=["text-only", "value", "nothing"],
)
def test_search_page_does_not_deny_what_it_lists(
    analyst: Env, q: str, heading: str, absent: str
) -> None:
    page = analyst.client.get("/search", params={"q": q})
    assert page.status_code == 200, page.text
    assert heading in page.text and absent not in page.text
