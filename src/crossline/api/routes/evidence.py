"""Evidence (items, files, custody, verification, packages) and legal-assistance requests.

Reading needs ``evidence:read``; adding, exporting, importing and every request change
need ``evidence:write``. Each file download is written to the item's custody chain and
to the audit log. ``POST /legal-requests/inbox`` is where partner nodes deliver signed
requests and answers: the envelope must verify with the key registered for the partner,
and the caller's token must belong to that partner's organisation.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse, StreamingResponse
from pydantic import Field
from starlette.background import BackgroundTask

from crossline.api.models import ERRORS, Open, Strict
from crossline.api.partner_requests import RawBody, check_partner_request
from crossline.api.responses.evidence import (
    CustodyOut,
    EvidenceItemOut,
    EvidencePage,
    EvidenceShown,
    LegalRequestOut,
    LegalRequestPage,
    LegalRequestShown,
    PackageImported,
    Received,
    VerifyOut,
)
from crossline.errors import PermissionDeniedError
from crossline.evidence import exchange, items, package, requests
from crossline.evidence.verify import verify_store
from crossline.http import partner_gate
from crossline.http.deps import Authenticated, audit, get_node, require
from crossline.net.outbound import Outbound
from crossline.node import scope
from crossline.node.auth import Principal
from crossline.node.security import EVIDENCE_READ, EVIDENCE_WRITE

router = APIRouter(prefix="/api/v1", responses=ERRORS)

# Partner nodes deliver signed requests, status changes and answers here (verified with
# the key registered for the partner whose organisation the token belongs to).
partner_gate.PARTNER_ROUTES.add(("POST", "/api/v1/legal-requests/inbox"))

EvidenceRead = Annotated[Principal, Depends(require(EVIDENCE_READ))]
EvidenceWrite = Annotated[Principal, Depends(require(EVIDENCE_READ, EVIDENCE_WRITE))]
CaseRef = Annotated[str, Field(pattern=items.CASE_REF.pattern)]
ID_PATTERN = r"^[0-9a-f-]{6,36}$"
ItemRef = Annotated[
    str, Field(pattern=r"^([0-9a-f-]{6,36}|[A-Za-z0-9._-]{1,128}/[A-Za-z0-9._-]{1,64})$")
]
Status = Literal["sent", "acknowledged", "partly_answered", "answered", "refused", "withdrawn"]


def _ev(request: Request) -> items.Evidence:
    node = get_node(request)
    if node.evidence is None:
        node.evidence = items.Evidence.of(node.settings, node.store)
    return node.evidence


def _outbound(request: Request) -> Outbound:
    """How this node reaches partners (egress policy and transport; see create_app)."""
    return get_node(request).outbound


def _spool(upload: UploadFile, max_bytes: int) -> Path:
    """Copy an upload to a temporary file in bounded chunks (packages can be large)."""
    tmp = Path(tempfile.mkdtemp(prefix="crossline-upload-"))
    path = tmp / items.safe_filename(upload.filename or "upload")
    size = 0
    with open(path, "wb") as out:
        while chunk := upload.file.read(1 << 20):
            size += len(chunk)
            if size > max_bytes:
                shutil.rmtree(tmp, ignore_errors=True)
                from crossline.errors import PayloadTooLargeError

                raise PayloadTooLargeError(f"upload exceeds {max_bytes:,} bytes")
            out.write(chunk)
    return path


# -- the organisation rule (crossline.node.scope) -----------------------------------------------


def _check_case(request: Request, principal: Principal, case: str) -> None:
    """404 unless the caller's organisation owns the case, or it was shared with it."""
    owner, shares = items.case_access(get_node(request).store, case)
    scope.check_visible(principal, owner, "case", case, shares)


def _check_request(request: Request, principal: Principal, ref: str) -> dict[str, Any]:
    store = get_node(request).store
    req = requests.get_request(store, ref)
    scope.check_record(store, principal, "legal_request", req["id"], req.get("org_id"))
    return req


# -- evidence items -----------------------------------------------------------------------------


@router.get("/evidence", tags=["evidence"], response_model=EvidencePage)
def list_evidence(
    request: Request,
    principal: EvidenceRead,
    case: str | None = Query(None, pattern=items.CASE_REF.pattern),
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> dict[str, Any]:
    """Evidence items (metadata, hashes, links), by case and exhibit."""
    found = items.list_items(
        get_node(request).store, case=case, limit=limit, offset=offset, view=scope.view(principal)
    )
    audit(request, principal, "search", "evidence", None, case=case)
    return {"items": found, "limit": limit, "offset": offset}


@router.post("/evidence", status_code=201, tags=["evidence"], response_model=EvidenceItemOut)
def add_evidence(
    request: Request,
    principal: EvidenceWrite,
    file: Annotated[UploadFile, File(description="the evidence file (any size, streamed)")],
    case: str = Form(..., pattern=items.CASE_REF.pattern),
    exhibit: str = Form(..., pattern=items.EXHIBIT.pattern),
    description: str = Form(..., min_length=1, max_length=2000),
    acquired_by: str = Form(..., min_length=1, max_length=160),
    source: str = Form("", max_length=255),
    method: str = Form("", max_length=255),
    acquired_at: Annotated[datetime | None, Form()] = None,
    report: Annotated[list[str] | None, Form(max_length=50)] = None,
    indicator: Annotated[list[str] | None, Form(max_length=50)] = None,
    campaign: Annotated[list[str] | None, Form(max_length=50)] = None,
) -> dict[str, Any]:
    """Add a file as an exhibit of a case; its ``acquire`` custody entry is written too."""
    links = (
        [("report", r) for r in report or ()]
        + [("indicator", i) for i in indicator or ()]
        + [("campaign", c) for c in campaign or ()]
    )
    item = items.add_item(
        _ev(request),
        file.file,
        filename=file.filename,
        case=case,
        exhibit=exhibit,
        description=description,
        acquired_by=acquired_by,
        actor=principal.actor,
        source=source or None,
        method=method or None,
        acquired_at=acquired_at,
        media_type=file.content_type,
        links=links,
        org_id=scope.owner_for(principal),
    )
    audit(request, principal, "create", "evidence", item["id"], case=case, exhibit=exhibit)
    return item


@router.get("/evidence/cases/{case}/custody", tags=["evidence"], response_model=CustodyOut)
def case_custody(
    case: Annotated[str, Field(pattern=items.CASE_REF.pattern)],
    request: Request,
    principal: EvidenceRead,
) -> dict[str, Any]:
    """A case's custody chain, every entry with its hash, signature and signing key."""
    _check_case(request, principal, case)
    entries = items.custody_of(get_node(request).store, case)
    audit(request, principal, "read", "custody", case)
    return {"case": case, "entries": entries}


@router.post("/evidence/verify", tags=["evidence"], response_model=VerifyOut)
def verify_evidence(
    request: Request,
    principal: EvidenceWrite,
    case: str | None = Query(None, pattern=items.CASE_REF.pattern),
) -> dict[str, Any]:
    """Check stored files and custody chains; a sound case gets a ``verify`` entry."""
    if case is not None:
        _check_case(request, principal, case)
    elif not principal.home_org:
        raise PermissionDeniedError(
            "name the case to verify: only the home organisation verifies all"
        )
    report = verify_store(_ev(request), actor=principal.actor, case=case)
    audit(request, principal, "verify", "evidence", case, ok=report["ok"])
    return report


@router.post(
    "/evidence/cases/{case}/export",
    tags=["evidence"],
    response_class=FileResponse,
    responses={200: {"content": {"application/zip": {}}, "description": "the signed package"}},
)
def export_case(
    case: Annotated[str, Field(pattern=items.CASE_REF.pattern)],
    request: Request,
    principal: EvidenceWrite,
) -> FileResponse:
    """The case as a signed package (.zip): files, manifest, custody, CASE graph, summary."""
    _check_case(request, principal, case)
    tmp = Path(tempfile.mkdtemp(prefix="crossline-export-"))
    out = tmp / f"{case}.zip"
    try:
        result = package.export_package(_ev(request), case, out, actor=principal.actor)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    audit(request, principal, "export", "evidence", case, package=result["package"])
    return FileResponse(
        out,
        media_type="application/zip",
        filename=out.name,
        background=BackgroundTask(shutil.rmtree, tmp, ignore_errors=True),
    )


@router.post("/evidence/packages/verify", tags=["evidence"], response_model=VerifyOut)
def verify_uploaded_package(
    request: Request,
    principal: EvidenceRead,
    file: Annotated[UploadFile, File(description="a package (.zip)")],
    key: str = Form(..., min_length=40, max_length=64, description="sender's public key"),
) -> dict[str, Any]:
    """Verify a package against its sender's public key (nothing is stored)."""
    path = _spool(file, get_node(request).max_upload_bytes)
    try:
        report = package.verify_package(path, key)
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)
    audit(request, principal, "verify", "package", report.get("case"), ok=report["ok"])
    return report


@router.post("/evidence/packages/import", tags=["evidence"], response_model=PackageImported)
def import_uploaded_package(
    request: Request,
    principal: EvidenceWrite,
    file: Annotated[UploadFile, File(description="a package (.zip)")],
    key: str = Form(..., min_length=40, max_length=64, description="sender's public key"),
) -> dict[str, Any]:
    """Verify a received package, store it, and continue its custody chain here."""
    path = _spool(file, get_node(request).max_upload_bytes)
    try:
        result = package.import_package(_ev(request), path, key, actor=principal.actor)
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)
    audit(request, principal, "import", "package", result["case"], package=result["package"])
    return result


@router.get("/evidence/{item_id}", tags=["evidence"], response_model=EvidenceShown)
def show_evidence(
    item_id: Annotated[str, Field(pattern=ID_PATTERN)],
    request: Request,
    principal: EvidenceRead,
) -> dict[str, Any]:
    """One item with the custody entries that name it."""
    store = get_node(request).store
    item = items.get_item(store, item_id)
    _check_case(request, principal, item["case_ref"])
    item["custody"] = items.custody_of(store, item["case_ref"], item["id"])
    audit(request, principal, "read", "evidence", item["id"])
    return item


@router.get(
    "/evidence/{item_id}/content",
    tags=["evidence"],
    response_class=StreamingResponse,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
def download_evidence(
    item_id: Annotated[str, Field(pattern=ID_PATTERN)],
    request: Request,
    principal: EvidenceRead,
) -> StreamingResponse:
    """The file itself; the download is logged in the custody chain and the audit log."""
    ev = _ev(request)
    item = items.get_item(ev.store, item_id)
    _check_case(request, principal, item["case_ref"])
    stream = items.open_content(ev, item, actor=principal.actor, purpose="download (API)")
    audit(request, principal, "download", "evidence", item["id"], sha256=item["sha256"])

    def chunks() -> Any:
        with stream:
            while chunk := stream.read(1 << 20):
                yield chunk

    return StreamingResponse(
        chunks(),
        media_type="application/octet-stream",
        headers={
            "Content-Disposition": f'attachment; filename="{item["filename"]}"',
            "Content-Length": str(item["size_bytes"]),
            "Digest": f"sha-256={item['sha256']}",
        },
    )


# -- legal-assistance requests ------------------------------------------------------------------


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
    req = requests.create_request(
        get_node(request).store,
        request_type=body.type,
        partner=body.partner,
        actor=principal.actor,
        campaign=body.campaign_id,
        case_ref=body.case_ref,
        title=body.title,
        facts=body.facts,
        legal_basis=body.legal_basis,
        due=body.due_date,
        org_id=scope.owner_for(principal),
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
    ev = _ev(request)
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
    req = _check_request(request, principal, request_id)
    audit(request, principal, "read", "legal_request", req["id"])
    return req


@router.post(
    "/legal-requests/{request_id}/send",
    tags=["legal requests"],
    response_model=LegalRequestOut,
)
def send_legal_request(
    request_id: RequestId, request: Request, principal: EvidenceWrite
) -> dict[str, Any]:
    """Deliver a draft to its partner node, signed; it becomes ``sent`` with a due date."""
    _check_request(request, principal, request_id)
    req = exchange.send_request(
        _ev(request), request_id, actor=principal.actor, outbound=_outbound(request)
    )
    audit(request, principal, "send", "legal_request", req["id"], partner=req["partner"])
    return req


@router.post(
    "/legal-requests/{request_id}/status",
    tags=["legal requests"],
    response_model=LegalRequestOut,
)
def change_legal_request(
    request_id: RequestId, body: StatusIn, request: Request, principal: EvidenceWrite
) -> dict[str, Any]:
    """Move a request along the workflow; on a received request the partner is told."""
    _check_request(request, principal, request_id)
    req = exchange.respond(
        _ev(request),
        request_id,
        body.status,
        actor=principal.actor,
        note=body.note,
        notify=body.notify,
        outbound=_outbound(request),
    )
    audit(request, principal, "change", "legal_request", req["id"], status=body.status)
    return req


@router.post(
    "/legal-requests/{request_id}/answer",
    tags=["legal requests"],
    response_model=LegalRequestOut,
)
def answer_legal_request(
    request_id: RequestId, body: AnswerIn, request: Request, principal: EvidenceWrite
) -> dict[str, Any]:
    """Attach evidence as (part of) the answer; on a received request it travels back."""
    _check_request(request, principal, request_id)
    for ref in body.items:
        _check_case(request, principal, items.get_item(get_node(request).store, ref)["case_ref"])
    req = exchange.respond(
        _ev(request),
        request_id,
        "answered" if body.final else "partly_answered",
        actor=principal.actor,
        note=body.note,
        items=body.items,
        outbound=_outbound(request),
    )
    audit(request, principal, "answer", "legal_request", req["id"], items=len(body.items))
    return req
