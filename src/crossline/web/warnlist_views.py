"""The warning-list page: listed public values with filters, and (node admins) adding
and removing the node's own entries, as ``crossline warnlist`` does; audited."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response

from crossline.errors import CrosslineError
from crossline.http.deps import acting, audit, check_csrf, get_node
from crossline.indicators import KINDS
from crossline.node import scope
from crossline.node.security import ADMIN, CASES_READ
from crossline.services import warnlist as service
from crossline.web.views import page_principal, render

router = APIRouter(include_in_schema=False)
PER_PAGE = 100


def _page(
    request: Request,
    *,
    kind: str = "",
    mine: bool = False,
    q: str = "",
    page: int = 1,
    status: int = 200,
    **extra: Any,
) -> Response:
    principal = page_principal(request, CASES_READ)
    found = service.list_entries(get_node(request).store, kind=kind or None, mine=mine, q=q)
    start = (page - 1) * PER_PAGE
    response = render(
        request,
        "warnlist.html",
        principal,
        rows=[service.entry_dict(e) for e in found[start : start + PER_PAGE]],
        total=len(found),
        offset=start,
        kinds=sorted(KINDS),
        kind=kind,
        mine=mine,
        q=q,
        page=page,
        pages=max(1, -(-len(found) // PER_PAGE)),
        can_change=scope.is_node_admin(principal),
        **{"message": None, "error": None, "form": {}, **extra},
    )
    response.status_code = status
    return response


@router.get("/warnlist")
def warnlist_page(
    request: Request,
    kind: str = Query("", pattern="^(" + "|".join(sorted(KINDS)) + ")?$"),
    mine: bool = False,
    q: str = Query("", max_length=200),
    page: int = Query(1, ge=1, le=100_000),
) -> Response:
    principal = page_principal(request, CASES_READ)
    audit(request, principal, "search", "warnlist", None, kind=kind, q=q, via="web")
    return _page(request, kind=kind, mine=mine, q=q.strip(), page=page)


def _changer(request: Request, csrf_token: str) -> Any:
    principal = page_principal(request, ADMIN)
    scope.check_node_admin(principal, "change the node's warning list")
    check_csrf(request, principal, csrf_token)
    return principal


@router.post("/warnlist")
def add_entry(
    request: Request,
    csrf_token: str = Form("", max_length=128),
    kind: str = Form("", max_length=24),
    value: str = Form("", max_length=500),
    owner: str = Form("", max_length=200),
    source: str = Form("", max_length=500),
) -> Response:
    principal = _changer(request, csrf_token)
    node = get_node(request)
    form = {"kind": kind, "value": value, "owner": owner, "source": source}
    missing = [name for name, v in form.items() if not v.strip()]
    if missing:
        return _page(request, status=422, form=form,
                     error=f"to list a value, fill in: {', '.join(missing)}")  # fmt: skip
    try:
        change = service.add(
            node.store, node.audit, acting(request, principal), kind, value,
            owner=owner, source=source,
        )  # fmt: skip
    except CrosslineError as exc:
        return _page(request, status=422, form=form, error=exc.message)
    e = change.entry
    return _page(
        request,
        mine=True,
        message=f"Listed {e.kind} {e.value}: the campaigns of {change.reports} report(s) were "
        "rebuilt without it.",
    )


@router.post("/warnlist/remove")
def remove_entry(
    request: Request,
    csrf_token: str = Form("", max_length=128),
    kind: str = Form("", max_length=24),
    value: str = Form("", max_length=500),
) -> Response:
    principal = _changer(request, csrf_token)
    node = get_node(request)
    try:
        change = service.remove(node.store, node.audit, acting(request, principal), kind, value)
    except CrosslineError as exc:
        return _page(request, status=422, error=exc.message)
    e = change.entry
    return _page(
        request,
        mine=True,
        message=f"Removed {e.kind} {e.value}: it links reports again ({change.reports} "
        "report(s) relinked).",
    )
