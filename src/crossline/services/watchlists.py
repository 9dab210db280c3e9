"""Watchlists as use cases: watch a value, a query or a campaign; list and remove one's
own watches. Every face (CLI, API, web) calls these; each change is audited here.

A watch belongs to the one who made it (a user in the browser; an API token watches
for itself, as its own machine identity) in one organisation: nobody else lists, sees
or removes it (another's watch answers "not found"). Its alerts are owned by the watcher's
organisation and appear on the alerts page.
"""

from __future__ import annotations

from typing import Any

from crossline.errors import NotFoundError, ValidationError
from crossline.node.audit import AuditLog
from crossline.services.accounts import Acting
from crossline.share import watch
from crossline.store import Store
from crossline.store import watchlists as ws
from crossline.store.read import campaigns as read_campaigns
from crossline.store.repository import utcnow


def _who(by: Acting) -> str:
    return by.who if isinstance(by.who, str) else by.who.actor


def create_watch(
    store: Store,
    audit: AuditLog,
    by: Acting,
    *,
    user_id: str,
    org_id: str | None,
    kind: str,
    target: str,
    note: str | None = None,
    notify: bool = False,
    region: str | None = None,
) -> dict[str, Any]:
    """Watch ``target`` (a value, a query text, or a campaign id or prefix). Watching the
    same thing twice returns the existing watch."""
    target = target.strip()
    if kind not in watch.KINDS:
        raise ValidationError(
            f"unknown watch kind {kind!r}", field="kind", expected=", ".join(watch.KINDS)
        )
    if not target:
        raise ValidationError("nothing to watch", field="target", expected="a value or text")
    if kind == "value":
        targets = watch.value_targets(target, region)
    elif kind == "query":
        targets = watch.query_targets(target)
    else:
        with store.read() as conn:
            cid = read_campaigns.resolve_campaign_id(conn, target)
        targets, target = [cid], cid
    row = watch.watch_row(
        user_id=user_id,
        org_id=org_id,
        actor=_who(by),
        kind=kind,
        target=target,
        targets=targets,
        note=note,
        notify=notify,
        now=utcnow(),
    )
    with store.transaction() as conn:
        created = ws.insert_watch(conn, row)
    if created:
        audit.record(
            by.who, "create", "watch", row["id"], detail={"kind": kind, "target": target[:200]},
            ip=by.ip,
        )  # fmt: skip
    with store.read() as conn:
        out = ws.get_watch(conn, row["id"])
    assert out is not None
    return out


def list_watches(
    store: Store, user_id: str, *, limit: int = 100, offset: int = 0
) -> dict[str, Any]:
    """One user's watches with their total (newest first)."""
    with store.read() as conn:
        return ws.user_watches(conn, user_id, limit=limit, offset=offset)


def own_watch(store: Store, user_id: str, watch_id: str) -> dict[str, Any]:
    """A watch of ``user_id``; anyone else's, or none, is "not found"."""
    with store.read() as conn:
        found = ws.get_watch(conn, watch_id[:36])
    if found is None or found["user_id"] != user_id:
        raise NotFoundError(f"no watch {watch_id[:36]!r} of yours")
    return found


def remove_watch(store: Store, audit: AuditLog, by: Acting, user_id: str, watch_id: str) -> None:
    """Stop watching (one's own watches only)."""
    found = own_watch(store, user_id, watch_id)
    with store.transaction() as conn:
        ws.delete_watch(conn, found["id"])
    audit.record(by.who, "delete", "watch", found["id"], detail={"kind": found["kind"]}, ip=by.ip)


def user_of(store: Store, username: str) -> tuple[str, str]:
    """(user id, organisation id) of a username (the command line acts for a user)."""
    with store.read() as conn:
        found = ws.user_by_name(conn, username)
    if found is None:
        raise NotFoundError(f"no user named {username!r}", field="user")
    return found
