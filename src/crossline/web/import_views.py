"""The import pages: the jobs (the caller's organisation's) with the latest imports,
and the quarantined rows that an import could not read."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from crossline.http.deps import audit, get_node
from crossline.node import scope
from crossline.node.security import IMPORTS_READ, QUARANTINE_READ
from crossline.store.read import imports as read_imports
from crossline.web.page import page_principal, pager, render

router = APIRouter(include_in_schema=False)


@router.get("/imports")
def imports_page(request: Request, page: int = Query(1, ge=1, le=100_000)) -> Response:
    principal = page_principal(request, IMPORTS_READ)
    per_page = 30
    with get_node(request).store.read() as conn:
        view = scope.view(principal)
        jobs = read_imports.list_import_jobs(
            conn, limit=per_page, offset=(page - 1) * per_page, view=view
        )
        total = read_imports.count_import_jobs(conn, view=view)
        recent = read_imports.recent_imports(conn, limit=15)
    return render(
        request, "imports.html", principal, jobs=jobs, recent=recent, total=total,
        **pager(page, per_page, total),
    )  # fmt: skip


@router.get("/quarantine")
def quarantine(
    request: Request,
    import_id: str = Query("", max_length=36),
    page: int = Query(1, ge=1, le=100_000),
) -> Response:
    principal = page_principal(request, QUARANTINE_READ)
    limit = 50
    with get_node(request).store.read() as conn:
        rows = read_imports.quarantine_rows(
            conn,
            org_id=principal.org_id,
            home=principal.home_org,
            import_id=import_id or None,
            limit=limit + 1,
            offset=(page - 1) * limit,
        )
        total = read_imports.count_quarantine(
            conn, org_id=principal.org_id, home=principal.home_org, import_id=import_id or None
        )
    audit(request, principal, "read", "quarantine", import_id or None, count=len(rows[:limit]))
    return render(
        request,
        "quarantine.html",
        principal,
        rows=rows[:limit],
        more=len(rows) > limit,
        import_id=import_id,
        total=total,
        **pager(page, limit, total),
    )
