"""Linking a bulk import once, after all its reports are stored.

The row path links batch after batch; its result is a function of the data alone
(``link.settle``): the campaigns and common verdicts that ``crossline relink`` computes.
So the bulk path stores every report without a component and then takes that function
once over the neighbourhood of the new reports (the components they touch, closed
through common values): the same verdicts, reasons, component ids and summaries.

The union-find runs over integer ids in numpy/scipy (connected components of the
report-value graph); the common-value rule runs only on the components that hold a
value quoted by ``min_groups`` reports or more, since verdicts elsewhere cannot be
anything but "not common" and the rule is local to a component.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from sqlalchemy import Connection

from crossline.domain import indicator_id
from crossline.link.common import DEFAULT_MIN_GROUPS, Verdict, settle
from crossline.link.settle import (
    Change,
    Neighbourhood,
    component_id,
    gather,
    mark_verdicts,
    take_verdicts,
    write_components,
)
from crossline.link.summary import refresh_summaries
from crossline.link.warnlist_node import node_list
from crossline.store.repository import Store


@dataclass
class Linked:
    """What the linking step of a bulk import changed."""

    change: Change
    reports: int


def mark_listed(store: Store, conn: Connection, ids: Iterable[str]) -> None:
    """Values on this node's own warning list never link (as ``Linker.plan`` marks them)."""
    mine = {indicator_id(k, v): e.reason for (k, v), e in node_list(conn).items()}
    for iid in sorted(set(ids) & set(mine)):
        store.mark_common(conn, [iid], mine[iid])


def link_reports(
    store: Store,
    conn: Connection,
    report_ids: Iterable[str],
    *,
    min_groups: int = DEFAULT_MIN_GROUPS,
) -> Linked:
    """Link stored reports that have no component yet, with their neighbourhood."""
    ids = set(report_ids)
    hood = gather(store, conn, ids, set())
    # ``gather`` reads a report's component off its values; these reports have none yet
    # (they would otherwise stay unlinked when their values' campaign keeps its id).
    for rid in ids:
        hood.report_component.pop(rid, None)
    change = relink_hood(store, conn, hood, min_groups=min_groups)
    refresh_summaries(conn, store, change.rebuilt)
    return Linked(change, len(ids))


def _components(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Component label of each of ``n`` nodes joined by the edges ``left``-``right``."""
    graph = coo_matrix((np.ones(len(left), dtype=np.int8), (left, right)), shape=(n, n))
    return connected_components(graph, directed=False)[1]


def verdicts(hood: Neighbourhood, min_groups: int) -> dict[str, Verdict]:
    """``settle(hood.edges)``, run only where a verdict can be "common"."""
    reports = sorted(hood.reports | {r for r, _ in hood.edges})
    values = sorted({i for _, i in hood.edges})
    rix = {r: k for k, r in enumerate(reports)}
    vix = {v: len(reports) + k for k, v in enumerate(values)}
    edges = sorted(hood.edges)
    left = np.fromiter((rix[r] for r, _ in edges), dtype=np.int64, count=len(edges))
    right = np.fromiter((vix[i] for _, i in edges), dtype=np.int64, count=len(edges))
    labels = _components(len(reports) + len(values), left, right)
    mentions = np.bincount(right - len(reports), minlength=len(values)) if edges else np.zeros(0)
    busy = set(labels[len(reports) + np.flatnonzero(mentions >= min_groups)].tolist())
    busy |= {int(labels[vix[i]]) for i in hood.common if i in vix}
    if not busy:
        return {}
    edge_label = labels[left] if edges else np.zeros(0, dtype=np.int64)
    keep = np.isin(edge_label, np.fromiter(busy, dtype=np.int64))
    return settle([edges[k] for k in np.flatnonzero(keep)], min_groups=min_groups)


def relink_hood(store: Store, conn: Connection, hood: Neighbourhood, *, min_groups: int) -> Change:
    """``settle.resettle(..., force=True)`` with the union-find over integer ids."""
    found = verdicts(hood, min_groups)
    change = take_verdicts(store, conn, hood, found)
    mark_verdicts(store, conn, change)
    reports = sorted(hood.reports)
    live = sorted((r, i) for r, i in hood.edges if i not in found)
    values = sorted({i for _, i in live})
    rix = {r: k for k, r in enumerate(reports)}
    vix = {v: len(reports) + k for k, v in enumerate(values)}
    left = np.fromiter((rix[r] for r, _ in live), dtype=np.int64, count=len(live))
    right = np.fromiter((vix[i] for _, i in live), dtype=np.int64, count=len(live))
    # Analysts' merges (crossline.link.decisions): paired reports stay in one campaign.
    pairs = [(rix[a], rix[b]) for a, b in sorted(hood.pairs) if a in rix and b in rix]
    p_left = np.fromiter((a for a, _ in pairs), dtype=np.int64, count=len(pairs))
    p_right = np.fromiter((b for _, b in pairs), dtype=np.int64, count=len(pairs))
    labels = _components(
        len(reports) + len(values), np.concatenate([left, p_left]), np.concatenate([right, p_right])
    )
    # Reports are sorted, so the first report of each label is its smallest id.
    first_report: dict[int, str] = {}
    for k, r in enumerate(reports):
        first_report.setdefault(int(labels[k]), r)
    has_value = set(labels[right].tolist()) if live else set()
    has_value |= set(labels[p_left].tolist()) if pairs else set()
    cid_of = {lab: component_id(r) for lab, r in first_report.items() if lab in has_value}
    report_assign: dict[str, str | None] = {}
    kept: set[str] = set()
    for k, r in enumerate(reports):
        cid = cid_of.get(int(labels[k]))
        if hood.report_component.get(r) != cid:
            report_assign[r] = cid
            if cid:
                change.rebuilt.add(cid)
    ind_assign: dict[str, str] = {}
    for value in values:
        cid = cid_of[int(labels[vix[value]])]
        if hood.value_component.get(value) != cid:
            ind_assign[value] = cid
    kept = set(cid_of.values())
    return write_components(store, conn, hood, change, report_assign, ind_assign, kept)
