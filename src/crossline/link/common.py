"""The data-driven common-value guard.

The rule (documented in docs/linking.md):

    A value is *common* when, with that value removed, the reports that mention it
    fall into at least ``min_groups`` separate groups of two or more reports each —
    that is, it would bridge that many campaigns that already stand on their own
    shared indicators.

A bank's helpline quoted in the messages of many unrelated campaigns is common.
A scam number complained about 150 times is not: its complaints share nothing
else, so removing it leaves single reports, not groups — being reported often is
not being common; it is the strongest link there is.

The evaluation is pure: it takes the edges of one component and returns a verdict.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from crossline.link.unionfind import UnionFind

DEFAULT_MIN_GROUPS = 4


@dataclass(frozen=True, slots=True)
class Verdict:
    indicator_id: str
    common: bool
    groups: int  # established groups (>= 2 reports) the value would bridge
    reason: str | None


def judge(
    indicator_id: str,
    edges: Iterable[tuple[str, str]],
    *,
    min_groups: int = DEFAULT_MIN_GROUPS,
) -> Verdict:
    """Judge one value from the (report, indicator) edges of its component.

    ``edges`` must hold only non-common indicators; the value itself may be among them.
    """
    uf = UnionFind()
    mentions: set[str] = set()
    for report, ind in edges:
        uf.add(report)
        if ind == indicator_id:
            mentions.add(report)
        else:
            uf.union(report, ("i", ind))
    sizes: dict[object, int] = {}
    for item in uf.parent:
        if not isinstance(item, tuple):  # count reports only
            root = uf.find(item)
            sizes[root] = sizes.get(root, 0) + 1
    bridged = {uf.find(r) for r in mentions}
    groups = sum(1 for root in bridged if sizes[root] >= 2)
    if groups >= min_groups:
        reason = (
            f"joins {groups} groups of reports that share nothing else "
            f"(rule: >= {min_groups} such groups)"
        )
        return Verdict(indicator_id, True, groups, reason)
    return Verdict(indicator_id, False, groups, None)


def judge_all(
    candidates: Iterable[str],
    edges: Iterable[tuple[str, str]],
    *,
    min_groups: int = DEFAULT_MIN_GROUPS,
) -> list[Verdict]:
    """:func:`judge` for many values of one component at once, in one pass.

    Removing a value splits its component into the pieces it articulates; those are
    found for every node together with Tarjan's articulation-point walk (iterative,
    O(reports + values + edges)), counting the reports in each piece. Same verdicts
    as calling :func:`judge` once per value, without one union-find per value.
    """
    wanted = set(candidates)
    adj: dict[object, list[object]] = {}
    for report, ind in set(edges):
        adj.setdefault(report, []).append(("i", ind))
        adj.setdefault(("i", ind), []).append(report)
    disc: dict[object, int] = {}
    low: dict[object, int] = {}
    sub: dict[object, int] = {}  # reports in the DFS subtree
    pieces: dict[object, list[int]] = {}
    clock = 0
    verdicts: list[Verdict] = []
    for root in adj:
        if root in disc:
            continue
        order: list[object] = []
        stack: list[tuple[object, object, int]] = [(root, None, 0)]
        while stack:
            node, parent, idx = stack.pop()
            if idx == 0:
                disc[node] = low[node] = clock
                clock += 1
                sub[node] = 0 if isinstance(node, tuple) else 1
                order.append(node)
            nbrs = adj[node]
            if idx < len(nbrs):
                stack.append((node, parent, idx + 1))
                w = nbrs[idx]
                if w not in disc:
                    stack.append((w, node, 0))
                elif w != parent:
                    low[node] = min(low[node], disc[w])
                continue
            if parent is not None:  # node is finished: report to its parent
                low[parent] = min(low[parent], low[node])
                sub[parent] += sub[node]
                if low[node] >= disc[parent]:
                    pieces.setdefault(parent, []).append(sub[node])
        total = sub[root]
        for node in order:
            if not isinstance(node, tuple) or node[1] not in wanted:
                continue
            sizes = list(pieces.get(node, []))
            if node != root:
                sizes.append(total - sum(sizes))  # the piece above, through the parent
            groups = sum(1 for s in sizes if s >= 2)
            if groups >= min_groups:
                reason = (
                    f"joins {groups} groups of reports that share nothing else "
                    f"(rule: >= {min_groups} such groups)"
                )
                verdicts.append(Verdict(node[1], True, groups, reason))
            else:
                verdicts.append(Verdict(node[1], False, groups, None))
    return sorted(verdicts, key=lambda v: v.indicator_id)


def settle(
    edges: Iterable[tuple[str, str]],
    *,
    min_groups: int = DEFAULT_MIN_GROUPS,
) -> dict[str, Verdict]:
    """The common values among ``edges`` (report, value): a function of the data alone.

    Round after round, every value that mentions at least ``min_groups`` reports is
    judged on the graph without the values already found common, all at once, and the
    new verdicts are removed before the next round. Removing a value only splits
    groups, so the set only grows and the rounds stop. The answer depends on the edges
    only — not on the order in which reports arrived nor on how they were batched — so
    an import and ``crossline relink`` agree, and a verdict is re-taken (and may be
    withdrawn) whenever the evidence around the value changes.

    ``edges`` must not hold warning-listed values (they never link).
    """
    live = set(edges)
    focus = live  # the part of the graph whose verdicts may still change
    found: dict[str, Verdict] = {}
    while True:
        mentions: dict[str, int] = {}
        for _report, ind in focus:
            mentions[ind] = mentions.get(ind, 0) + 1
        candidates = sorted(i for i, n in mentions.items() if n >= min_groups)
        if not candidates:
            return found
        new = [v for v in judge_all(candidates, focus, min_groups=min_groups) if v.common]
        if not new:
            return found
        found.update({v.indicator_id: v for v in new})
        dropped = {v.indicator_id for v in new}
        touched = {r for r, i in focus if i in dropped}
        live = {(r, i) for r, i in live if i not in dropped}
        # Only the groups that held a removed value can change in the next round.
        focus = _around(live, touched)


def _around(edges: set[tuple[str, str]], reports: set[str]) -> set[tuple[str, str]]:
    """The edges of the connected groups (reports joined through values) that hold one
    of ``reports``: connected components over integer ids (scipy), not a union-find of
    Python objects, since the groups span the whole graph."""
    listed = list(edges)
    rix: dict[str, int] = {}
    vix: dict[str, int] = {}
    left = np.fromiter((rix.setdefault(r, len(rix)) for r, _ in listed), np.int64, len(listed))
    right = np.fromiter((vix.setdefault(i, len(vix)) for _, i in listed), np.int64, len(listed))
    n = len(rix) + len(vix)
    graph = coo_matrix((np.ones(len(listed), np.int8), (left, right + len(rix))), shape=(n, n))
    labels = connected_components(graph, directed=False)[1]
    wanted = np.zeros(n, dtype=bool)
    wanted[[labels[rix[r]] for r in reports if r in rix]] = True
    return {listed[k] for k in np.flatnonzero(wanted[labels[left]])}
