"""Web pages of legal-assistance requests: the list with deadlines (overdue first,
flagged), a new request drafted from a campaign, one request with its history, and
moving it along the workflow (or sending a draft to its partner node)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from crossline.errors import CrosslineError, ValidationError
from crossline.evidence import exchange, items, requests
from crossline.evidence.workflow import STATUSES, TRANSITIONS, TYPES
from crossline.http.deps import audit, get_node
from crossline.http.evidence import check_request, evidence_of
from crossline.node import scope
from crossline.node.auth import Principal
from crossline.node.security import EVIDENCE_READ, EVIDENCE_WRITE
from crossline.share.partners import list_partners
from crossline.web.forms import Fields, form_fields
from crossline.web.page import form_principal, page_principal, render

router = APIRouter(include_in_schema=False)


def _list_page(
    request: Request,
    principal: Principal,
    *,
    overdue: bool = False,
    status: str = "",
    campaign: str = "",
    code: int = 200,
    **extra: Any,
) -> Response:
    store = get_node(request).store
    found = requests.list_requests(
        store, overdue=overdue, status=status or None, view=scope.view(principal)
    )
    return render(
        request, "evidence_requests.html", principal, status_code=code, rows=found,
        overdue_only=overdue,
        overdue_count=sum(1 for r in found if r["overdue"]), status=status, statuses=STATUSES,
        types=TYPES, partners=[p.name for p in list_partners(store)], campaign=campaign,
        can_write=principal.can(EVIDENCE_WRITE), **{"error": None, "form": {}, **extra},
    )  # fmt: skip


@router.get("/requests")
def requests_page(
    request: Request,
    overdue: bool = False,
    status: str = Query("", pattern=r"^[a-z_]{0,24}$"),
    campaign: str = Query("", pattern=r"^([0-9a-f-]{6,36})?$"),
) -> Response:
    principal = page_principal(request, EVIDENCE_READ)
    audit(request, principal, "search", "legal_request", None, via="web")
    return _list_page(request, principal, overdue=overdue, status=status, campaign=campaign)


REQUEST_FIELDS = form_fields(type=32, partner=64, campaign=36, case_ref=128, title=255,
                             facts=20_000, legal_basis=4000, due_date=10)  # fmt: skip


@router.post("/requests")
def create_request(request: Request, form: Fields = REQUEST_FIELDS) -> Response:
    principal = form_principal(request, form.csrf_token, EVIDENCE_READ, EVIDENCE_WRITE)
    try:
        if not form.partner:
            raise ValidationError("choose the partner the request goes to", field="partner")
        if form.case_ref:
            items.check_case(form.case_ref)
        due = form.parsed("due_date", date.fromisoformat, "is not a date: expected YYYY-MM-DD")
        draft = requests.RequestDraft(
            request_type=form.type, partner=form.partner, campaign=form.campaign or None,
            case_ref=form.case_ref or None, title=form.title or None, facts=form.facts or None,
            legal_basis=form.legal_basis or None, due=due,
        )  # fmt: skip
        req = requests.create_request(get_node(request).store, draft, actor=principal.actor,
                                      org_id=scope.owner_for(principal))  # fmt: skip
    except CrosslineError as exc:
        return _list_page(request, principal, campaign=form.campaign, code=422,
                          error=exc.message, form=form)  # fmt: skip
    audit(request, principal, "create", "legal_request", req["id"], type=form.type, via="web")
    return RedirectResponse(f"/requests/{req['id']}", status_code=303)


def _request_page(
    request: Request, principal: Principal, request_id: str, *, code: int = 200, **extra: Any
) -> Response:
    req = check_request(request, principal, request_id)
    return render(
        request, "evidence_request.html", principal, status_code=code, req=req,
        next_statuses=sorted(TRANSITIONS.get(req["status"], ())),
        can_write=principal.can(EVIDENCE_WRITE), **{"error": None, "message": None, **extra},
    )  # fmt: skip


@router.get("/requests/{request_id}")
def request_page(request: Request, request_id: str) -> Response:
    principal = page_principal(request, EVIDENCE_READ)
    response = _request_page(request, principal, request_id)
    audit(request, principal, "read", "legal_request", request_id, via="web")
    return response


STATUS_FIELDS = form_fields(status=24, note=4000, send=8)


@router.post("/requests/{request_id}/status")
def change_status(request: Request, request_id: str, form: Fields = STATUS_FIELDS) -> Response:
    principal = form_principal(request, form.csrf_token, EVIDENCE_READ, EVIDENCE_WRITE)
    node = get_node(request)
    req = check_request(request, principal, request_id)
    evidence = evidence_of(request)
    try:
        if form.send == "yes":  # a draft delivered to the partner node, signed
            out = exchange.send_request(
                evidence, req["id"], actor=principal.actor, outbound=node.outbound
            )
        else:
            if not form.status:
                raise ValidationError("choose the new status", field="status")
            out = exchange.respond(
                evidence, req["id"], form.status, actor=principal.actor,
                note=form.note or None, outbound=node.outbound,
            )  # fmt: skip
    except CrosslineError as exc:
        return _request_page(request, principal, req["id"], code=422, error=exc.message)
    audit(request, principal, "change", "legal_request", out["id"], status=out["status"],
          via="web")  # fmt: skip
    return RedirectResponse(f"/requests/{out['id']}", status_code=303)
