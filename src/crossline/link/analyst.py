"""Merging and splitting campaigns by an analyst's decision.

A decision is recorded as data the linker reads (:mod:`crossline.link.decisions`):

- **merge**: the anchors (smallest report ids) of the campaigns are paired, so their
  reports stay in one campaign whatever is imported or relinked later. Campaign ids
  stay deterministic: the merged campaign's id is ``make_id("campaign", smallest
  report id)``, i.e. the id of the merged campaign that held the smallest report id.
- **split**: the chosen reports lose the sightings that tied them to the rest of the
  campaign (*cuts*: the values seen on both sides stay with the rest), and each side's
  pieces are paired, so each side stays one campaign. Pairs an earlier merge made
  across the two sides are withdrawn. The side holding the smallest report keeps the
  campaign's id; the other gets ``make_id("campaign", its smallest report id)``.

Either way the neighbourhood is then re-linked with the common-value rule forced
(:func:`crossline.link.settle.resettle`), the very code a relink runs, so a relink
reaches the same campaigns. A later report that quotes values of both sides of a split
ties them again (new evidence): the analyst sees it in the campaign's activity.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection

from crossline.errors import ValidationError
from crossline.link import decisions
from crossline.link.common import DEFAULT_MIN_GROUPS
from crossline.link.settle import component_id, gather, resettle
from crossline.link.summary import refresh_summaries
from crossline.link.unionfind import UnionFind
from crossline.link.warnlist import is_listed
from crossline.store import casework as cw
from crossline.store.repository import Store


@dataclass
class Outcome:
    """What a merge or split changed: the campaigns before and after."""

    before: list[str]
    after: list[str] = field(default_factory=list)
    pairs: int = 0
    cuts: int = 0
    dropped_pairs: int = 0


def rebuild(conn: Connection, store: Store, comps: Collection[str]) -> list[str]:
    """Re-link the neighbourhood of the components (decisions applied); the campaigns
    rebuilt, with their summaries refreshed."""
    store.dialect.link_lock(conn)
    hood = gather(store, conn, set(), set(comps))
    change = resettle(store, conn, hood, min_groups=DEFAULT_MIN_GROUPS, force=True)
    refresh_summaries(conn, store, change.rebuilt)
    return sorted(change.rebuilt)


def merge(conn: Connection, store: Store, cids: Sequence[str], decision_id: str) -> Outcome:
    """Pair the campaigns' anchors and re-link them into one campaign."""
    store.dialect.link_lock(conn)  # what is read here must not go stale before the rebuild
    cids = sorted(set(cids))
    if len(cids) < 2:
        raise ValidationError("a merge needs two or more different campaigns", field="campaigns")
    anchors = []
    for cid in cids:
        anchor = cw.anchor_of(conn, cid)
        if anchor is None:
            raise ValidationError(f"no campaign with id {cid!r}", field="campaigns")
        anchors.append(anchor)
    first = min(anchors)
    out = Outcome(before=cids)
    out.pairs = cw.add_pairs(conn, [(first, a) for a in anchors if a != first], decision_id)
    rebuild(conn, store, cids)
    out.after = [component_id(first)]
    return out


def _pieces(
    reports: Collection[str], edges: Collection[tuple[str, str]], pairs: Sequence[tuple[str, str]]
) -> list[list[str]]:
    """The groups ``reports`` fall into through ``edges`` and ``pairs`` (sorted)."""
    uf = UnionFind(reports)
    for rid, iid in edges:
        uf.union(rid, ("i", iid))
    for a, b in pairs:
        uf.union(a, b)
    groups = [sorted(g for g in group if isinstance(g, str)) for group in uf.groups()]
    return sorted(g for g in groups if g)


def split(
    conn: Connection, store: Store, cid: str, moved: Collection[str], decision_id: str
) -> Outcome:
    """Take ``moved`` reports out of campaign ``cid`` into a campaign of their own."""
    store.dialect.link_lock(conn)  # what is read here must not go stale before the rebuild
    members = set(store.reports_by_component(conn, [cid]).get(cid, []))
    moved = set(moved)
    if not members:
        raise ValidationError(f"no campaign with id {cid!r}", field="campaign")
    if not moved or not moved < members:
        outside = sorted(moved - members)[:3]
        raise ValidationError(
            "a split takes some, not all, of the campaign's reports"
            + (f": not in it: {', '.join(outside)}" if outside else ""),
            field="reports",
            expected=f"1 to {len(members) - 1} report ids of campaign {cid}",
        )
    rest = members - moved
    decided = decisions.load(conn, members)
    edges = {
        (rid, iid)
        for rid, iid, _comp, common, reason in store.linking_sightings(conn, sorted(members))
        if not common and not is_listed(common, reason) and (rid, iid) not in decided.cuts
    }
    on_moved = {iid for rid, iid in edges if rid in moved}
    on_rest = {iid for rid, iid in edges if rid in rest}
    bridging = on_moved & on_rest
    cuts = {(rid, iid) for rid, iid in edges if rid in moved and iid in bridging}
    crossing = [(a, b) for a, b in decided.pairs if (a in moved) != (b in moved)]
    kept_pairs = [(a, b) for a, b in decided.pairs if (a, b) not in crossing]
    cw.drop_pairs(conn, crossing)
    out = Outcome(before=[cid], dropped_pairs=len(crossing))
    out.cuts = cw.add_cuts(conn, cuts, decision_id)
    new_pairs: list[tuple[str, str]] = []
    for side in (moved, rest):
        side_edges = [(r, i) for r, i in edges - cuts if r in side]
        side_pairs = [(a, b) for a, b in kept_pairs if a in side and b in side]
        pieces = _pieces(side, side_edges, side_pairs)
        new_pairs += [(pieces[0][0], p[0]) for p in pieces[1:]]
    out.pairs = cw.add_pairs(conn, new_pairs, decision_id)
    rebuild(conn, store, [cid])
    out.after = sorted({component_id(min(moved)), component_id(min(rest))})
    return out
