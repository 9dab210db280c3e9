"""One record as a partner node sees it: the routes that serve partners their
agreement's form of a record read it through :func:`partner_view`, or, serving the
node's own users the record in full too, through :func:`record_view`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from fastapi import Request

from crossline.http.deps import audit, get_node
from crossline.http.partner_gate import partner_context
from crossline.node.auth import Principal
from crossline.share.agreements import Agreement
from crossline.store import Store

SharedRead = Callable[[Store, "Agreement | None", str], dict[str, Any]]


def partner_view(
    request: Request, principal: Principal, kind: str, ref: str, read: SharedRead
) -> dict[str, Any] | None:
    """The calling partner's view of one record, read by ``read`` under its agreement and
    audited with the partner's name; None when the caller is not a partner (the route
    then serves its own users the record in full)."""
    ctx = partner_context(request)
    if ctx is None:
        return None
    shared = read(get_node(request).store, ctx.agreement, ref)
    audit(request, principal, "read", kind, ref, partner=ctx.partner.name)
    return shared


def record_view(
    request: Request,
    principal: Principal,
    kind: str,
    ref: str,
    shared: SharedRead,
    own: Callable[[], dict[str, Any]],
    detail: Callable[[dict[str, Any]], Mapping[str, Any]] = lambda _record: {},
) -> dict[str, Any]:
    """One record, read and audited the same way by every route that serves it: the
    calling partner's view (:func:`partner_view`), else the record in full as ``own()``
    reads it for the node's own users, audited as read with ``detail(record)``."""
    view = partner_view(request, principal, kind, ref, shared)
    if view is not None:
        return view
    record = own()
    audit(request, principal, "read", kind, ref, **detail(record))
    return record
