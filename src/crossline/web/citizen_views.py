"""The moderation page: reports sent by the public, to confirm or reject."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from crossline.errors import ValidationError
from crossline.http.deps import audit, check_csrf, get_node
from crossline.node.scope import check_home
from crossline.node.security import REPORTS_READ, REPORTS_WRITE
from crossline.services import citizens
from crossline.web.page import csrf_field, page_principal, render

router = APIRouter(include_in_schema=False)
STATUSES = ("pending", "corroborated", "confirmed", "rejected", "all")
DECISIONS: tuple[Literal["confirm", "reject"], ...] = ("confirm", "reject")


@router.get("/citizen-reports")
def queue_page(request: Request, status: str = "pending") -> Response:
    principal = page_principal(request, REPORTS_READ)
    check_home(principal, "read reports from the public")
    status = status if status in STATUSES else "pending"
    items = citizens.moderation_queue(
        get_node(request).store, status=None if status == "all" else status, limit=200
    )
    audit(request, principal, "read", "citizen_reports", None, status=status, count=len(items))
    return render(
        request, "citizen_reports.html", principal, items=items, status=status, statuses=STATUSES
    )


@router.post("/citizen-reports/{reference}/decision")
def decide(
    request: Request,
    reference: str,
    decision: str = Form("", max_length=16),
    csrf_token: str = csrf_field(),
) -> Response:
    # Who may moderate is checked before the form's values are judged.
    principal = page_principal(request, REPORTS_WRITE)
    check_home(principal, "moderate reports from the public")
    check_csrf(request, principal, csrf_token)
    if decision not in DECISIONS:
        raise ValidationError("decision must be confirm or reject", field="decision")
    citizens.decide(get_node(request).store, reference[:16], decision, by=principal.actor)
    audit(request, principal, "update", "citizen_report", reference[:16], decision=decision)
    return RedirectResponse("/citizen-reports", status_code=303)
