"""Web pages of evidence: the items of a case and its custody chain, adding a file with
its metadata, exporting a case as a signed package, and verifying a package received.

Every change goes through the same evidence functions as the API and the CLI, which
write the custody chain; the page writes the audit entry as the API does.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import Response

from crossline.errors import CrosslineError, PayloadTooLargeError, ValidationError
from crossline.evidence import items, package
from crossline.http.deps import audit, get_node
from crossline.http.evidence import case_package, evidence_of
from crossline.node import scope
from crossline.node.auth import Principal
from crossline.node.security import EVIDENCE_READ, EVIDENCE_WRITE
from crossline.web.forms import Fields, form_fields
from crossline.web.page import csrf_field, form_principal, page_principal, render

router = APIRouter(include_in_schema=False)


def _page(
    request: Request, principal: Principal, case: str | None, *, status: int = 200, **extra: Any
) -> Response:
    store = get_node(request).store
    found = items.list_items(store, case=case, limit=500, view=scope.view(principal))
    chain = items.custody_of(store, case) if case and found else []
    context: dict[str, Any] = {"error": None, "message": None, "form": {}, "verified": None}
    return render(
        request, "evidence.html", principal, status_code=status, items=found, case=case,
        custody=chain,
        can_write=principal.can(EVIDENCE_WRITE),
        limit_bytes=get_node(request).max_upload_bytes, **{**context, **extra},
    )  # fmt: skip


@router.get("/evidence")
def evidence_page(
    request: Request, case: str | None = Query(None, pattern=items.CASE_REF.pattern)
) -> Response:
    principal = page_principal(request, EVIDENCE_READ)
    audit(request, principal, "search", "evidence", None, case=case, via="web")
    return _page(request, principal, case)


def _size_check(upload: UploadFile, limit: int, what: str) -> None:
    """Refuse an oversized file with its size and the limit (nothing is stored)."""
    size = upload.size
    if size is None:  # not told: measure the spooled body without reading it into memory
        upload.file.seek(0, 2)
        size = upload.file.tell()
        upload.file.seek(0)
    if size > limit:
        raise PayloadTooLargeError(
            f"{what} {upload.filename or ''} is {size:,} bytes; this node takes at most "
            f"{limit:,} bytes per file",
            field="file",
        )
    if size == 0:
        raise ValidationError(f"{what} {upload.filename or ''} is empty", field="file")


EVIDENCE_FIELDS = form_fields(case=128, exhibit=64, description=2000, acquired_by=160,
                              source=255, method=255, acquired_at=40, report=36,
                              campaign=36)  # fmt: skip


@router.post("/evidence/items")
def add_evidence(
    request: Request,
    file: Annotated[UploadFile | None, File()] = None,
    form: Fields = EVIDENCE_FIELDS,
) -> Response:
    principal = form_principal(request, form.csrf_token, EVIDENCE_READ, EVIDENCE_WRITE)
    try:
        missing = [n for n in ("case", "exhibit", "description", "acquired_by") if not form[n]]
        if missing:
            raise ValidationError(f"fill in: {', '.join(missing)}", field=missing[0])
        if file is None or not file.filename:
            raise ValidationError("choose the file to add", field="file")
        _size_check(file, get_node(request).max_upload_bytes, "the file")
        when = form.parsed("acquired_at", datetime.fromisoformat,
                           "is not a date and time: expected YYYY-MM-DDTHH:MM")  # fmt: skip
        links = [("report", form.report)] if form.report else []
        links += [("campaign", form.campaign)] if form.campaign else []
        item = items.add_item(
            evidence_of(request), file.file, filename=file.filename, case=form.case,
            exhibit=form.exhibit, description=form.description, acquired_by=form.acquired_by,
            actor=principal.actor, source=form.source or None, method=form.method or None,
            acquired_at=when, media_type=file.content_type, links=links,
            org_id=scope.owner_for(principal),
        )  # fmt: skip
    except CrosslineError as exc:
        status = 413 if isinstance(exc, PayloadTooLargeError) else 422
        case = form.case if items.CASE_REF.match(form.case) else None
        return _page(request, principal, case, status=status, error=exc.message, form=form)
    audit(request, principal, "create", "evidence", item["id"], case=form.case,
          exhibit=form.exhibit, via="web")  # fmt: skip
    return _page(
        request, principal, item["case_ref"],
        message=f"Exhibit {item['exhibit']} of case {item['case_ref']} stored "
        f"(SHA-256 {item['sha256'][:16]}…); its acquisition is in the custody chain.",
    )  # fmt: skip


@router.post("/evidence/cases/{case}/export")
def export_case(request: Request, case: str, csrf_token: str = csrf_field()) -> Any:
    principal = form_principal(request, csrf_token, EVIDENCE_READ, EVIDENCE_WRITE)
    items.check_case(case)
    return case_package(request, principal, case, via="web")


@router.post("/evidence/packages/verify")
def verify_package(
    request: Request,
    file: Annotated[UploadFile | None, File()] = None,
    csrf_token: str = csrf_field(),
    key: str = Form("", max_length=64),
) -> Response:
    principal = form_principal(request, csrf_token, EVIDENCE_READ)
    tmp = Path(tempfile.mkdtemp(prefix="crossline-verify-"))
    try:
        if file is None or not file.filename:
            raise ValidationError("choose the package (.zip) to verify", field="file")
        if not key.strip():
            raise ValidationError("give the sender's public key (base64)", field="key")
        _size_check(file, get_node(request).max_upload_bytes, "the package")
        path = tmp / items.safe_filename(file.filename)
        with open(path, "wb") as out:
            shutil.copyfileobj(file.file, out, 1 << 20)
        report = package.verify_package(path, key.strip())
    except CrosslineError as exc:
        status = 413 if isinstance(exc, PayloadTooLargeError) else 422
        return _page(request, principal, None, status=status, error=exc.message)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    report["package"] = file.filename  # the name the analyst chose, not a temporary path
    audit(request, principal, "verify", "package", report.get("case"), ok=report["ok"], via="web")
    return _page(request, principal, None, verified=report)
