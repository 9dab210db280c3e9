"""Sessions, the current principal, and administration: organisations, users, tokens, audit."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request, Response

from crossline.api.audit import list_entries, verify_chain
from crossline.api.auth import Principal
from crossline.api.deps import (
    SESSION_COOKIE,
    AdminOnly,
    Authenticated,
    audit,
    client_ip,
    current_principal,
    get_node,
)
from crossline.api.errors import AuthenticationError, PermissionDeniedError, RateLimitedError
from crossline.api.models import (
    ERRORS,
    LoginIn,
    MeOut,
    OrgIn,
    TokenCreated,
    TokenIn,
    UserIn,
    UserPatch,
    parse_timestamp,
    timestamp_query,
)
from crossline.api.responses.admin import (
    AuditPage,
    AuditVerifyOut,
    OrgOut,
    TokenOut,
    UserOut,
)

router = APIRouter(prefix="/api/v1", responses=ERRORS)


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


def login_user(request: Request, username: str, password: str) -> tuple[str, dict[str, Any]]:
    """Check the rate limit and the password; returns (session secret, user)."""
    node = get_node(request)
    ip = client_ip(request)
    wait = node.limiter.retry_after(username, ip)
    if wait:
        node.audit.record(
            f"user:{username[:64]}",
            "login",
            "session",
            outcome="denied",
            detail={"reason": "rate_limited"},
            ip=ip,
        )
        raise RateLimitedError(
            f"too many failed logins: try again in {wait} seconds", retry_after=wait
        )
    user = node.accounts.authenticate(username, password)
    if user is None:
        node.limiter.failed(username, ip)
        node.audit.record(
            f"user:{username[:64]}",
            "login",
            "session",
            outcome="denied",
            detail={"reason": "bad_credentials"},
            ip=ip,
        )
        raise AuthenticationError("wrong username or password")
    node.limiter.succeeded(username)
    secret = node.accounts.create_session(
        user["id"], ip=ip, user_agent=request.headers.get("user-agent")
    )
    node.audit.record(f"user:{user['username']}", "login", "session", user["id"], ip=ip)
    return secret, user


def me_dict(p: Principal) -> dict[str, Any]:
    return {
        "kind": p.kind,
        "id": p.id,
        "name": p.name,
        "org_id": p.org_id,
        "org_name": p.org_name,
        "role": p.role,
        "permissions": sorted(p.permissions),
        "csrf_token": p.csrf_token,
    }


@router.post("/auth/login", response_model=MeOut, tags=["auth"])
def login(body: LoginIn, request: Request, response: Response) -> dict[str, Any]:
    """Open a browser session (cookie) and return the CSRF token to send on changes."""
    secret, _user = login_user(request, body.username, body.password)
    set_session_cookie(request, response, secret)
    principal = get_node(request).accounts.session_principal(secret)
    assert principal is not None
    return me_dict(principal)


@router.post(
    "/auth/logout",
    status_code=204,
    tags=["auth"],
    response_class=Response,
    responses={204: {"description": "Session ended; no body"}},
)
def logout(request: Request, response: Response) -> Response:
    """End the current session (no-op without one)."""
    secret = request.cookies.get(SESSION_COOKIE)
    principal = current_principal(request)
    if secret and principal is not None:
        from crossline.api.deps import check_csrf

        check_csrf(request, principal)
        get_node(request).accounts.end_session(secret)
        audit(request, principal, "logout", "session", principal.id)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/me", response_model=MeOut, tags=["auth"])
def me(
    principal: Authenticated,
) -> dict[str, Any]:
    """Who you are, your organisation, role and permissions."""
    return me_dict(principal)


# -- organisations and users ------------------------------------------------------------------


@router.get("/organisations", tags=["admin"], response_model=list[OrgOut])
def list_orgs(
    request: Request,
    principal: AdminOnly,
) -> list[dict[str, Any]]:
    return get_node(request).accounts.list_orgs()


@router.post("/organisations", status_code=201, tags=["admin"], response_model=OrgOut)
def create_org(
    body: OrgIn,
    request: Request,
    principal: AdminOnly,
) -> dict[str, Any]:
    org = get_node(request).accounts.create_org(body.name, country=body.country)
    audit(request, principal, "create", "organisation", org["id"], name=org["name"])
    return org


@router.get("/users", tags=["admin"], response_model=list[UserOut])
def list_users(
    request: Request,
    principal: AdminOnly,
) -> list[dict[str, Any]]:
    return get_node(request).accounts.list_users()


@router.post("/users", status_code=201, tags=["admin"], response_model=UserOut)
def create_user(
    body: UserIn,
    request: Request,
    principal: AdminOnly,
) -> dict[str, Any]:
    user = get_node(request).accounts.create_user(
        body.org_id, body.username, body.password, body.role, display_name=body.display_name
    )
    audit(
        request, principal, "create", "user", user["id"], username=user["username"], role=body.role
    )
    return user


@router.patch("/users/{user_id}", tags=["admin"], response_model=UserOut)
def update_user(
    user_id: str,
    body: UserPatch,
    request: Request,
    principal: AdminOnly,
) -> dict[str, Any]:
    """Change a role, deactivate, or reset a password (ends the user's sessions)."""
    user = get_node(request).accounts.update_user(
        user_id, role=body.role, active=body.active, password=body.password
    )
    changed = [k for k, v in body.model_dump().items() if v is not None]
    audit(request, principal, "change", "user", user_id, fields=changed, role=body.role)
    return user


# -- API tokens ---------------------------------------------------------------------------------


@router.get("/tokens", tags=["admin"], response_model=list[TokenOut])
def list_tokens(
    request: Request,
    principal: AdminOnly,
) -> list[dict[str, Any]]:
    return get_node(request).accounts.list_tokens()


@router.post("/tokens", status_code=201, response_model=TokenCreated, tags=["admin"])
def create_token(
    body: TokenIn,
    request: Request,
    principal: AdminOnly,
) -> dict[str, Any]:
    """Create a token for a machine (a bank feed, a partner node). Shown once."""
    if principal.kind != "user":
        raise PermissionDeniedError("API tokens are created by a person, not by another token")
    token, row = get_node(request).accounts.create_token(
        creator=principal,
        user_id=principal.id,
        org_id=body.org_id or principal.org_id,
        name=body.name,
        role=body.role,
        scopes=body.scopes,
        expires_days=body.expires_days,
    )
    audit(
        request,
        principal,
        "create",
        "token",
        row["id"],
        name=row["name"],
        role=row["role"],
        scopes=row["scopes"],
        org=row["org_name"],
    )
    return {"token": token, **row}


@router.delete("/tokens/{token_id}", tags=["admin"], response_model=TokenOut)
def revoke_token(
    token_id: str,
    request: Request,
    principal: AdminOnly,
) -> dict[str, Any]:
    """Revoke a token: it stops working at once."""
    row = get_node(request).accounts.revoke_token(token_id)
    audit(request, principal, "change", "token", token_id, revoked=True)
    return row


# -- audit ----------------------------------------------------------------------------------------


@router.get("/audit", tags=["admin"], response_model=AuditPage)
def audit_entries(
    request: Request,
    principal: AdminOnly,
    actor: str | None = Query(None, max_length=160),
    action: str | None = Query(None, max_length=32),
    target: str | None = Query(None, max_length=64),
    since: str | None = timestamp_query("entries at or after (RFC 3339)"),
    before_seq: int | None = Query(None, ge=1, le=2**62),
    limit: int = Query(100, ge=1, le=1000),
) -> dict[str, Any]:
    """Who read, searched, exported or changed what; newest first."""
    node = get_node(request)
    node.audit.flush()
    items = list_entries(
        node.store,
        actor=actor,
        action=action,
        target=target,
        since=parse_timestamp(since, "since"),
        limit=limit,
        before_seq=before_seq,
    )
    audit(request, principal, "read", "audit", None, actor=actor, action=action)
    return {"items": items}


@router.get("/audit/verify", tags=["admin"], response_model=AuditVerifyOut)
def audit_verify(
    request: Request,
    principal: AdminOnly,
) -> dict[str, Any]:
    """Re-check the whole hash chain: ``intact`` is false if any entry was altered or removed."""
    node = get_node(request)
    node.audit.flush()
    checked, broken = verify_chain(node.store)
    audit(request, principal, "read", "audit", "verify", intact=broken is None)
    return {"entries": checked, "intact": broken is None, "first_broken_seq": broken}
