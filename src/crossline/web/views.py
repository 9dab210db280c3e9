"""The pages of logging in and out, the dashboard and search, and the HTML face of an
API error; ``router`` carries these and the campaign, report and import pages
(:mod:`campaign_views`, :mod:`import_views`), so that the app includes one router.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlparse

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from crossline.errors import AuthenticationError, PermissionDeniedError, RateLimitedError
from crossline.http.deps import (
    SESSION_COOKIE,
    audit,
    audit_lookup,
    check_csrf,
    client_ip,
    current_principal,
    get_node,
    set_session_cookie,
)
from crossline.node import scope
from crossline.node.security import CASES_READ, IMPORTS_READ, REPORTS_READ
from crossline.services import search as search_service
from crossline.services.accounts import login
from crossline.store.read import dashboard as read_dashboard
from crossline.store.read import imports as read_imports
from crossline.web import campaign_views, import_views, insights, timefmt
from crossline.web.page import csrf_field, page_principal, render

router = APIRouter(include_in_schema=False)


def error_page(request: Request, status: int, body: dict[str, Any]) -> Response:
    """The HTML face of an API error (the JSON body stays the source of truth)."""
    if status == 401:
        return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
    principal = getattr(request.state, "principal", None)
    return render(request, "error.html", principal, status_code=status, status=status,
                  error=body["error"])  # fmt: skip


def _safe_next(target: str | None) -> str:
    """Only same-site paths: never redirect a fresh login to another site."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/"
    return urlparse(target).path or "/"


# -- login -------------------------------------------------------------------------------------


@router.get("/login")
def login_form(request: Request, next: str | None = None) -> Response:
    return render(request, "login.html", None, next=_safe_next(next), error=None)


@router.post("/login")
def login_submit(
    request: Request,
    username: str = Form(..., max_length=64),
    password: str = Form(..., max_length=1024),
    next: str = Form("/", max_length=512),
) -> Response:
    origin = request.headers.get("origin")
    if origin and urlparse(origin).netloc != request.url.netloc:
        raise PermissionDeniedError("login form posted from another site")
    try:
        secret, _user = login(
            get_node(request),
            username,
            password,
            ip=client_ip(request),
            user_agent=request.headers.get("user-agent"),
        )
    except (AuthenticationError, RateLimitedError) as exc:
        return render(
            request, "login.html", None, next=_safe_next(next), error=exc.message,
            username=username, status_code=429 if isinstance(exc, RateLimitedError) else 401,
        )  # fmt: skip
    response = RedirectResponse(_safe_next(next), status_code=303)
    set_session_cookie(request, response, secret)
    return response


@router.post("/logout")
def logout(request: Request, csrf_token: str = csrf_field()) -> Response:
    principal = current_principal(request)
    secret = request.cookies.get(SESSION_COOKIE)
    if principal is not None and secret:
        check_csrf(request, principal, csrf_token)
        get_node(request).accounts.end_session(secret)
        audit(request, principal, "logout", "session", principal.id)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


# -- dashboard, search ----------------------------------------------------------------------------


@router.get("/")
def dashboard(request: Request) -> Response:
    principal = page_principal(request, CASES_READ)
    with get_node(request).store.read() as conn:
        data = {
            "stats": read_dashboard.stats(conn),
            "top": read_dashboard.top_campaigns(conn, limit=6),
            "cross_border": read_dashboard.recent_cross_border(conn, limit=6),
            "jobs": read_imports.list_import_jobs(
                conn, status="queued,running", limit=10, view=scope.view(principal)
            )
            if principal.can(IMPORTS_READ)
            else [],
            "recent_imports": read_imports.recent_imports(conn, limit=6),
            **insights.dashboard_context(conn, timefmt.viewer_zone(request, principal)),
        }
    audit(request, principal, "read", "dashboard", None)
    return render(request, "dashboard.html", principal, **data)


SEARCH_PER_PAGE = 50


@router.get("/search")
def search(
    request: Request,
    q: str = Query("", max_length=2000),
    region: str = Query("", pattern=r"^([A-Za-z]{2})?$"),
    page: int = Query(1, ge=1, le=100_000),
) -> Response:
    principal = page_principal(request, CASES_READ)
    q = q.strip()
    answer: dict[str, Any] | None = None
    if q:
        answer = search_service.search(
            get_node(request).store,
            q,
            region=region.upper() or None,
            page=page,
            per_page=SEARCH_PER_PAGE,
            text=principal.can(REPORTS_READ),
        )
        audit_lookup(request, principal, q, answer["lookup"] or {})
        target = _only_identifier(answer, principal.can(REPORTS_READ))
        if target and page == 1:
            return RedirectResponse(target, status_code=303)
    return render(
        request,
        "search.html",
        principal,
        q=q,
        region=region,
        result=(answer or {}).get("lookup"),
        reports=(answer or {}).get("mentions"),
        error=(answer or {}).get("error"),
        header=answer["header"] if answer and not answer["error"] else None,
        page=page,
        pages=(answer or {}).get("pages", 1),
        per_page=SEARCH_PER_PAGE,
    )


def _only_identifier(answer: dict[str, Any], reports_ok: bool) -> str | None:
    """The page to go straight to when the query names exactly one report or campaign and
    nothing else was found (a pasted complaint number, a campaign id prefix)."""
    counts = answer["header"]["counts"]
    if answer["header"]["found"] != 1 or counts["values"] or counts["mentions"]:
        return None
    ids = answer["lookup"]["identifiers"]
    if counts["campaigns"]:
        return f"/campaigns/{ids['campaigns'][0]['id']}"
    brief = (ids["references"] or ids["reports"])[0]
    if reports_ok:
        return f"/reports/{brief['id']}"
    return f"/campaigns/{brief['campaign_id']}" if brief.get("campaign_id") else None


router.include_router(campaign_views.router)
router.include_router(import_views.router)
