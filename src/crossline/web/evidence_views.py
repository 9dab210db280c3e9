"""Web pages of evidence and legal-assistance requests (read-only views; changes go
through the API and the CLI, which log custody and audit entries)."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from crossline.evidence import items, requests
from crossline.http.deps import audit, get_node
from crossline.node import scope
from crossline.node.security import EVIDENCE_READ
from crossline.web.views import page_principal, render

router = APIRouter(include_in_schema=False)


@router.get("/evidence")
def evidence_page(
    request: Request, case: str | None = Query(None, pattern=items.CASE_REF.pattern)
) -> Response:
    principal = page_principal(request, EVIDENCE_READ)
    store = get_node(request).store
    found = items.list_items(store, case=case, limit=500, view=scope.view(principal))
    chain = items.custody_of(store, case) if case and found else []
    audit(request, principal, "search", "evidence", None, case=case, via="web")
    return render(request, "evidence.html", principal, items=found, case=case, custody=chain)


@router.get("/requests")
def requests_page(request: Request, overdue: bool = False) -> Response:
    principal = page_principal(request, EVIDENCE_READ)
    found = requests.list_requests(
        get_node(request).store, overdue=overdue, view=scope.view(principal)
    )
    audit(request, principal, "search", "legal_request", None, via="web")
    return render(
        request,
        "evidence_requests.html",
        principal,
        rows=found,
        overdue_only=overdue,
        overdue_count=sum(1 for r in found if r["overdue"]),
    )


@router.get("/requests/{request_id}")
def request_page(request: Request, request_id: str) -> Response:
    principal = page_principal(request, EVIDENCE_READ)
    store = get_node(request).store
    req = requests.get_request(store, request_id)
    scope.check_record(store, principal, "legal_request", req["id"], req.get("org_id"))
    audit(request, principal, "read", "legal_request", req["id"], via="web")
    return render(request, "evidence_request.html", principal, req=req)
