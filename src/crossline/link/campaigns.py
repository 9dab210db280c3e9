"""Incremental campaign linking.

Every non-common indicator belongs to exactly one component (all reports that
mention it are connected through it), so a new report's component is the union
of its indicators' components: no pairwise correlation table, no full recompute.

Component ids are deterministic: ``make_id("campaign", smallest report id)``, so
the same reports give the same campaigns whatever the import order, and a re-run
after a crash gives exactly the campaigns of a clean run. When components merge,
the one whose id survives keeps its rows and the others are relabelled (with
random-like ids each report is relabelled O(log n) times on average).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from crossline.domain import indicator_id
from crossline.link import decisions
from crossline.link.common import DEFAULT_MIN_GROUPS, Verdict
from crossline.link.settle import component_id, gather, resettle
from crossline.link.summary import refresh_summaries
from crossline.link.unionfind import UnionFind
from crossline.link.warnlist_node import node_list
from crossline.store import casework as cw
from crossline.store.repository import Store


@dataclass
class LinkPlan:
    """Where a batch's reports and new indicators go, and which components merge."""

    state: Mapping[str, tuple[str | None, bool, int]]
    reports: dict[str, str] = field(default_factory=dict)
    indicators: dict[str, str] = field(default_factory=dict)
    relabel: dict[str, str] = field(default_factory=dict)
    merged: int = 0
    fresh: set[str] = field(default_factory=set)  # components made only of batch reports
    sources: dict[str, list[str]] = field(default_factory=dict)  # component -> old ones in it
    listed: dict[str, str] = field(default_factory=dict)  # on the node's list: value -> reason
    partners: dict[str, str] = field(default_factory=dict)  # stored reports paired in, unlinked


@dataclass
class LinkOutcome:
    """What one linking step changed."""

    touched: set[str] = field(default_factory=set)
    merged: int = 0
    newly_common: list[Verdict] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)  # values no longer common
    resplit: set[str] = field(default_factory=set)  # components rebuilt by the rule


class Linker:
    """Links batches of new reports into components inside the caller's transaction."""

    def __init__(self, store: Store, *, min_groups: int = DEFAULT_MIN_GROUPS) -> None:
        self.store = store
        self.min_groups = min_groups

    def plan(self, conn: Connection, batch: Mapping[str, Sequence[str]]) -> LinkPlan:
        """Decide the components of a batch of new reports before they are written.

        ``batch``: new report id -> its linkable indicator ids. Indicators not yet in
        the store are simply new; the plan says which component each one joins.
        """
        # Values this node listed since the batch's rows were built never link either.
        mine = {indicator_id(k, v): e.reason for (k, v), e in node_list(conn).items()}
        listed = {i: mine[i] for inds in batch.values() for i in inds if i in mine}
        if listed:
            batch = {rid: [i for i in inds if i not in listed] for rid, inds in batch.items()}
        # Analysts' decisions: cut sightings do not tie, paired reports stay together.
        decided = decisions.load(conn, batch.keys())
        if decided.cuts:
            batch = {rid: decided.keep(rid, inds) for rid, inds in batch.items()}
        ind_ids = sorted({i for inds in batch.values() for i in inds})
        state = self.store.indicator_state(conn, ind_ids)
        uf = UnionFind()
        for rid, inds in batch.items():
            uf.add(rid)
            for ind in inds:
                comp, common, _count = state.get(ind, (None, False, 0))
                if not common:
                    uf.union(rid, ("c", comp) if comp else ("i", ind))
        if decided.pairs:
            self._pair(conn, batch, decided, uf)
        comps = {k[1] for k in uf.parent if isinstance(k, tuple) and k[0] == "c"}
        mins = self.store.component_min_ids(conn, comps)
        plan = LinkPlan(state=state, listed=listed)
        for group in uf.groups():
            reports = [g for g in group if isinstance(g, str)]
            keys = [g for g in group if isinstance(g, tuple)]
            if not keys and len(reports) < 2:
                continue  # a report with no linkable value belongs to no component
            old = [k[1] for k in keys if k[0] == "c"]
            paired = [k[1] for k in keys if k[0] == "r"]
            cid = component_id(min([*reports, *paired, *(mins[c] for c in old)]))
            plan.partners.update(dict.fromkeys(paired, cid))
            plan.merged += max(0, len(old) - 1)
            plan.relabel.update({c: cid for c in old if c != cid})
            plan.reports.update({r: cid for r in reports})
            plan.indicators.update({k[1]: cid for k in keys if k[0] == "i"})
            if old:
                plan.sources[cid] = old
            else:
                plan.fresh.add(cid)
        return plan

    def apply(
        self,
        conn: Connection,
        batch: Mapping[str, Sequence[str]],
        plan: LinkPlan,
        rows: Sequence[Mapping[str, Any]] = (),
    ) -> LinkOutcome:
        """After the batch's reports and indicators are written (with the plan's component
        ids), merge old components, run the common-value guard, refresh summaries.

        ``rows``: the batch's report rows, when the caller has them, so that summaries of
        components made only of them are computed without querying.
        """
        out = LinkOutcome(touched=set(plan.reports.values()), merged=plan.merged)
        # Summaries of the components that only grew can be carried forward: read them
        # before merged components are relabelled away.
        previous = self.store.component_summaries(
            conn, [c for olds in plan.sources.values() for c in olds]
        )
        self.store.relabel_components(conn, plan.relabel)
        self.store.set_report_components(conn, plan.partners)
        for iid, reason in sorted(plan.listed.items()):
            self.store.mark_common(conn, [iid], reason)
        self._settle(conn, batch, plan, out)
        known: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
        for row in rows:
            cid = row.get("component_id")
            if cid is not None and cid not in out.resplit:
                known[cid].append(row)
        carried: dict[str, Mapping[str, Any]] = {}
        for cid, olds in plan.sources.items():
            # One old component, new reports without victim contacts: counts just add up.
            # Merges and contacts (distinct victims) are recomputed from the store, and so
            # is everything when the batch holds reports already stored (no rows given).
            if (
                rows
                and len(olds) == 1
                and olds[0] in previous
                and cid not in out.resplit
                and not any(r.get("victim_key") for r in known.get(cid, ()))
            ):
                carried[cid] = previous[olds[0]]
            else:
                known.pop(cid, None)
        refresh_summaries(conn, self.store, out.touched, known_rows=known, carried=carried)
        return out

    def link(self, conn: Connection, batch: Mapping[str, Sequence[str]]) -> LinkOutcome:
        """Plan and apply for reports and indicators already written without components."""
        plan = self.plan(conn, batch)
        self.store.set_report_components(conn, plan.reports)
        self.store.set_indicator_components(conn, plan.indicators)
        return self.apply(conn, batch, plan)

    def _pair(
        self,
        conn: Connection,
        batch: Mapping[str, Sequence[str]],
        decided: decisions.Decisions,
        uf: UnionFind,
    ) -> None:
        """Union the batch's reports with the reports an analyst paired them with: in the
        batch, through their component, or (stored, in none yet) as themselves."""
        outside = sorted({b for a, b in decided.pairs} | {a for a, b in decided.pairs})
        where = cw.report_components(conn, [r for r in outside if r not in batch])
        for a, b in decided.pairs:
            for mine, other in ((a, b), (b, a)):
                if mine not in batch:
                    continue
                if other in batch:
                    uf.union(mine, other)
                elif where.get(other):
                    uf.union(mine, ("c", where[other]))
                else:
                    uf.union(mine, ("r", other))

    # -- the common-value rule -------------------------------------------------------

    def _settle(
        self,
        conn: Connection,
        batch: Mapping[str, Sequence[str]],
        plan: LinkPlan,
        out: LinkOutcome,
    ) -> None:
        """Re-take the common verdicts around the batch (see ``settle``), so that they
        and the components depend on the data only, never on arrival order."""
        touched = {c for c in plan.reports.values() if c}
        hood = gather(self.store, conn, set(batch), touched)
        change = resettle(self.store, conn, hood, min_groups=self.min_groups)
        out.newly_common.extend(change.newly_common)
        out.withdrawn.extend(change.withdrawn)
        if change.rebuilt or change.removed:
            out.resplit |= change.rebuilt | change.removed
            out.touched = (out.touched - change.removed) | change.rebuilt
