"""The money page: a complaint's money trail as a tree, its freeze requests with their
delivery and acknowledgements, the outbox of every request (filters, pages), mule
accounts with their reasons, and sending a request again (``money:write``, audited)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from crossline.errors import CrosslineError
from crossline.http.deps import acting, audit, get_node
from crossline.money.resend import RESENDABLE
from crossline.node.security import MONEY_READ, MONEY_WRITE
from crossline.services import money as money_cases
from crossline.web.page import csrf_field, form_principal, page_principal, pager, render

router = APIRouter(include_in_schema=False)
PER_PAGE = 50
STATUSES = ("pending", "sending", "sent", "acked", "retry", "failed", "rejected", "unroutable")


def _flows(tree: list[dict[str, Any]]) -> float:
    """The largest amount received by any account of the tree (scales the flow bars)."""
    best = 0.0
    stack = list(tree)
    while stack:
        node = stack.pop()
        best = max(best, float(node.get("received") or 0))
        stack.extend(node.get("children") or ())
    return best


@router.get("/money")
def money_page(
    request: Request,
    ref: str = Query("", max_length=255),
    status: str = Query("", pattern=r"^([a-z]+)?$"),
    campaign: str = Query("", pattern=r"^([0-9a-f-]{36})?$"),
    page: int = Query(1, ge=1, le=100_000),
    done: str = Query("", max_length=36),
) -> Response:
    principal = page_principal(request, MONEY_READ)
    node = get_node(request)
    ref = ref.strip()
    trail: dict[str, Any] | None = None
    error = None
    if ref:
        try:
            trail = money_cases.complaint_money(node, ref)
        except CrosslineError as exc:
            error = exc.message
        audit(request, principal, "read", "trail", (trail or {}).get("report_id") or ref)
    where = money_cases.FreezeFilter(status=status or None, campaign_id=campaign or None)
    outbox = money_cases.freeze_outbox(node, where, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
    mules = money_cases.mule_accounts(node, min_score=0.5, limit=25)
    audit(request, principal, "search", "freeze_request", None, status=status, campaign=campaign)
    return render(
        request,
        "money.html",
        principal,
        ref=ref,
        trail=trail,
        scale=_flows(trail["tree"]) if trail else 0.0,
        error=error,
        outbox=outbox,
        mules=mules,
        status=status,
        statuses=STATUSES,
        campaign=campaign,
        **pager(page, PER_PAGE, outbox["total"]),
        resendable=RESENDABLE,
        can_write=principal.can(MONEY_WRITE),
        done=done,
    )


@router.post("/money/freeze-requests/{request_id}/resend")
def resend(
    request: Request,
    request_id: str,
    csrf_token: str = csrf_field(),
    back: str = Form("", max_length=300),
) -> Response:
    principal = form_principal(request, csrf_token, MONEY_WRITE)
    item = money_cases.resend_on_node(
        get_node(request), acting(request, principal), request_id[:36]
    )
    # Back to the complaint the analyst was looking at, else to the outbox.
    target = f"/money?ref={item['report_id']}" if back == "trail" else "/money"
    sep = "&" if "?" in target else "?"
    return RedirectResponse(f"{target}{sep}done={item['id']}", status_code=303)
