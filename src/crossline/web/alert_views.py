"""The alerts page: new reports hitting partners' values, partners' alerts, match results."""

from __future__ import annotations

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from crossline.http.deps import audit, check_csrf, get_node
from crossline.node import scope
from crossline.node.security import SHARING
from crossline.share import alerts as al
from crossline.share import matching as mt
from crossline.web.views import page_principal, render

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
        page=page, unacked=unacked, matches=matches, total=total, per_page=PAGE,
        pages=max(1, -(-total // PAGE)),
    )  # fmt: skip


@router.post("/alerts/{alert_id}/ack")
def ack(request: Request, alert_id: str, csrf_token: str = Form("", max_length=128)) -> Response:
    principal = page_principal(request, SHARING)
    check_csrf(request, principal, csrf_token)
    store = get_node(request).store
    found = al.find_alert(store, alert_id[:36])
    scope.check_record(store, principal, "alert", found["id"], found["org_id"])
    out = al.ack_alert(store, found["id"], by=principal.actor)
    audit(request, principal, "change", "alert", out["id"], acked=True)
    return RedirectResponse("/alerts", status_code=303)
