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

from crossline.domain import make_id
from crossline.link.common import DEFAULT_MIN_GROUPS, Verdict, judge_all
from crossline.link.summary import refresh_summaries
from crossline.link.unionfind import UnionFind
from crossline.store.repository import Store


def component_id(min_report_id: str) -> str:
    """The id of the component whose smallest report id is ``min_report_id``."""
    return make_id("campaign", min_report_id)


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
    counts_before_batch: bool = True  # state's report counts exclude the batch's reports


@dataclass
class LinkOutcome:
    """What one linking step changed."""

    touched: set[str] = field(default_factory=set)
    merged: int = 0
    newly_common: list[Verdict] = field(default_factory=list)
    resplit: set[str] = field(default_factory=set)  # components rebuilt by the guard


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
        ind_ids = sorted({i for inds in batch.values() for i in inds})
        state = self.store.indicator_state(conn, ind_ids)
        uf = UnionFind()
        for rid, inds in batch.items():
            uf.add(rid)
            for ind in inds:
                comp, common, _count = state.get(ind, (None, False, 0))
                if not common:
                    uf.union(rid, ("c", comp) if comp else ("i", ind))
        comps = {k[1] for k in uf.parent if isinstance(k, tuple) and k[0] == "c"}
        mins = self.store.component_min_ids(conn, comps)
        plan = LinkPlan(state=state)
        for group in uf.groups():
            reports = [g for g in group if isinstance(g, str)]
            keys = [g for g in group if isinstance(g, tuple)]
            if not keys:
                continue  # a report with no linkable value belongs to no component
            old = [k[1] for k in keys if k[0] == "c"]
            cid = component_id(min([*reports, *(mins[c] for c in old)]))
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
        self._guard(conn, batch, plan, out)
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
        # The counts read by the plan already include these reports: judge every value
        # that qualifies instead of waiting for its count to cross a threshold.
        plan.counts_before_batch = False
        self.store.set_report_components(conn, plan.reports)
        self.store.set_indicator_components(conn, plan.indicators)
        return self.apply(conn, batch, plan)

    # -- the common-value guard ------------------------------------------------------

    def _guard(
        self,
        conn: Connection,
        batch: Mapping[str, Sequence[str]],
        plan: LinkPlan,
        out: LinkOutcome,
    ) -> None:
        # Only a value seen next to other values in this batch can newly bridge groups,
        # and it needs at least min_groups reports to bridge that many.
        pairs = {
            i
            for inds in batch.values()
            if len(linkable := [i for i in inds if not plan.state.get(i, (None, False, 0))[1]]) > 1
            for i in linkable
        }
        if not pairs:
            return
        live: dict[str, set[str]] = defaultdict(set)  # component -> candidate values
        for ind, (comp, common, count) in self.store.indicator_state(conn, sorted(pairs)).items():
            before = plan.state.get(ind, (None, False, 0))[2] if plan.counts_before_batch else 0
            if not common and comp and self._due(before, count):
                live[comp].add(ind)
        # Load every judged component in a few queries, then judge each in memory.
        comps = sorted(live)
        members = self.store.reports_by_component(conn, comps)
        all_reports = [r for cid in comps for r in members.get(cid, [])]
        comp_of = {r: cid for cid in comps for r in members.get(cid, [])}
        edges: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for r, i, common in self.store.sightings_of_reports(conn, all_reports):
            if not common:
                edges[comp_of[r]].append((r, i))
        for cid in comps:
            verdicts = judge_all(sorted(live[cid]), edges[cid], min_groups=self.min_groups)
            common = [v for v in verdicts if v.common]
            if not common:
                continue
            for v in common:
                self.store.mark_common(conn, [v.indicator_id], v.reason or "common")
            out.newly_common.extend(common)
            dropped = {v.indicator_id for v in common}
            kept = [(r, i) for r, i in edges[cid] if i not in dropped]
            self._split(conn, cid, kept, members.get(cid, []), out)

    def _due(self, before: int, after: int) -> bool:
        """Whether a value's verdict must be (re)taken now that its report count went
        from ``before`` to ``after``: when it first reaches ``min_groups`` reports, then
        each time the count crosses a power of two. A value is judged O(log n) times over
        its life instead of at every batch; ``relink`` judges everything afresh."""
        if after < self.min_groups:
            return False
        return before < self.min_groups or after.bit_length() > before.bit_length()

    def _split(
        self,
        conn: Connection,
        cid: str,
        edges: list[tuple[str, str]],
        reports: list[str],
        out: LinkOutcome,
    ) -> None:
        """Recompute one component after values in it became common."""
        uf = UnionFind(reports)
        for r, i in edges:
            uf.union(r, ("i", i))
        report_assign: dict[str, str | None] = {}
        ind_assign: dict[str, str] = {}
        for group in uf.groups():
            members = [g for g in group if isinstance(g, str)]
            keys = [g[1] for g in group if isinstance(g, tuple)]
            new = component_id(min(members)) if keys else None
            report_assign.update({r: new for r in members})
            ind_assign.update({k: new for k in keys if new})
            if new:
                out.touched.add(new)
        out.resplit.update({cid, *(c for c in report_assign.values() if c)})
        self.store.delete_components(conn, [cid])
        if cid not in report_assign.values():
            out.touched.discard(cid)
        self.store.set_report_components(conn, report_assign)  # type: ignore[arg-type]
        self.store.set_indicator_components(conn, ind_assign)
