"""What the campaign, campaign list and report pages show of casework (the caller's
organisation's), read through the use cases of :mod:`crossline.services.casework`."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from crossline.classify.taxonomy import LABELS
from crossline.http.deps import get_node
from crossline.node.auth import Principal
from crossline.node.security import CASES_WRITE
from crossline.services import casework as cs


def case_context(request: Request, principal: Principal, cid: str) -> dict[str, Any]:
    """What the campaign page shows of its casework (the caller's organisation's)."""
    node = get_node(request)
    writer = principal.can(CASES_WRITE)
    return {
        "state": cs.case_state(node, principal, cid),
        "notes": cs.list_notes(node, principal, "campaign", cid, limit=20),
        "feed": cs.activity(node, principal, cid, limit=10),
        "users": cs.assignable(node, principal) if writer else [],
        "labels": LABELS,
        "can_write": writer,
        "can_decide": writer and principal.home_org,
    }


def report_context(request: Request, principal: Principal, rid: str) -> dict[str, Any]:
    """What the report page shows of its casework."""
    node = get_node(request)
    return {
        "notes": cs.list_notes(node, principal, "report", rid, limit=20),
        "tags": cs.list_tags(node, principal, "report", rid)["tags"],
        "can_write": principal.can(CASES_WRITE),
    }


def list_filters(request: Request, principal: Principal) -> dict[str, Any]:
    """The campaign list's casework filters from the query string (status, assignee, tag):
    the caller's organisation's; an unknown status is no filter."""
    params = request.query_params
    wanted = params.get("status", "")
    return {
        "org_id": principal.org_id,
        "status": wanted if wanted in cs.STATUSES else None,
        "assignee": params.get("assignee", "")[:64].strip().lower() or None,
        "tag": " ".join(params.get("tag", "")[:48].lower().split()) or None,
    }


def list_choices(request: Request, principal: Principal) -> dict[str, Any]:
    """What the list's casework filters offer: statuses and the organisation's users."""
    return {"statuses": cs.STATUSES, "users": cs.assignable(get_node(request), principal),
            **list_filters(request, principal)}  # fmt: skip
