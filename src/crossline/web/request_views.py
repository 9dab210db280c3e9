"""Web pages of legal-assistance requests: the list with deadlines (overdue first,
flagged), a new request drafted from a campaign, one request with its history, and
moving it along the workflow (or sending a draft to its partner node)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from crossline.errors import CrosslineError, ValidationError
from crossline.evidence import exchange, items, requests
from crossline.evidence.workflow import STATUSES, TRANSITIONS, TYPES
from crossline.http.deps import audit, get_node
from crossline.node import scope
from crossline.node.auth import Principal
from crossline.node.security import EVIDENCE_READ, EVIDENCE_WRITE
from crossline.share.partners import list_partners
from crossline.web.page import csrf_field, form_principal, page_principal, render

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


@router.post("/requests")
def create_request(
    request: Request,
    csrf_token: str = csrf_field(),
    type: str = Form("", max_length=32),
    partner: str = Form("", max_length=64),
    campaign: str = Form("", max_length=36),
    case_ref: str = Form("", max_length=128),
    title: str = Form("", max_length=255),
    facts: str = Form("", max_length=20_000),
    legal_basis: str = Form("", max_length=4000),
    due_date: str = Form("", max_length=10),
) -> Response:
    principal = form_principal(request, csrf_token, EVIDENCE_READ, EVIDENCE_WRITE)
    form = {
        "type": type, "partner": partner, "campaign": campaign, "case_ref": case_ref,
        "title": title, "facts": facts, "legal_basis": legal_basis, "due_date": due_date,
    }  # fmt: skip
    try:
        if not partner:
            raise ValidationError("choose the partner the request goes to", field="partner")
        if case_ref:
            items.check_case(case_ref)
        due = None
        if due_date:
            try:
                due = date.fromisoformat(due_date)
            except ValueError:
                raise ValidationError(
                    f"due date {due_date!r} is not a date: expected YYYY-MM-DD", field="due_date"
                ) from None
        draft = requests.RequestDraft(
            request_type=type, partner=partner, campaign=campaign or None,
            case_ref=case_ref or None, title=title or None, facts=facts or None,
            legal_basis=legal_basis or None, due=due,
        )  # fmt: skip
        req = requests.create_request(get_node(request).store, draft, actor=principal.actor,
                                      org_id=scope.owner_for(principal))  # fmt: skip
    except CrosslineError as exc:
        return _list_page(request, principal, campaign=campaign, code=422, error=exc.message,
                          form=form)  # fmt: skip
    audit(request, principal, "create", "legal_request", req["id"], type=type, via="web")
    return RedirectResponse(f"/requests/{req['id']}", status_code=303)


def _request_page(
    request: Request, principal: Principal, request_id: str, *, code: int = 200, **extra: Any
) -> Response:
    store = get_node(request).store
    req = requests.get_request(store, request_id)
    scope.check_record(store, principal, "legal_request", req["id"], req.get("org_id"))
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


@router.post("/requests/{request_id}/status")
def change_status(
    request: Request,
    request_id: str,
    csrf_token: str = csrf_field(),
    status: str = Form("", max_length=24),
    note: str = Form("", max_length=4000),
    send: str = Form("", max_length=8),
) -> Response:
    principal = form_principal(request, csrf_token, EVIDENCE_READ, EVIDENCE_WRITE)
    node = get_node(request)
    req = requests.get_request(node.store, request_id)
    scope.check_record(node.store, principal, "legal_request", req["id"], req.get("org_id"))
    if node.evidence is None:
        node.evidence = items.Evidence.of(node.settings, node.store)
    try:
        if send == "yes":  # a draft delivered to the partner node, signed
            out = exchange.send_request(
                node.evidence, req["id"], actor=principal.actor, outbound=node.outbound
            )
        else:
            if not status:
                raise ValidationError("choose the new status", field="status")
            out = exchange.respond(
                node.evidence, req["id"], status, actor=principal.actor, note=note or None,
                outbound=node.outbound,
            )  # fmt: skip
    except CrosslineError as exc:
        return _request_page(request, principal, req["id"], code=422, error=exc.message)
    audit(request, principal, "change", "legal_request", out["id"], status=out["status"],
          via="web")  # fmt: skip
    return RedirectResponse(f"/requests/{out['id']}", status_code=303)
