"""Sessions, the current principal, and administration: organisations, users, tokens, audit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import Field

from crossline.api.models import (
    ERRORS,
    LoginIn,
    MeOut,
    OrgIn,
    Strict,
    TokenCreated,
    TokenIn,
    UserIn,
    UserPatch,
    parse_timestamp,
    timestamp_query,
)
from crossline.api.paging import PageLimit
from crossline.api.responses.admin import (
    AuditPage,
    AuditVerifyOut,
    OrgOut,
    OrgShareOut,
    TokenOut,
    UserOut,
)
from crossline.http.deps import (
    SESSION_COOKIE,
    AdminOnly,
    Authenticated,
    acting,
    audit,
    client_ip,
    current_principal,
    get_node,
    set_session_cookie,
)
from crossline.node import Node
from crossline.node.audit import AuditLog
from crossline.node.auth import Accounts, Principal
from crossline.services import accounts as accounts_service
from crossline.services import org_shares
from crossline.services.accounts import Acting, UserChange

router = APIRouter(prefix="/api/v1", responses=ERRORS)


def _admin_list(
    router: APIRouter,
    path: str,
    name: str,
    model: type,
    lister: Callable[[Node, Principal], list[dict[str, Any]]],
) -> None:
    """Register ``GET path`` on ``router``: what ``lister`` gives the administrator, as a
    list of ``model``."""

    def endpoint(request: Request, principal: AdminOnly) -> list[dict[str, Any]]:
        return lister(get_node(request), principal)

    router.add_api_route(
        path, endpoint, methods=["GET"], name=name, tags=["admin"], response_model=list[model]
    )


def _admin(request: Request, principal: Principal) -> tuple[Accounts, AuditLog, Acting]:
    """What an administration use case changes through, and who changes it."""
    node = get_node(request)
    return node.accounts, node.audit, acting(request, principal)


@router.post("/auth/login", response_model=MeOut, tags=["auth"])
def login(body: LoginIn, request: Request, response: Response) -> dict[str, Any]:
    """Open a browser session (cookie) and return the CSRF token to send on changes."""
    secret, _user = accounts_service.login(
        get_node(request),
        body.username,
        body.password,
        ip=client_ip(request),
        user_agent=request.headers.get("user-agent"),
    )
    set_session_cookie(request, response, secret)
    principal = get_node(request).accounts.session_principal(secret)
    assert principal is not None
    return principal.to_dict()


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
        from crossline.http.deps import check_csrf

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
    return principal.to_dict()


# -- organisations and users ------------------------------------------------------------------


_admin_list(router, "/organisations", "list_orgs", OrgOut, accounts_service.list_orgs)


@router.post("/organisations", status_code=201, tags=["admin"], response_model=OrgOut)
def create_org(
    body: OrgIn,
    request: Request,
    principal: AdminOnly,
) -> dict[str, Any]:
    return accounts_service.create_org(*_admin(request, principal), body.name, country=body.country)


_admin_list(router, "/users", "list_users", UserOut, accounts_service.list_users)


@router.post("/users", status_code=201, tags=["admin"], response_model=UserOut)
def create_user(
    body: UserIn,
    request: Request,
    principal: AdminOnly,
) -> dict[str, Any]:
    return accounts_service.create_user(
        *_admin(request, principal),
        body.org_id,
        body.username,
        body.password,
        body.role,
        display_name=body.display_name,
    )


@router.patch("/users/{user_id}", tags=["admin"], response_model=UserOut)
def update_user(
    user_id: str,
    body: UserPatch,
    request: Request,
    principal: AdminOnly,
) -> dict[str, Any]:
    """Change a role, deactivate, or reset a password (ends the user's sessions)."""
    return accounts_service.update_user(
        *_admin(request, principal),
        user_id,
        UserChange(role=body.role, active=body.active, password=body.password),
    )


# -- API tokens ---------------------------------------------------------------------------------


_admin_list(router, "/tokens", "list_tokens", TokenOut, accounts_service.list_tokens)


@router.post("/tokens", status_code=201, response_model=TokenCreated, tags=["admin"])
def create_token(
    body: TokenIn,
    request: Request,
    principal: AdminOnly,
) -> dict[str, Any]:
    """Create a token for a machine (a bank feed, a partner node). Shown once."""
    token, row = accounts_service.create_token(
        *_admin(request, principal),
        user_id=principal.id,
        org_id=body.org_id or principal.org_id,
        name=body.name,
        role=body.role,
        scopes=body.scopes,
        expires_days=body.expires_days,
    )
    return {"token": token, **row}


@router.delete("/tokens/{token_id}", tags=["admin"], response_model=TokenOut)
def revoke_token(
    token_id: str,
    request: Request,
    principal: AdminOnly,
) -> dict[str, Any]:
    """Revoke a token: it stops working at once."""
    return accounts_service.revoke_token(*_admin(request, principal), token_id)


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
    limit: PageLimit = 100,
) -> dict[str, Any]:
    """Who read, searched, exported or changed what; newest first."""
    items = accounts_service.audit_entries(
        get_node(request),
        principal,
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
    checked, broken = accounts_service.verify_audit(get_node(request), principal)
    audit(request, principal, "read", "audit", "verify", intact=broken is None)
    return {"entries": checked, "intact": broken is None, "first_broken_seq": broken}


# -- explicit sharing between organisations on this node --------------------------------------


class OrgShareIn(Strict):
    kind: Literal["evidence_case", "legal_request", "import_job", "alert"]
    id: str = Field(min_length=1, max_length=128)
    org_id: str = Field(min_length=1, max_length=36)


@router.post("/org-shares", status_code=201, tags=["admin"], response_model=OrgShareOut)
def share_with_org(body: OrgShareIn, request: Request, principal: AdminOnly) -> dict[str, Any]:
    """Show one of your organisation's records to another organisation on this node."""
    return org_shares.share_record(get_node(request), principal, body.kind, body.id, body.org_id)
