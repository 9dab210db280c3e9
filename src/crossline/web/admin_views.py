"""Administration pages: users, organisations, API tokens and the audit log (admins only)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from crossline.errors import CrosslineError
from crossline.http.deps import acting, audit, check_csrf, get_node
from crossline.node import Node
from crossline.node.security import ADMIN, ROLES, TOKEN_SCOPES
from crossline.services import accounts as account_cases
from crossline.services.accounts import Acting, UserChange
from crossline.web.forms import Fields, form_fields
from crossline.web.page import csrf_field, form_principal, page_principal, render


def _admin_only(request: Request) -> None:
    """Refuse before the form is read: a caller without access learns nothing from it."""
    page_principal(request, ADMIN)


router = APIRouter(include_in_schema=False, dependencies=[Depends(_admin_only)])


def _admin_page(request: Request, **extra: Any) -> Response:
    principal = page_principal(request, ADMIN)
    node = get_node(request)
    node.audit.flush()
    context = {
        "users": account_cases.list_users(node, principal),
        "orgs": account_cases.list_orgs(node, principal),
        "tokens": account_cases.list_tokens(node, principal),
        "roles": ROLES,
        "scopes": sorted(TOKEN_SCOPES),
        "new_token": None,
        "message": None,
        "error": None,
        **extra,
    }
    return render(request, "admin.html", principal, **context)


@router.get("/admin")
def admin(request: Request) -> Response:
    return _admin_page(request)


def _change(request: Request, csrf_token: str, change: Callable[[Node, Acting], str]) -> Response:
    """One change of the administration page, made as the logged-in admin: ``change``
    calls its use case and answers the page's message; the use case's refusal is shown
    on the page instead."""
    principal = form_principal(request, csrf_token, ADMIN)
    try:
        message = change(get_node(request), acting(request, principal))
    except CrosslineError as exc:
        return _admin_page(request, error=exc.message)
    return _admin_page(request, message=message)


@router.post("/admin/users")
def create_user(
    request: Request,
    csrf_token: str = csrf_field(),
    org_id: str = Form(..., max_length=36),
    username: str = Form(..., max_length=64),
    password: str = Form(..., max_length=1024),
    role: str = Form(..., max_length=16),
) -> Response:
    def create(node: Node, by: Acting) -> str:
        user = account_cases.create_user(
            node.accounts, node.audit, by, org_id, username, password, role
        )
        return f"User {user['username']} created ({role})."

    return _change(request, csrf_token, create)


USER_FIELDS = form_fields(role=16, active=8)


@router.post("/admin/users/{user_id}")
def change_user(request: Request, user_id: str, form: Fields = USER_FIELDS) -> Response:
    def update(node: Node, by: Acting) -> str:
        active = {"yes": True, "no": False}.get(form.active)
        change = UserChange(role=form.role or None, active=active)
        user = account_cases.update_user(node.accounts, node.audit, by, user_id, change)
        return f"User {user['username']} updated."

    return _change(request, form.csrf_token, update)


@router.post("/admin/organisations")
def create_org(
    request: Request,
    csrf_token: str = csrf_field(),
    name: str = Form(..., max_length=128),
    country: str = Form("", max_length=2),
) -> Response:
    def create(node: Node, by: Acting) -> str:
        org = account_cases.create_org(node.accounts, node.audit, by, name, country=country or None)
        return f"Organisation {org['name']} created."

    return _change(request, csrf_token, create)


@router.post("/admin/tokens")
async def create_token(request: Request) -> Response:
    principal = page_principal(request, ADMIN)
    form = await request.form()
    check_csrf(request, principal, str(form.get("csrf_token", "")))
    scopes = [str(s) for s in form.getlist("scopes")]
    try:
        days = int(str(form.get("expires_days") or 365))
        node = get_node(request)
        token, row = account_cases.create_token(
            node.accounts,
            node.audit,
            acting(request, principal),
            user_id=principal.id,
            org_id=str(form.get("org_id") or principal.org_id),
            name=str(form.get("name") or ""),
            role=str(form.get("role") or ""),
            scopes=scopes,
            expires_days=days,
        )
    except (CrosslineError, ValueError) as exc:
        return _admin_page(request, error=getattr(exc, "message", "expires_days must be a number"))
    return _admin_page(request, new_token={"token": token, **row})


@router.post("/admin/tokens/{token_id}/revoke")
def revoke_token(request: Request, token_id: str, csrf_token: str = csrf_field()) -> Response:
    principal = form_principal(request, csrf_token, ADMIN)
    node = get_node(request)
    try:
        account_cases.revoke_token(node.accounts, node.audit, acting(request, principal), token_id)
    except CrosslineError as exc:
        return _admin_page(request, error=exc.message)
    return RedirectResponse("/admin", status_code=303)


@router.get("/admin/audit")
def audit_page(
    request: Request,
    actor: str = Query("", max_length=160),
    action: str = Query("", max_length=32),
    before_seq: int | None = Query(None, ge=1),
) -> Response:
    principal = page_principal(request, ADMIN)
    entries = account_cases.audit_entries(
        get_node(request),
        principal,
        actor=actor or None,
        action=action or None,
        limit=100,
        before_seq=before_seq,
    )
    audit(request, principal, "read", "audit", None, actor=actor, action=action)
    return render(request, "audit.html", principal, entries=entries, actor=actor, action=action)
