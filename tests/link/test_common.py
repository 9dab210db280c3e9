"""The common-value rule: the one-pass articulation walk agrees with the plain definition."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crossline.link.common import judge, judge_all

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
