"""Workspace pages: bulk lookup, watchlists, and the export of any list (CSV, XLSX).

Same rules as the API: the same use cases, permissions and audit entries; forms carry
the session's CSRF token.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from crossline.errors import CrosslineError, PayloadTooLargeError, ValidationError
from crossline.http.deps import audit, client_ip, get_node
from crossline.http.downloads import send
from crossline.node.auth import Principal
from crossline.node.security import CASES_READ, EXPORT
from crossline.services import bulk, exports
from crossline.services import watchlists as watch_service
from crossline.services.accounts import Acting
from crossline.web.page import csrf_field, form_principal, page_principal, pager, render

router = APIRouter(include_in_schema=False)

#: An uploaded list larger than this is refused before it is read whole.
MAX_UPLOAD = 4 * 1024 * 1024
OPTIONAL_FILE = File(None)
WATCH_PAGE = 50
RISK_WORDS = {"high": "High", "medium": "Medium", "low": "Low", "common": "Common", "": "—"}


# -- bulk lookup -------------------------------------------------------------------------------


@router.get("/lookup")
def lookup_page(request: Request) -> Response:
    principal = page_principal(request, CASES_READ)
    return render(request, "lookup.html", principal, values="", result=None, error=None,
                  max_values=bulk.MAX_VALUES, risk_words=RISK_WORDS)  # fmt: skip


@router.post("/lookup")
async def lookup_submit(
    request: Request,
    values: str = Form("", max_length=8_000_000),
    region: str = Form("", pattern=r"^([A-Za-z]{2})?$"),
    format: Literal["html", "csv", "xlsx"] = Form("html"),
    csrf_token: str = csrf_field(),
    file: UploadFile | None = OPTIONAL_FILE,
) -> Response:
    principal = form_principal(request, csrf_token, CASES_READ)
    text = values
    error = None
    result: dict[str, Any] | None = None
    try:
        if file is not None and file.filename:
            raw = await file.read(MAX_UPLOAD + 1)
            if len(raw) > MAX_UPLOAD:
                raise PayloadTooLargeError(
                    f"the file is over {MAX_UPLOAD // (1024 * 1024)} MiB", field="file"
                )
            text = (text + "\n" + raw.decode("utf-8-sig", errors="replace")).strip()
        parsed = bulk.parse_values(text)
        if not parsed:
            raise ValidationError("no values: paste or upload at least one", field="values")
        result = bulk.bulk_lookup(get_node(request).store, parsed, region=region.upper() or None)
    except CrosslineError as exc:
        error = exc.message
    if result is not None:
        audit(request, principal, "search", "indicator", None, bulk=result["total"],
              found=result["found"])  # fmt: skip
        if format != "html":
            if not principal.can(EXPORT):
                error = "your role does not allow exports"
            else:
                audit(request, principal, "export", "lookup", None, format=format)
                return send(exports.bulk_download(result, format))
    code = (413 if "at most" in error and "values" in error else 400) if error else 200
    return render(request, "lookup.html", principal, status_code=code, values=text[:2_000_000],
                  region=region, result=result, error=error, max_values=bulk.MAX_VALUES,
                  risk_words=RISK_WORDS)  # fmt: skip


# -- exports -----------------------------------------------------------------------------------


@router.get("/exports/{table}")
def export_page(
    request: Request,
    table: Literal["campaigns", "search", "campaign-reports", "imports", "quarantine", "alerts"],
    format: Literal["csv", "xlsx"] = "csv",
    q: str = Query("", max_length=2000),
    region: str = Query("", pattern=r"^([A-Za-z]{2})?$"),
    campaign: str = Query("", max_length=36),
    sort: str = Query("reports", pattern="^(reports|victims|recent|oldest|loss)$"),
    label: str = Query("", max_length=64),
    jurisdiction: str = Query("", pattern=r"^([A-Za-z]{2})?$"),
    state: str = Query("", max_length=64),
    since: str = Query("", max_length=10),
    until: str = Query("", max_length=10),
    cross_border: bool = False,
    unacked: bool = False,
    import_id: str = Query("", max_length=36),
    status: str = Query("", pattern="^(|open|under_investigation|referred|closed)$"),
    assignee: str = Query("", max_length=64),
    tag: str = Query("", max_length=48),
) -> Response:
    principal = page_principal(request, CASES_READ, EXPORT)
    params = {
        "q": q, "region": region.upper() or None, "campaign": campaign, "sort": sort,
        "label": label, "jurisdiction": jurisdiction, "state": state, "since": since,
        "until": until, "cross_border": cross_border, "unacked": unacked, "import_id": import_id,
        "status": status, "assignee": assignee, "tag": tag,
    }  # fmt: skip
    file = exports.export_table(get_node(request).store, principal, table, format, params)
    audit(request, principal, "export", table, None, format=format, **exports.audit_params(params))
    return send(file)


# -- watchlists --------------------------------------------------------------------------------


@router.get("/watchlists")
def watchlists_page(
    request: Request,
    kind: str = Query("value", pattern="^(value|query|campaign)$"),
    target: str = Query("", max_length=500),
    page: int = Query(1, ge=1, le=100_000),
) -> Response:
    principal = page_principal(request, CASES_READ)
    data = _watches(request, principal, page)
    audit(request, principal, "read", "watchlists", None, count=len(data["items"]))
    return _watch_page(request, principal, data, kind=kind, target=target, page=page)


def _watches(request: Request, principal: Principal, page: int) -> dict[str, Any]:
    return watch_service.list_watches(
        get_node(request).store, principal.id, limit=WATCH_PAGE, offset=(page - 1) * WATCH_PAGE
    )


def _watch_page(
    request: Request, principal: Principal, data: dict[str, Any], *, kind: str, target: str,
    page: int, error: str | None = None, status_code: int = 200,
) -> Response:  # fmt: skip
    return render(request, "watchlists.html", principal, status_code=status_code, data=data,
                  kind=kind, target=target, error=error,
                  **pager(page, WATCH_PAGE, data["total"]))  # fmt: skip


@router.post("/watchlists")
def watch_add(
    request: Request,
    kind: Literal["value", "query", "campaign"] = Form("value"),
    target: str = Form("", max_length=500),
    note: str = Form("", max_length=500),
    notify: bool = Form(False),
    csrf_token: str = csrf_field(),
) -> Response:
    principal = form_principal(request, csrf_token, CASES_READ)
    node = get_node(request)
    try:
        watch_service.create_watch(
            node.store, node.audit, Acting(principal, client_ip(request)),
            user_id=principal.id, org_id=principal.org_id, kind=kind, target=target,
            note=note or None, notify=notify,
        )  # fmt: skip
    except CrosslineError as exc:
        return _watch_page(request, principal, _watches(request, principal, 1), kind=kind,
                           target=target, page=1, error=exc.message,
                           status_code=404 if exc.code == "not_found" else 400)  # fmt: skip
    return RedirectResponse("/watchlists", status_code=303)


@router.post("/watchlists/{watch_id}/delete")
def watch_remove(request: Request, watch_id: str, csrf_token: str = csrf_field()) -> Response:
    principal = form_principal(request, csrf_token, CASES_READ)
    node = get_node(request)
    watch_service.remove_watch(
        node.store, node.audit, Acting(principal, client_ip(request)), principal.id,
        watch_id[:36],
    )  # fmt: skip
    return RedirectResponse("/watchlists", status_code=303)
