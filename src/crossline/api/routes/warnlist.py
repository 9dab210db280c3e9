"""The warning list over HTTP: public values (helplines, free-mail domains, shorteners)
that never link reports on their own, as ``crossline warnlist`` shows and changes them.

Reading needs ``cases:read`` (the values are public); adding and removing change how
every organisation's reports link, so only the home organisation's admins may, and
each change is in the audit log.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import Field

from crossline.api.models import ERRORS, Strict
from crossline.api.paging import PageLimit, PageOffset
from crossline.api.responses.warnlist import WarnChangeOut, WarnListOut
from crossline.http.deps import acting, audit, get_node, require
from crossline.indicators import KINDS
from crossline.node import scope
from crossline.node.auth import Principal
from crossline.node.security import ADMIN, CASES_READ
from crossline.services import warnlist as service

router = APIRouter(prefix="/api/v1", tags=["warning list"], responses=ERRORS)

CasesRead = Annotated[Principal, Depends(require(CASES_READ))]
KIND_PATTERN = "^(" + "|".join(sorted(KINDS)) + ")$"


def _node_admin(principal: Annotated[Principal, Depends(require(ADMIN))]) -> Principal:
    scope.check_node_admin(principal, "change the node's warning list")
    return principal


NodeAdmin = Annotated[Principal, Depends(_node_admin)]


class WarnAddIn(Strict):
    kind: str = Field(pattern=KIND_PATTERN)
    value: str = Field(min_length=1, max_length=500)
    owner: str = Field(min_length=1, max_length=200, description="whose public value it is")
    source: str = Field(min_length=1, max_length=500, description="page or document showing it")


class WarnRemoveIn(Strict):
    kind: str = Field(pattern=KIND_PATTERN)
    value: str = Field(min_length=1, max_length=500)


@router.get("/warnlist", response_model=WarnListOut)
def list_warnlist(
    request: Request,
    principal: CasesRead,
    kind: str | None = Query(None, pattern=KIND_PATTERN),
    mine: bool = False,
    q: str | None = Query(None, max_length=200),
    limit: PageLimit = 100,
    offset: PageOffset = 0,
) -> dict[str, Any]:
    """Listed values (shipped and the node's), filtered by kind, list and text."""
    found = service.list_entries(get_node(request).store, kind=kind, mine=mine, q=q)
    audit(request, principal, "search", "warnlist", None, kind=kind, q=q)
    return {
        "items": [service.entry_dict(e) for e in found[offset : offset + limit]],
        "total": len(found),
        "limit": limit,
        "offset": offset,
    }


@router.post("/warnlist", status_code=201, response_model=WarnChangeOut)
def add_warnlist(body: WarnAddIn, request: Request, principal: NodeAdmin) -> dict[str, Any]:
    """List a public value on this node: it stops linking reports at once."""
    node = get_node(request)
    change = service.add(
        node.store, node.audit, acting(request, principal), body.kind, body.value,
        owner=body.owner, source=body.source,
    )  # fmt: skip
    return {"entry": service.entry_dict(change.entry), "action": "added", "reports": change.reports}


@router.post("/warnlist/remove", response_model=WarnChangeOut)
def remove_warnlist(body: WarnRemoveIn, request: Request, principal: NodeAdmin) -> dict[str, Any]:
    """Remove a value the node listed (shipped entries stay): it links reports again."""
    node = get_node(request)
    change = service.remove(
        node.store, node.audit, acting(request, principal), body.kind, body.value
    )
    return {
        "entry": service.entry_dict(change.entry),
        "action": "removed",
        "reports": change.reports,
    }
