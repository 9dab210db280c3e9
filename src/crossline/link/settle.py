"""Keep common-value verdicts a function of the data, batch after batch.

A value's verdict (see :func:`crossline.link.common.settle`) depends only on the
reports connected to it through values that are not warning-listed — its
*neighbourhood*: the components a batch touched, joined through the values already
judged common, closed under both. After each batch the linker re-takes the verdicts of
the neighbourhoods the batch touched, and nothing else:

- most neighbourhoods hold no common value and no value quoted by ``min_groups``
  reports or more; nothing can change there and nothing is judged;
- otherwise the verdicts are re-taken on the whole neighbourhood; when they changed
  (a value became common, or stopped being so because new reports merged the groups it
  bridged), its components are rebuilt from its edges.

So the campaigns after any sequence of imports are those ``crossline relink`` computes
from the same data, at the cost of reading the touched neighbourhoods.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection

from crossline.domain import make_id
from crossline.link import decisions
from crossline.link.common import Verdict, settle
from crossline.link.unionfind import UnionFind
from crossline.link.warnlist import is_listed
from crossline.store.repository import Store


def component_id(min_report_id: str) -> str:
    """The id of the component whose smallest report id is ``min_report_id``."""
    return make_id("campaign", min_report_id)


@dataclass
class Neighbourhood:
    """Reports connected through linkable values, with what the rule needs about them."""

    reports: set[str] = field(default_factory=set)
    components: set[str] = field(default_factory=set)  # components found in it (before)
    edges: set[tuple[str, str]] = field(default_factory=set)  # (report, value), not listed
    common: dict[str, str | None] = field(default_factory=dict)  # judged common: value -> reason
    report_component: dict[str, str] = field(default_factory=dict)  # as stored now
    value_component: dict[str, str] = field(default_factory=dict)  # as stored now
    pairs: set[tuple[str, str]] = field(default_factory=set)  # analysts' merges in it


@dataclass
class Change:
    """What re-taking the verdicts of one neighbourhood changed."""

    newly_common: list[Verdict] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    removed: set[str] = field(default_factory=set)  # components that no longer exist
    rebuilt: set[str] = field(default_factory=set)  # components written afresh


def gather(
    store: Store, conn: Connection, reports: set[str], components: set[str]
) -> Neighbourhood:
    """The neighbourhood of the given reports and components (breadth-first, a few
    grouped queries per step; steps are rare: they only cross common values)."""
    hood = Neighbourhood()
    new_reports = set(reports)
    new_components = set(components)
    while new_reports or new_components:
        if new_components:
            hood.components |= new_components
            for comp, rids in store.reports_by_component(conn, sorted(new_components)).items():
                new_reports.update(rids)
                # Known from the report's own row: a report whose every value just
                # became common has no linking sighting left to tell its component.
                for rid in rids:
                    hood.report_component.setdefault(rid, comp)
            new_components = set()
        new_reports -= hood.reports
        if not new_reports:
            break
        hood.reports |= new_reports
        decided = decisions.load(conn, new_reports)
        rows = store.linking_sightings(conn, sorted(new_reports))
        new_reports = set()
        for a, b in decided.pairs:  # a paired report is in the neighbourhood too
            hood.pairs.add((a, b))
            new_reports.update((a, b))
        crossing: set[str] = set()
        for rid, iid, comp, common, reason in rows:
            if is_listed(common, reason) or (rid, iid) in decided.cuts:
                continue
            hood.edges.add((rid, iid))
            if common:
                if iid not in hood.common:
                    hood.common[iid] = reason
                    crossing.add(iid)
            elif comp:
                # A report's linking values all sit in its component.
                hood.report_component[rid] = hood.value_component[iid] = comp
                if comp not in hood.components:
                    new_components.add(comp)
        if crossing:
            for rids in store.reports_of_indicators(conn, sorted(crossing)).values():
                new_reports.update(rids)
    return hood


def quiet(hood: Neighbourhood, min_groups: int) -> bool:
    """True when no verdict in the neighbourhood can be anything but "not common"."""
    if hood.common:
        return False
    # (Pairs need no verdict: the incremental linker already keeps them together.)
    mentions: dict[str, int] = {}
    for _report, ind in hood.edges:
        mentions[ind] = mentions.get(ind, 0) + 1
    return all(n < min_groups for n in mentions.values())


def resettle(
    store: Store, conn: Connection, hood: Neighbourhood, *, min_groups: int, force: bool = False
) -> Change:
    """Re-take the verdicts of one neighbourhood; rebuild its components if they changed
    (always with ``force``: after a value was listed or unlisted)."""
    if quiet(hood, min_groups) and not force:
        return Change()
    verdicts = settle(hood.edges, min_groups=min_groups)
    change = take_verdicts(store, conn, hood, verdicts)
    if not change.newly_common and not change.withdrawn and not force:
        return change  # same common values: the incremental components are exact
    mark_verdicts(store, conn, change)
    uf = UnionFind(hood.reports)
    for rid, iid in hood.edges:
        if iid not in verdicts:
            uf.union(rid, ("i", iid))
    for a, b in hood.pairs:
        uf.union(a, b)
    report_assign: dict[str, str | None] = {}
    ind_assign: dict[str, str] = {}
    kept: set[str] = set()
    for group in uf.groups():
        members = [g for g in group if isinstance(g, str)]
        keys = [g[1] for g in group if isinstance(g, tuple)]
        cid = component_id(min(members)) if keys or len(members) > 1 else None
        # Write only what moved: a split leaves most reports where they were.
        moved = {r: cid for r in members if hood.report_component.get(r) != cid}
        report_assign.update(moved)
        if cid:
            ind_assign.update({k: cid for k in keys if hood.value_component.get(k) != cid})
            kept.add(cid)
            if moved or cid not in hood.components:
                change.rebuilt.add(cid)  # its members changed: its summary must be redone
    return write_components(store, conn, hood, change, report_assign, ind_assign, kept)


def take_verdicts(
    store: Store, conn: Connection, hood: Neighbourhood, verdicts: dict[str, Verdict]
) -> Change:
    """The values that ``verdicts`` make common and those they no longer hold common;
    the stored reason of a value that stays common is brought up to date."""
    change = Change()
    change.newly_common = [v for i, v in sorted(verdicts.items()) if i not in hood.common]
    change.withdrawn = sorted(set(hood.common) - set(verdicts))
    for iid, v in sorted(verdicts.items()):  # the count in the reason may have moved
        if iid in hood.common and hood.common[iid] != v.reason:
            store.mark_common(conn, [iid], v.reason or "common")
    return change


def mark_verdicts(store: Store, conn: Connection, change: Change) -> None:
    """Store the values newly common and unmark the withdrawn ones."""
    for v in change.newly_common:
        store.mark_common(conn, [v.indicator_id], v.reason or "common")
    store.unmark_common(conn, change.withdrawn)


def write_components(
    store: Store,
    conn: Connection,
    hood: Neighbourhood,
    change: Change,
    report_assign: dict[str, str | None],
    ind_assign: dict[str, str],
    kept: set[str],
) -> Change:
    """Store the components of the reports and values that moved (``kept``: every
    component the neighbourhood now has); record which to rebuild and which are gone."""
    # A new component must have its summary made, and so must one that reports left.
    left = {hood.report_component[r] for r in report_assign if r in hood.report_component}
    change.rebuilt |= (kept - hood.components) | (left & kept)
    change.removed = hood.components - kept
    store.delete_components(conn, change.removed)
    store.set_report_components(conn, report_assign)  # type: ignore[arg-type]
    store.set_indicator_components(conn, ind_assign)
    return change
