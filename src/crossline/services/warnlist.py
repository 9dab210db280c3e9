"""The node's warning list as use cases: every change audited the same way, whichever
face (CLI today; API or web later) made it."""

from __future__ import annotations

from typing import Any

from crossline.link.warnlist import WarnEntry
from crossline.link.warnlist_node import Change, add_entry, all_entries, remove_entry
from crossline.node.audit import AuditLog
from crossline.services.accounts import Acting
from crossline.store import Store
from crossline.store.rowdict import Shape


def list_entries(
    store: Store, *, kind: str | None = None, mine: bool = False, q: str | None = None
) -> list[WarnEntry]:
    """Shipped and node entries (``mine``: only the node's), optionally of one kind, and
    (``q``) only those whose value, owner or source contains the text, any case."""
    needle = (q or "").strip().casefold()
    return [
        e
        for e in all_entries(store)
        if (kind is None or e.kind == kind)
        and (not mine or not e.shipped)
        and (not needle or any(needle in f.casefold() for f in (e.value, e.owner, e.source)))
    ]


_ENTRY = Shape(
    ("kind", "value", "owner", "category", "source", "list=shipped"),
    convert={"list": lambda shipped: "shipped" if shipped else "node"},
)


def entry_dict(entry: WarnEntry) -> dict[str, Any]:
    """The entry as every face shows it (``list``: shipped or node)."""
    return _ENTRY(entry)


def add(
    store: Store, audit: AuditLog, by: Acting, kind: str, value: str, *, owner: str, source: str
) -> Change:
    """List a public value on this node; the campaigns it joined split at once."""
    actor = by.who if isinstance(by.who, str) else by.who.actor
    change = add_entry(store, kind, value, owner=owner, source=source, actor=actor)
    _record(audit, by, "create", change)
    return change


def remove(store: Store, audit: AuditLog, by: Acting, kind: str, value: str) -> Change:
    """Remove a value the node listed; it links reports again."""
    change = remove_entry(store, kind, value)
    _record(audit, by, "delete", change)
    return change


def _record(audit: AuditLog, by: Acting, action: str, change: Change) -> None:
    entry = change.entry
    audit.record(
        by.who,
        action,
        "warnlist",
        f"{entry.kind}:{entry.value}",
        detail={"owner": entry.owner, "source": entry.source, "reports": change.reports},
        ip=by.ip,
    )
