"""Evidence: items, files, custody, verification and packages.

Reading needs ``evidence:read``; adding, exporting and importing need
``evidence:write``. Each file download is written to the item's custody chain and to
the audit log. Legal-assistance requests are in :mod:`crossline.api.routes.legal_requests`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse, StreamingResponse

from crossline.api.models import ERRORS
from crossline.api.paging import PageLimit, PageOffset
from crossline.api.responses.evidence import (
    CustodyOut,
    EvidenceItemOut,
    EvidencePage,
    EvidenceShown,
    PackageImported,
    VerifyOut,
)
from crossline.api.routes.evidence_access import (
    CaseRef,
    EvidenceRead,
    EvidenceWrite,
    ItemId,
    PackageFile,
    SenderKey,
    check_item,
    spooled,
)
from crossline.errors import PermissionDeniedError
from crossline.evidence import items, package
from crossline.evidence.verify import verify_store
from crossline.http.deps import audit, get_node
from crossline.http.evidence import case_package, check_case, evidence_of
from crossline.node import scope

router = APIRouter(prefix="/api/v1", responses=ERRORS)


# -- evidence items -----------------------------------------------------------------------------


@router.get("/evidence", tags=["evidence"], response_model=EvidencePage)
def list_evidence(
    request: Request,
    principal: EvidenceRead,
    case: str | None = Query(None, pattern=items.CASE_REF.pattern),
    limit: PageLimit = 100,
    offset: PageOffset = 0,
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
        evidence_of(request),
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
    case: CaseRef,
    request: Request,
    principal: EvidenceRead,
) -> dict[str, Any]:
    """A case's custody chain, every entry with its hash, signature and signing key."""
    check_case(request, principal, case)
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
        check_case(request, principal, case)
    elif not principal.home_org:
        raise PermissionDeniedError(
            "name the case to verify: only the home organisation verifies all"
        )
    report = verify_store(evidence_of(request), actor=principal.actor, case=case)
    audit(request, principal, "verify", "evidence", case, ok=report["ok"])
    return report


@router.post(
    "/evidence/cases/{case}/export",
    tags=["evidence"],
    response_class=FileResponse,
    responses={200: {"content": {"application/zip": {}}, "description": "the signed package"}},
)
def export_case(
    case: CaseRef,
    request: Request,
    principal: EvidenceWrite,
) -> FileResponse:
    """The case as a signed package (.zip): files, manifest, custody, CASE graph, summary."""
    return case_package(request, principal, case)


@router.post("/evidence/packages/verify", tags=["evidence"], response_model=VerifyOut)
def verify_uploaded_package(
    request: Request,
    principal: EvidenceRead,
    file: PackageFile,
    key: SenderKey,
) -> dict[str, Any]:
    """Verify a package against its sender's public key (nothing is stored)."""
    with spooled(request, file) as path:
        report = package.verify_package(path, key)
    audit(request, principal, "verify", "package", report.get("case"), ok=report["ok"])
    return report


@router.post("/evidence/packages/import", tags=["evidence"], response_model=PackageImported)
def import_uploaded_package(
    request: Request,
    principal: EvidenceWrite,
    file: PackageFile,
    key: SenderKey,
) -> dict[str, Any]:
    """Verify a received package, store it, and continue its custody chain here."""
    with spooled(request, file) as path:
        result = package.import_package(evidence_of(request), path, key, actor=principal.actor)
    audit(request, principal, "import", "package", result["case"], package=result["package"])
    return result


@router.get("/evidence/{item_id}", tags=["evidence"], response_model=EvidenceShown)
def show_evidence(
    item_id: ItemId,
    request: Request,
    principal: EvidenceRead,
) -> dict[str, Any]:
    """One item with the custody entries that name it."""
    item = check_item(request, principal, item_id)
    item["custody"] = items.custody_of(get_node(request).store, item["case_ref"], item["id"])
    audit(request, principal, "read", "evidence", item["id"])
    return item


@router.get(
    "/evidence/{item_id}/content",
    tags=["evidence"],
    response_class=StreamingResponse,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
def download_evidence(
    item_id: ItemId,
    request: Request,
    principal: EvidenceRead,
) -> StreamingResponse:
    """The file itself; the download is logged in the custody chain and the audit log."""
    item = check_item(request, principal, item_id)
    stream = items.open_content(
        evidence_of(request), item, actor=principal.actor, purpose="download (API)"
    )
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
