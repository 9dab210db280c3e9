"""The node's own warning list: list, add, remove — and the campaigns follow.

Adding a value marks it common (with the list's reason) wherever it was already seen and
rebuilds the campaigns around it, so reports it alone joined fall apart at once, as
``relink`` would. Removing an entry the node added does the reverse. Entries of the
shipped list are removed by changing the shipped file (each names its source); the node
cannot silently drop a public helpline from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection

from crossline.domain import indicator_id
from crossline.errors import ConflictError, NotFoundError, ValidationError
from crossline.indicators import KINDS, normalize
from crossline.link.common import DEFAULT_MIN_GROUPS
from crossline.link.settle import gather, resettle
from crossline.link.warnlist import WarnEntry, load_warnlist
from crossline.store.repository import Store, utcnow
from crossline.store.warnlists import delete_entry, insert_entry, node_entries


@dataclass(frozen=True, slots=True)
class Change:
    """What an add or remove did."""

    entry: WarnEntry
    reports: int  # reports whose campaigns were rebuilt


def node_list(conn: Connection) -> dict[tuple[str, str], WarnEntry]:
    """(kind, value) -> entry, for the values this node's analysts listed."""
    return {
        (r["kind"], r["value"]): WarnEntry(
            r["kind"], r["value"], r["owner"], "node", r["source"], shipped=False
        )
        for r in node_entries(conn)
    }


def all_entries(store: Store) -> list[WarnEntry]:
    """The shipped list and the node's own, sorted by kind and value."""
    with store.read() as conn:
        mine = node_list(conn)
    merged = {**load_warnlist(), **mine}
    return [merged[k] for k in sorted(merged)]


def canonical(kind: str, raw: str) -> str:
    """The normalized value of ``raw`` as ``kind`` (what the index holds)."""
    if kind not in KINDS:
        raise ValidationError(f"warning list kind {kind!r}: expected one of {', '.join(KINDS)}")
    return normalize(kind, raw).value


def add_entry(
    store: Store,
    kind: str,
    raw: str,
    *,
    owner: str,
    source: str,
    actor: str,
    min_groups: int = DEFAULT_MIN_GROUPS,
) -> Change:
    """List one value on this node and rebuild the campaigns it joined."""
    if not owner.strip() or not source.strip():
        raise ValidationError("a warning list entry needs its owner and a source (page, document)")
    value = canonical(kind, raw)
    if (kind, value) in load_warnlist():
        raise ConflictError(f"{kind} {value} is already on the shipped warning list")
    entry = WarnEntry(kind, value, owner.strip(), "node", source.strip(), shipped=False)
    row = {
        "kind": kind,
        "value": value,
        "owner": entry.owner,
        "source": entry.source,
        "added_by": actor[:160],
        "added_at": utcnow(),
    }
    with store.transaction() as conn:
        store.dialect.link_lock(conn)
        if not insert_entry(conn, row):
            raise ConflictError(f"{kind} {value} is already on this node's warning list")
        iid = indicator_id(kind, value)
        seen = store.reports_of_indicators(conn, [iid]).get(iid, [])
        store.mark_common(conn, [iid], entry.reason)
        _rebuild(store, conn, seen, min_groups)
    return Change(entry, len(seen))


def remove_entry(
    store: Store, kind: str, raw: str, *, min_groups: int = DEFAULT_MIN_GROUPS
) -> Change:
    """Remove a value this node listed; it links again and the campaigns follow."""
    value = canonical(kind, raw)
    with store.transaction() as conn:
        store.dialect.link_lock(conn)
        entry = node_list(conn).get((kind, value))
        if entry is None:
            where = "the shipped list" if (kind, value) in load_warnlist() else "no list"
            raise NotFoundError(
                f"{kind} {value} is not on this node's warning list (it is on {where}); "
                "only entries the node added can be removed"
            )
        delete_entry(conn, kind, value)
        iid = indicator_id(kind, value)
        seen = store.reports_of_indicators(conn, [iid]).get(iid, [])
        store.unmark_common(conn, [iid])
        _rebuild(store, conn, seen, min_groups)
    return Change(entry, len(seen))


def _rebuild(store: Store, conn: Connection, report_ids: list[str], min_groups: int) -> None:
    if not report_ids:
        return
    hood = gather(store, conn, set(report_ids), set(store.components_of_reports(conn, report_ids)))
    change = resettle(store, conn, hood, min_groups=min_groups, force=True)
    from crossline.link.summary import refresh_summaries

    refresh_summaries(conn, store, sorted(change.rebuilt))
