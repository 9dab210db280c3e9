"""The common-value rule: the one-pass articulation walk agrees with the plain definition."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crossline.link.common import judge, judge_all, settle

edges_strategy = st.lists(
    st.tuples(
        st.sampled_from([f"r{i}" for i in range(14)]), st.sampled_from([f"v{i}" for i in range(9)])
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(edges_strategy, st.integers(min_value=1, max_value=4))
def test_one_pass_matches_definition(edges: list[tuple[str, str]], min_groups: int) -> None:
    values = sorted({v for _r, v in edges})
    fast = {
        v.indicator_id: (v.common, v.groups)
        for v in judge_all(values, edges, min_groups=min_groups)
    }
    for value in values:
        slow = judge(value, edges, min_groups=min_groups)
        assert fast[value] == (slow.common, slow.groups), value


CASES = [
    (
        "helpline-bridges-four",
        [(f"g{g}{x}", f"u{g}") for g in range(4) for x in "ab"]
        + [(f"g{g}b", "help") for g in range(4)],
        "help",
        True,
        4,
    ),
    ("scam-number-150-alone", [(f"r{i}", "scam") for i in range(150)], "scam", False, 0),
    (
        "mule-between-two",
        [("a1", "x"), ("a2", "x"), ("a2", "mule"), ("b1", "y"), ("b2", "y"), ("b2", "mule")],
        "mule",
        False,
        2,
    ),
]


@pytest.mark.parametrize(
    ("name", "edges", "value", "common", "groups"), CASES, ids=[c[0] for c in CASES]
)
def test_cases(name: str, edges: list, value: str, common: bool, groups: int) -> None:
    (verdict,) = judge_all([value], edges, min_groups=4)
    assert (verdict.common, verdict.groups) == (common, groups)


def _settle_everywhere(edges: list[tuple[str, str]], min_groups: int) -> dict[str, bool]:
    """settle's definition without its narrowing: every round judges the whole graph."""
    live, found = set(edges), {}
    while True:
        counts: dict[str, int] = {}
        for _r, v in live:
            counts[v] = counts.get(v, 0) + 1
        wanted = sorted(v for v, n in counts.items() if n >= min_groups)
        new = [v for v in judge_all(wanted, live, min_groups=min_groups) if v.common]
        if not new:
            return found
        found.update({v.indicator_id: True for v in new})
        live = {(r, v) for r, v in live if v not in found}


# Groups chained through helplines: removing one common value makes another one common
# in the next round, so settle's later rounds (over the groups the first touched) count.
chained = st.lists(
    st.tuples(
        st.sampled_from([f"r{i}" for i in range(30)]),
        st.sampled_from([f"v{i}" for i in range(12)] + ["help1", "help2"]),
    ),
    max_size=90,
)


@settings(max_examples=300, deadline=None)
@given(chained, st.integers(min_value=1, max_value=3))
def test_settle_rounds_match_judging_everything(edges: list, min_groups: int) -> None:
    got = {i: v.common for i, v in settle(edges, min_groups=min_groups).items()}
    assert got == _settle_everywhere(edges, min_groups)
