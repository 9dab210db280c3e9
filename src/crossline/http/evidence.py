"""What the API's evidence and legal-request routes and their pages share: the node's
evidence store, the organisation rule on cases and on requests, and a case exported
as a signed package."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import FileResponse

from crossline.evidence import items, package, requests
from crossline.http.deps import audit, get_node
from crossline.http.downloads import built_file
from crossline.node import scope
from crossline.node.auth import Principal


def evidence_of(request: Request) -> items.Evidence:
    """The node's evidence store, opened on first use."""
    node = get_node(request)
    if node.evidence is None:
        node.evidence = items.Evidence.of(node.settings, node.store)
    return node.evidence


def check_case(request: Request, principal: Principal, case: str) -> None:
    """404 unless the caller's organisation owns the case, or it was shared with it."""
    owner, shares = items.case_access(get_node(request).store, case)
    scope.check_visible(principal, owner, "case", case, shares)


def check_request(request: Request, principal: Principal, ref: str) -> dict[str, Any]:
    """The legal-assistance request ``ref``; 404 unless the caller's organisation may see it."""
    store = get_node(request).store
    req = requests.get_request(store, ref)
    scope.check_record(store, principal, "legal_request", req["id"], req.get("org_id"))
    return req


def case_package(request: Request, principal: Principal, case: str, **detail: Any) -> FileResponse:
    """The case, which the caller may see, as a signed package (.zip) to download; the
    export is in the case's custody chain and, with ``detail``, in the audit log."""
    check_case(request, principal, case)
    evidence = evidence_of(request)
    result, response = built_file(
        lambda out: package.export_package(evidence, case, out, actor=principal.actor),
        f"{case}.zip",
        "application/zip",
    )
    audit(request, principal, "export", "evidence", case, package=result["package"], **detail)
    return response
