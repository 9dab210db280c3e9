"""Legal-assistance requests: drafts, delivery to partners, status and answers.

Reading needs ``evidence:read``; every change needs ``evidence:write``.
``POST /legal-requests/inbox`` is where partner nodes deliver signed requests and
answers: the envelope must verify with the key registered for the partner, and the
caller's token must belong to that partner's organisation.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from pydantic import Field

from crossline.api.models import ERRORS, Open, Strict
from crossline.api.partner_requests import RawBody, check_partner_request
from crossline.api.responses.evidence import (
    LegalRequestOut,
    LegalRequestPage,
    LegalRequestShown,
    Received,
)
from crossline.api.routes.evidence_access import (
    ID_PATTERN,
    EvidenceRead,
    EvidenceWrite,
    ItemRef,
    check_item,
    outbound_of,
)
from crossline.errors import PermissionDeniedError
from crossline.evidence import exchange, items, requests
from crossline.http import partner_gate
from crossline.http.deps import Authenticated, audit, get_node
from crossline.http.evidence import check_request, evidence_of
from crossline.node import scope
from crossline.node.auth import Principal

router = APIRouter(prefix="/api/v1", responses=ERRORS)

# Partner nodes deliver signed requests, status changes and answers here (verified with
# the key registered for the partner whose organisation the token belongs to).
partner_gate.PARTNER_ROUTES.add(("POST", "/api/v1/legal-requests/inbox"))

Status = Literal["sent", "acknowledged", "partly_answered", "answered", "refused", "withdrawn"]


class RequestIn(Strict):
    type: Literal["mlat", "letter_rogatory", "emergency_disclosure", "preservation", "freeze"]
    partner: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]{1,63}$")
    campaign_id: str | None = Field(default=None, pattern=r"^[0-9a-f-]{6,36}$")
    case_ref: str | None = Field(default=None, pattern=items.CASE_REF.pattern)
    title: str | None = Field(default=None, max_length=255)
    facts: str | None = Field(default=None, max_length=20_000)
    legal_basis: str | None = Field(default=None, max_length=4000)
    due_date: date | None = None


class StatusIn(Strict):
    status: Status
    note: str | None = Field(default=None, max_length=4000)
    notify: bool = True


class AnswerIn(Strict):
    items: list[ItemRef] = Field(min_length=1, max_length=100)
    note: str | None = Field(default=None, max_length=4000)
    final: bool = False


class SignerIn(Open):
    node: str = Field(max_length=64)
    country: str = Field(max_length=2)
    key_id: str = Field(pattern=r"^[0-9a-f]{16}$")
    public_key: str = Field(max_length=64)


class EnvelopeIn(Open):
    """A sealed envelope (``crossline.share.envelope``); every field is signed."""

    payload: Any
    signer: SignerIn
    signed_at: str = Field(max_length=64)
    signature: str = Field(max_length=200)


RequestId = Annotated[str, Field(pattern=ID_PATTERN)]


@router.get("/legal-requests", tags=["legal requests"], response_model=LegalRequestPage)
def list_legal_requests(
    request: Request,
    principal: EvidenceRead,
    overdue: bool = False,
    status: str | None = Query(None, pattern=r"^[a-z_]{1,24}$"),
    direction: Literal["outgoing", "incoming"] | None = None,
) -> dict[str, Any]:
    """Requests with their SLA clock (days open, due date, overdue), overdue ones first."""
    found = requests.list_requests(
        get_node(request).store,
        overdue=overdue,
        status=status,
        direction=direction,
        view=scope.view(principal),
    )
    audit(request, principal, "search", "legal_request", None, overdue=overdue or None)
    return {"items": found}


@router.post(
    "/legal-requests",
    status_code=201,
    tags=["legal requests"],
    response_model=LegalRequestOut,
)
def create_legal_request(
    body: RequestIn, request: Request, principal: EvidenceWrite
) -> dict[str, Any]:
    """A draft request to a partner; from a campaign, facts and asks are pre-filled."""
    draft = requests.RequestDraft(
        request_type=body.type,
        partner=body.partner,
        campaign=body.campaign_id,
        case_ref=body.case_ref,
        title=body.title,
        facts=body.facts,
        legal_basis=body.legal_basis,
        due=body.due_date,
    )
    req = requests.create_request(
        get_node(request).store, draft, actor=principal.actor, org_id=scope.owner_for(principal)
    )
    audit(request, principal, "create", "legal_request", req["id"], type=body.type)
    return req


@router.post("/legal-requests/inbox", tags=["legal requests"], response_model=Received)
def legal_request_inbox(
    body: EnvelopeIn,
    request: Request,
    principal: Authenticated,
    raw: RawBody,
) -> dict[str, Any]:
    """Where partner nodes deliver signed requests and answers (signed requests: a
    replayed or stale delivery answers 401)."""
    ev = evidence_of(request)
    envelope = body.model_dump()
    partner = exchange.sender_of(ev, envelope)
    if partner.org_id is None or partner.org_id != principal.org_id:
        raise PermissionDeniedError(
            f"this token does not belong to partner {partner.name}'s organisation"
        )
    check_partner_request(request, partner, raw)
    req = exchange.receive(ev, partner, envelope)
    audit(
        request,
        principal,
        "receive",
        "legal_request",
        req["id"],
        partner=partner.name,
        status=req["status"],
    )
    return {"id": req["id"], "status": req["status"]}


@router.get(
    "/legal-requests/{request_id}",
    tags=["legal requests"],
    response_model=LegalRequestShown,
)
def show_legal_request(
    request_id: RequestId, request: Request, principal: EvidenceRead
) -> dict[str, Any]:
    """A request: facts, asks, legal basis, status history, SLA clock, attached evidence."""
    req = check_request(request, principal, request_id)
    audit(request, principal, "read", "legal_request", req["id"])
    return req


def _workflow_step(step: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The route of one step of a request's workflow: ``POST .../{request_id}/<step>``,
    answering the request as it stands after the step."""
    return router.post(
        f"/legal-requests/{{request_id}}/{step}",
        tags=["legal requests"],
        response_model=LegalRequestOut,
    )


@_workflow_step("send")
def send_legal_request(
    request_id: RequestId, request: Request, principal: EvidenceWrite
) -> dict[str, Any]:
    """Deliver a draft to its partner node, signed; it becomes ``sent`` with a due date."""
    check_request(request, principal, request_id)
    req = exchange.send_request(
        evidence_of(request), request_id, actor=principal.actor, outbound=outbound_of(request)
    )
    audit(request, principal, "send", "legal_request", req["id"], partner=req["partner"])
    return req


def _respond(
    request: Request,
    principal: Principal,
    request_id: str,
    status: str,
    note: str | None,
    audited: tuple[str, dict[str, Any]],
    **more: Any,
) -> dict[str, Any]:
    """Move a request to ``status`` as the caller (on a received request the partner is
    told), then audit it as ``audited``: the action and its details."""
    req = exchange.respond(evidence_of(request), request_id, status, actor=principal.actor,
                           note=note, outbound=outbound_of(request), **more)  # fmt: skip
    action, details = audited
    audit(request, principal, action, "legal_request", req["id"], **details)
    return req


@_workflow_step("status")
def change_legal_request(
    request_id: RequestId, body: StatusIn, request: Request, principal: EvidenceWrite
) -> dict[str, Any]:
    """Move a request along the workflow; on a received request the partner is told."""
    check_request(request, principal, request_id)
    return _respond(request, principal, request_id, body.status, body.note,
                    ("change", {"status": body.status}), notify=body.notify)  # fmt: skip


@_workflow_step("answer")
def answer_legal_request(
    request_id: RequestId, body: AnswerIn, request: Request, principal: EvidenceWrite
) -> dict[str, Any]:
    """Attach evidence as (part of) the answer; on a received request it travels back."""
    check_request(request, principal, request_id)
    for ref in body.items:
        check_item(request, principal, ref)
    status = "answered" if body.final else "partly_answered"
    return _respond(request, principal, request_id, status, body.note,
                    ("answer", {"items": len(body.items)}), items=body.items)  # fmt: skip
