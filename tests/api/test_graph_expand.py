"""Expanding a value in a campaign's graph brings what the graph does not show yet."""

from __future__ import annotations

import pytest

from crossline.domain import indicator_id
from support.api_env import Env

UPI = indicator_id("upi", "fraudster@okaxis")  # in us-1, in-1, in-2 (cross-border)
HELPLINE = indicator_id("phone", "+18001234567")  # common: us-1, us-2, in-1, us-3 (toll)

CASES = [
    # (value, shown, report refs expected, already shown, other campaigns)
    (UPI, 300, set(), 3, []),
    (UPI, 2, {"in-1", "in-2"}, 1, []),  # the graph shows us-1 and us-2 only
    (HELPLINE, 300, {"us-3"}, 3, ["toll"]),
]


@pytest.mark.parametrize(
    ("value", "shown", "refs", "already", "campaigns"),
    CASES,
    ids=["all-on-screen", "graph-cut", "common-value"],
)
def test_expansion_skips_what_is_on_screen_and_adds_other_campaigns(
    env: Env, value: str, shown: int, refs: set[str], already: int, campaigns: list[str]
) -> None:
    cid = env.ids["cross_border"]
    g = env.get(
        "viewer",
        f"/api/v1/indicators/{value}/graph",
        params={"campaign_id": cid, "shown": shown},
    ).json()
    got = {n["label"].split(" ", 1)[1] for n in g["nodes"] if n["type"] == "report"}
    assert got == refs
    assert g["already_shown"] == already
    camp = [n for n in g["nodes"] if n["type"] == "campaign"]
    assert [n["campaign_id"] for n in camp] == [env.ids[c] for c in campaigns]
    for n in camp:
        assert (
            n["label"] and {"source": value, "target": n["id"], "field": "campaign"} in g["edges"]
        )


def test_without_a_campaign_everything_is_listed(env: Env) -> None:
    g = env.get("viewer", f"/api/v1/indicators/{UPI}/graph").json()
    assert sum(n["type"] == "report" for n in g["nodes"]) == 3
    assert g["already_shown"] == 0
