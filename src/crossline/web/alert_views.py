"""The alerts page: new reports hitting partners' values, partners' alerts, match results."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from crossline.http.deps import audit, get_node
from crossline.node import scope
from crossline.node.security import SHARING
from crossline.share import alerts as al
from crossline.share import matching as mt
from crossline.web.page import csrf_field, form_principal, page_principal, pager, render

router = APIRouter(include_in_schema=False)
PAGE = 50


@router.get("/alerts")
def alerts_page(
    request: Request, unacked: bool = False, page: int = Query(1, ge=1, le=100_000)
) -> Response:
    principal = page_principal(request, SHARING)
    store = get_node(request).store
    rows = al.list_alerts(
        store,
        unacked=unacked,
        limit=PAGE + 1,
        offset=(page - 1) * PAGE,
        view=scope.view(principal),
    )
    total = al.count_alerts(store, unacked=unacked, view=scope.view(principal))
    matches = mt.list_results(store, limit=20)
    audit(request, principal, "read", "alerts", None, count=len(rows[:PAGE]))
    return render(
        request, "alerts.html", principal, alerts=rows[:PAGE], more=len(rows) > PAGE,
        unacked=unacked, matches=matches, total=total, **pager(page, PAGE, total),
    )  # fmt: skip


@router.post("/alerts/{alert_id}/ack")
def ack(request: Request, alert_id: str, csrf_token: str = csrf_field()) -> Response:
    principal = form_principal(request, csrf_token, SHARING)
    store = get_node(request).store
    found = al.find_alert(store, alert_id[:36])
    scope.check_record(store, principal, "alert", found["id"], found["org_id"])
    out = al.ack_alert(store, found["id"], by=principal.actor)
    audit(request, principal, "change", "alert", out["id"], acked=True)
    return RedirectResponse("/alerts", status_code=303)
