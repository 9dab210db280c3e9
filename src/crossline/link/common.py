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
