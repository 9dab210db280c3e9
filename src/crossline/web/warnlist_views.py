"""The warning-list page: listed public values with filters, and (node admins) adding
and removing the node's own entries, as ``crossline warnlist`` does; audited."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response

from crossline.errors import CrosslineError
from crossline.http.deps import acting, audit, check_csrf, get_node
from crossline.indicators import KINDS
from crossline.node import Node, scope
from crossline.node.auth import Principal
from crossline.node.security import ADMIN, CASES_READ
from crossline.services import warnlist as service
from crossline.services.accounts import Acting
from crossline.web.page import csrf_field, page_principal, pager, render

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
    return render(
        request,
        "warnlist.html",
        principal,
        status_code=status,
        rows=[service.entry_dict(e) for e in found[start : start + PER_PAGE]],
        total=len(found),
        offset=start,
        kinds=sorted(KINDS),
        kind=kind,
        mine=mine,
        q=q,
        can_change=scope.is_node_admin(principal),
        **pager(page, PER_PAGE, len(found)),
        **{"message": None, "error": None, "form": {}, **extra},
    )


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


def _changer(request: Request, csrf_token: str) -> Principal:
    principal = page_principal(request, ADMIN)
    scope.check_node_admin(principal, "change the node's warning list")
    check_csrf(request, principal, csrf_token)
    return principal


def _change(
    request: Request,
    principal: Principal,
    change: Callable[[Node, Acting], service.Change],
    done: str,
    form: dict[str, str] | None = None,
) -> Response:
    """One change of the node's own entries: ``change`` calls the use case; the page then
    shows the node's entries with ``done`` (formatted with the entry's ``kind`` and
    ``value`` and the count of ``reports`` relinked), or the refusal with the form as
    it was sent."""
    try:
        out = change(get_node(request), acting(request, principal))
    except CrosslineError as exc:
        return _page(request, status=422, form=form or {}, error=exc.message)
    e = out.entry
    return _page(request, mine=True, message=done.format(kind=e.kind, value=e.value,
                                                         reports=out.reports))  # fmt: skip


def _entry(
    kind: str = Form("", max_length=24), value: str = Form("", max_length=500)
) -> tuple[str, str]:
    """The entry a form names, its kind and value: the same fields in the form that adds
    an entry and in the one that removes it."""
    return kind, value


ENTRY = Depends(_entry)


@router.post("/warnlist")
def add_entry(
    request: Request,
    csrf_token: str = csrf_field(),
    entry: tuple[str, str] = ENTRY,
    owner: str = Form("", max_length=200),
    source: str = Form("", max_length=500),
) -> Response:
    principal = _changer(request, csrf_token)
    kind, value = entry
    form = {"kind": kind, "value": value, "owner": owner, "source": source}
    missing = [name for name, v in form.items() if not v.strip()]
    if missing:
        return _page(request, status=422, form=form,
                     error=f"to list a value, fill in: {', '.join(missing)}")  # fmt: skip
    return _change(
        request, principal,
        lambda node, by: service.add(node.store, node.audit, by, kind, value, owner=owner,
                                     source=source),
        "Listed {kind} {value}: the campaigns of {reports} report(s) were rebuilt without it.",
        form,
    )  # fmt: skip


@router.post("/warnlist/remove")
def remove_entry(
    request: Request, csrf_token: str = csrf_field(), entry: tuple[str, str] = ENTRY
) -> Response:
    return _change(
        request, _changer(request, csrf_token),
        lambda node, by: service.remove(node.store, node.audit, by, *entry),
        "Removed {kind} {value}: it links reports again ({reports} report(s) relinked).",
    )  # fmt: skip
