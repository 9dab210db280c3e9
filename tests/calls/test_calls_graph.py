from __future__ import annotations

import numpy as np
import pytest

from crossline.calls.graph import capped_single_linkage, components


def test_components_are_numbered_by_lowest_member() -> None:
    labels = components(6, np.array([4, 1]), np.array([5, 2]))
    assert labels.tolist() == [0, 1, 1, 2, 3, 3]


CAP_CASES = [
    ("strong pair first", 2, [(0, 1, 0.9), (1, 2, 0.5)], [0, 0, 1]),
    ("cap allows all", 3, [(0, 1, 0.9), (1, 2, 0.5)], [0, 0, 0]),
    ("weak bridge dropped", 2, [(0, 1, 0.9), (2, 3, 0.8), (1, 2, 0.4)], [0, 0, 1, 1]),
]


@pytest.mark.parametrize(
    ("name", "cap", "edges", "expected"), CAP_CASES, ids=[c[0] for c in CAP_CASES]
)
def test_capped_single_linkage(name: str, cap: int, edges: list, expected: list[int]) -> None:
    a, b, s = (np.array(x) for x in zip(*edges, strict=True))
    forest = capped_single_linkage(len(expected), a, b, s, cap)
    assert forest.labels.tolist() == expected
    # kept edges are a forest: members minus clusters
    assert len(forest.kept) == len(expected) - len(set(expected))
