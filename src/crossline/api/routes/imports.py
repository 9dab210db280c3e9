"""Imports (upload a file, follow the background job) and the quarantine of rejected rows."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import Response

from crossline.api.models import ERRORS
from crossline.api.paging import PageLimit, PageOffset
from crossline.api.responses.read import ImportJobOut, QuarantinePage
from crossline.http.deps import (
    ImportsRead,
    ImportsWrite,
    QuarantineExport,
    QuarantineRead,
    audit,
    get_node,
)
from crossline.http.downloads import attachment
from crossline.node import scope
from crossline.node.auth import Principal
from crossline.services.exports import export_quarantine
from crossline.store.read.imports import list_import_jobs, quarantine_rows

router = APIRouter(prefix="/api/v1", responses=ERRORS)


@router.post("/imports", status_code=202, tags=["imports"], response_model=ImportJobOut)
def upload(
    request: Request,
    principal: ImportsWrite,
    file: Annotated[UploadFile, File(description="a complaint, CDR or transcript file")],
    format: str = Form("", max_length=32, description="reader name; empty: detect"),
    source: str = Form("", max_length=64, description="empty: the format's own"),
    jurisdiction: str = Form("", pattern=r"^([A-Za-z]{2})?$", description="empty: the format's"),
) -> dict[str, Any]:
    """Upload a file: it is checked, then imported in the background. Poll the job."""
    node = get_node(request)
    job = node.jobs.submit(
        principal,
        file.file,
        file.filename,
        fmt=format or None,
        source=source or None,
        jurisdiction=jurisdiction or None,
        max_bytes=node.max_upload_bytes,
    )
    audit(
        request,
        principal,
        "import",
        "import_job",
        job["id"],
        file=job["filename"],
        format=job["format"],
        bytes=job["size_bytes"],
    )
    return job


@router.get("/imports", tags=["imports"], response_model=list[ImportJobOut])
def jobs(
    request: Request,
    principal: ImportsRead,
    status: str | None = Query(
        None, pattern=r"^(queued|running|done|failed)(,(queued|running|done|failed))*$"
    ),
    limit: int = Query(50, ge=1, le=500),
    offset: PageOffset = 0,
) -> list[dict[str, Any]]:
    """Import jobs, newest first, with progress and reconciliation."""
    with get_node(request).store.read() as conn:
        return list_import_jobs(
            conn, status=status, limit=limit, offset=offset, view=scope.view(principal)
        )


@router.get("/imports/{job_id}", tags=["imports"], response_model=ImportJobOut)
def job(
    job_id: str,
    request: Request,
    principal: ImportsRead,
) -> dict[str, Any]:
    """One job: ``status``, ``rows_read`` / ``rows_estimate``, and the summary when done."""
    node = get_node(request)
    job = node.jobs.get(job_id)
    scope.check_record(node.store, principal, "import_job", job["id"], job["org_id"])
    return job


def _quarantined(
    request: Request, principal: Principal, import_id: str | None, **page: int
) -> list[dict[str, Any]]:
    """Quarantined rows the caller may see: only its organisation's imports' (a raw row
    may hold a victim's details), the home organisation's all."""
    with get_node(request).store.read() as conn:
        return quarantine_rows(
            conn, org_id=principal.org_id, home=principal.home_org, import_id=import_id, **page
        )


@router.get("/quarantine", tags=["quarantine"], response_model=QuarantinePage)
def quarantine(
    request: Request,
    principal: QuarantineRead,
    import_id: str | None = Query(None, max_length=36),
    limit: PageLimit = 100,
    offset: int = Query(0, ge=0, le=10_000_000),
) -> dict[str, Any]:
    """Rows that could not become reports, with the reason and the raw source line.

    Only rows of your organisation's imports: a raw row may hold a victim's details."""
    items = _quarantined(request, principal, import_id, limit=limit, offset=offset)
    audit(request, principal, "read", "quarantine", import_id, count=len(items))
    return {"limit": limit, "offset": offset, "items": items}


@router.get(
    "/quarantine/export",
    tags=["quarantine"],
    response_class=Response,
    responses={200: {"content": {"text/csv": {}, "application/x-ndjson": {}}}},
)
def quarantine_export(
    request: Request,
    principal: QuarantineExport,
    format: Literal["csv", "jsonl"] = "csv",
    import_id: str | None = Query(None, max_length=36),
) -> Response:
    """Quarantined rows as CSV or JSON Lines, to fix and re-import."""
    rows = _quarantined(request, principal, import_id, limit=1_000_000)
    audit(request, principal, "export", "quarantine", import_id, format=format, rows=len(rows))
    media = "text/csv" if format == "csv" else "application/x-ndjson"
    return attachment(export_quarantine(rows, format), media, f"quarantine.{format}")
