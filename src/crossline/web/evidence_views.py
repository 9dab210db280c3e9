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
from crossline.http.downloads import built_file
from crossline.node import scope
from crossline.node.auth import Principal
from crossline.node.security import EVIDENCE_READ, EVIDENCE_WRITE
from crossline.web.page import csrf_field, form_principal, page_principal, render

router = APIRouter(include_in_schema=False)


def _ev(request: Request) -> items.Evidence:
    node = get_node(request)
    if node.evidence is None:
        node.evidence = items.Evidence.of(node.settings, node.store)
    return node.evidence


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


@router.post("/evidence/items")
def add_evidence(
    request: Request,
    file: Annotated[UploadFile | None, File()] = None,
    csrf_token: str = csrf_field(),
    case: str = Form("", max_length=128),
    exhibit: str = Form("", max_length=64),
    description: str = Form("", max_length=2000),
    acquired_by: str = Form("", max_length=160),
    source: str = Form("", max_length=255),
    method: str = Form("", max_length=255),
    acquired_at: str = Form("", max_length=40),
    report: str = Form("", max_length=36),
    campaign: str = Form("", max_length=36),
) -> Response:
    principal = form_principal(request, csrf_token, EVIDENCE_READ, EVIDENCE_WRITE)
    form = {"case": case, "exhibit": exhibit, "description": description,
            "acquired_by": acquired_by, "source": source, "method": method,
            "acquired_at": acquired_at, "report": report, "campaign": campaign}  # fmt: skip
    try:
        missing = [n for n in ("case", "exhibit", "description", "acquired_by") if not form[n]]
        if missing:
            raise ValidationError(f"fill in: {', '.join(missing)}", field=missing[0])
        if file is None or not file.filename:
            raise ValidationError("choose the file to add", field="file")
        _size_check(file, get_node(request).max_upload_bytes, "the file")
        when = None
        if acquired_at:
            try:
                when = datetime.fromisoformat(acquired_at)
            except ValueError:
                raise ValidationError(
                    f"acquired at {acquired_at!r} is not a date and time: expected "
                    "YYYY-MM-DDTHH:MM", field="acquired_at",
                ) from None  # fmt: skip
        links = [("report", report)] if report else []
        links += [("campaign", campaign)] if campaign else []
        item = items.add_item(
            _ev(request), file.file, filename=file.filename, case=case, exhibit=exhibit,
            description=description, acquired_by=acquired_by, actor=principal.actor,
            source=source or None, method=method or None, acquired_at=when,
            media_type=file.content_type, links=links, org_id=scope.owner_for(principal),
        )  # fmt: skip
    except CrosslineError as exc:
        status = 413 if isinstance(exc, PayloadTooLargeError) else 422
        return _page(request, principal, case if items.CASE_REF.match(case) else None,
                     status=status, error=exc.message, form=form)  # fmt: skip
    audit(request, principal, "create", "evidence", item["id"], case=case, exhibit=exhibit,
          via="web")  # fmt: skip
    return _page(
        request, principal, item["case_ref"],
        message=f"Exhibit {item['exhibit']} of case {item['case_ref']} stored "
        f"(SHA-256 {item['sha256'][:16]}…); its acquisition is in the custody chain.",
    )  # fmt: skip


def _check_case(request: Request, principal: Principal, case: str) -> None:
    """404 unless the caller's organisation owns the case, or it was shared with it."""
    owner, shares = items.case_access(get_node(request).store, case)
    scope.check_visible(principal, owner, "case", case, shares)


@router.post("/evidence/cases/{case}/export")
def export_case(request: Request, case: str, csrf_token: str = csrf_field()) -> Any:
    principal = form_principal(request, csrf_token, EVIDENCE_READ, EVIDENCE_WRITE)
    items.check_case(case)
    _check_case(request, principal, case)
    evidence = _ev(request)
    result, response = built_file(
        lambda out: package.export_package(evidence, case, out, actor=principal.actor),
        f"{case}.zip",
        "application/zip",
    )
    audit(request, principal, "export", "evidence", case, package=result["package"], via="web")
    return response


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
