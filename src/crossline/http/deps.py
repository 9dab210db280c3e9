"""Dependencies shared by the API routes and the web views: the node, who is asking,
and what they may do.

A request is authenticated by ``Authorization: Bearer <token>`` (machines) or by
the session cookie (browsers). Session-authenticated requests that change state
must carry the session's CSRF token (header ``X-CSRF-Token`` or form field
``csrf_token``); bearer requests cannot be forged by a browser, so they need none.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from crossline.errors import AuthenticationError, CsrfError, PermissionDeniedError
from crossline.node import Node
from crossline.node.auth import Principal
from crossline.node.security import (
    ADMIN,
    CASES_READ,
    CASES_WRITE,
    EXPORT,
    IMPORTS_READ,
    IMPORTS_WRITE,
    QUARANTINE_READ,
    REPORTS_READ,
    REPORTS_WRITE,
    same_secret,
)
from crossline.services.accounts import Acting

SESSION_COOKIE = "crossline_session"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

bearer_scheme = HTTPBearer(auto_error=False, description="API token: `Bearer cl_...`")
cookie_scheme = APIKeyCookie(
    name=SESSION_COOKIE, auto_error=False, description="Browser session (web app)"
)


def get_node(request: Request) -> Node:
    node: Node = request.app.state.node
    return node


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "-"


def current_principal(request: Request) -> Principal | None:
    """Who sent the request, or None; cached on the request."""
    if hasattr(request.state, "principal"):
        cached: Principal | None = request.state.principal
        return cached
    node = get_node(request)
    principal = None
    header = request.headers.get("authorization", "")
    if header:
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise AuthenticationError("Authorization header must be 'Bearer <token>'")
        principal = node.accounts.token_principal(value.strip())
        if principal is None:
            raise AuthenticationError("API token is unknown, expired or revoked")
    else:
        secret = request.cookies.get(SESSION_COOKIE)
        if secret:
            principal = node.accounts.session_principal(secret)
    request.state.principal = principal
    if principal is not None and not principal.home_org:
        # A partner's tokens and users reach only what their agreement allows.
        from crossline.http.partner_gate import gate

        gate(request, principal)
    return principal


def acting(request: Request, principal: Principal) -> Acting:
    """Who makes a change from this request, for the audit log of a use case."""
    return Acting(principal, client_ip(request))


def set_session_cookie(request: Request, response: Response, secret: str) -> None:
    """HttpOnly, SameSite=Lax; Secure whenever the node is reached over HTTPS."""
    response.set_cookie(
        SESSION_COOKIE,
        secret,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        max_age=12 * 3600,
        path="/",
    )


def check_csrf(request: Request, principal: Principal, form_token: str | None = None) -> None:
    """Refuse a cookie-authenticated state change without the session's CSRF token."""
    if request.method in SAFE_METHODS or principal.kind != "user":
        return
    sent = request.headers.get(CSRF_HEADER) or form_token or ""
    if not principal.csrf_token or not same_secret(sent, principal.csrf_token):
        raise CsrfError(
            f"missing or wrong CSRF token: send the {CSRF_HEADER} header or csrf_token field"
        )


def authorize(request: Request, permissions: Sequence[str], *, page: bool = False) -> Principal:
    """The principal of ``request`` if it holds every one of ``permissions``.

    Without a principal: AuthenticationError (a page sends the browser to log in). A
    refusal is written to the audit log with the route (or page) asked for.
    """
    principal = current_principal(request)
    if principal is None:
        raise AuthenticationError(
            "log in to continue" if page else "authentication required: log in or send an API token"
        )
    missing = [p for p in permissions if not principal.can(p)]
    if missing:
        get_node(request).audit.record(
            principal,
            "access",
            "page" if page else "route",
            request.url.path if page else f"{request.method} {request.url.path}",
            outcome="denied",
            detail={"missing": missing},
            ip=client_ip(request),
        )
        raise PermissionDeniedError(
            f"your role ({principal.role}) does not give access to this page"
            if page
            else f"role {principal.role!r} (or this token's scopes) does not allow this: "
            f"needs {', '.join(missing)}",
            needs=missing,
        )
    return principal


def kept_principal(request: Request) -> bool:
    """Set the request's principal from the node's memory alone (a bearer token verified
    and kept, of the home agency or of an organisation kept as no partner's); whether
    it could. Nothing is read or written."""
    if hasattr(request.state, "principal"):
        return True
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return False
    principal = get_node(request).accounts.kept_token_principal(value.strip())
    if principal is None:
        return False
    if not principal.home_org:
        from crossline.http.partner_gate import no_partner_kept

        # A partner's principal goes through its gate (its agreement is read each time).
        if not no_partner_kept(request, principal):
            return False
    request.state.principal = principal
    return True


def require(*permissions: str, csrf: bool = True) -> Callable[..., Awaitable[Principal]]:
    """A dependency: the authenticated principal, holding every given permission.

    A kept token is checked on the event loop; anything that reads the database (a
    session, a token not kept) runs in a worker thread, so a slow read never holds
    the other requests of the process.
    """

    async def dependency(
        request: Request,
        _bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
        _cookie: Annotated[str | None, Depends(cookie_scheme)],
    ) -> Principal:
        if kept_principal(request):
            principal = authorize(request, permissions)
        else:
            principal = await run_in_threadpool(authorize, request, permissions)
        if csrf:
            check_csrf(request, principal)
        return principal

    return dependency


def audit(
    request: Request,
    principal: Principal,
    action: str,
    target: str,
    target_id: str | None = None,
    /,
    **detail: Any,
) -> None:
    """Record a successful read, search, export or change by ``principal``."""
    get_node(request).audit.record(
        principal,
        action,
        target,
        target_id,
        detail={k: v for k, v in detail.items() if v not in (None, "", [], {})} or None,
        ip=client_ip(request),
    )


def audit_lookup(request: Request, principal: Principal, q: str, found: dict[str, Any]) -> None:
    """Record a search of values, as the lookup route and the search page both do: what
    was asked (its first 200 characters) and the first 20 indicators ``found`` holds."""
    ids = [i["id"] for i in found.get("indicators", [])][:20]
    audit(request, principal, "search", "indicator", None, q=q[:200], found=ids)


# Route parameters: ``principal: CasesRead`` reads "authenticated, allowed to read cases".
Authenticated = Annotated[Principal, Depends(require())]
CasesRead = Annotated[Principal, Depends(require(CASES_READ))]
CasesWrite = Annotated[Principal, Depends(require(CASES_READ, CASES_WRITE))]
CasesExport = Annotated[Principal, Depends(require(CASES_READ, EXPORT))]
ReportsRead = Annotated[Principal, Depends(require(REPORTS_READ))]
ReportsWrite = Annotated[Principal, Depends(require(REPORTS_WRITE))]
ImportsRead = Annotated[Principal, Depends(require(IMPORTS_READ))]
ImportsWrite = Annotated[Principal, Depends(require(IMPORTS_WRITE))]
QuarantineRead = Annotated[Principal, Depends(require(QUARANTINE_READ))]
QuarantineExport = Annotated[Principal, Depends(require(QUARANTINE_READ, EXPORT))]
AdminOnly = Annotated[Principal, Depends(require(ADMIN))]
