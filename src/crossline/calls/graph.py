"""Small graph helpers shared by the content and infrastructure clustering.

Both clusterings reduce to the same two operations on an edge list over
``n`` integer nodes: connected components, and single-linkage merging that
refuses to grow a cluster beyond a size cap (so that one weak link cannot
chain two large campaigns into a giant component).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components


def components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Component label of each of the ``n`` nodes, given undirected edges ``a[i] - b[i]``.

    Labels are renumbered so that the component holding the lowest node id comes first,
    which keeps results stable from run to run.
    """
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    a = np.asarray(a, dtype=np.int64)
    b = np.asarray(b, dtype=np.int64)
    graph = sp.coo_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(n, n)).tocsr()
    _, labels = connected_components(graph, directed=False)
    return _renumber(labels)


def _renumber(labels: np.ndarray) -> np.ndarray:
    _, first = np.unique(labels, return_index=True)
    order = np.argsort(first)
    remap = np.empty(len(order), dtype=np.int64)
    remap[order] = np.arange(len(order))
    return remap[np.unique(labels, return_inverse=True)[1]]


@dataclass(frozen=True, slots=True)
class Forest:
    """Result of capped single-linkage: a label per node and the edges that were kept.

    ``kept`` indexes the input edge arrays; the kept edges form a spanning forest
    whose trees are exactly the clusters (one edge fewer than members per cluster).
    """

    labels: np.ndarray
    kept: np.ndarray


def capped_single_linkage(
    n: int,
    a: np.ndarray,
    b: np.ndarray,
    score: np.ndarray,
    max_size: int,
    kinds: Sequence[str | None] | None = None,
) -> Forest:
    """Merge the strongest edges first, refusing any merge that would exceed ``max_size``.

    This is Kruskal's maximum spanning forest with a size guard. Near-identical
    items (the strongest edges) always end up together; a weak edge between two
    large groups is dropped instead of fusing them. Ties break on input order, so
    the result is deterministic.

    ``kinds`` (one per item, None for "unknown") forbids merging two groups that
    already hold different kinds, even through an untyped item in between.
    """
    order = np.lexsort((np.arange(len(score)), -np.asarray(score, dtype=np.float64)))
    parent = np.arange(n, dtype=np.int64)
    size = np.ones(n, dtype=np.int64)
    kept: list[int] = []
    kind: list[str | None] = list(kinds) if kinds is not None else [None] * n

    def find(x: int) -> int:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:  # path compression keeps later finds O(1)
            parent[x], x = root, parent[x]
        return root

    for e in order.tolist():
        ra, rb = find(int(a[e])), find(int(b[e]))
        if ra == rb or size[ra] + size[rb] > max_size:
            continue
        if kind[ra] and kind[rb] and kind[ra] != kind[rb]:
            continue
        if size[ra] < size[rb]:
            ra, rb = rb, ra
        parent[rb] = ra
        size[ra] += size[rb]
        kind[ra] = kind[ra] or kind[rb]
        kept.append(e)
    roots = np.array([find(i) for i in range(n)], dtype=np.int64)
    return Forest(labels=_renumber(roots) if n else roots, kept=np.array(kept, dtype=np.int64))
