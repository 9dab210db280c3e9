"""Account administration under the organisation rule (:mod:`crossline.node.scope`).

Every change or listing made by a principal goes through these (the account use cases
of :mod:`crossline.services.accounts`, the web app's admin pages), never through
:class:`~crossline.node.auth.Accounts` directly, so one organisation's admin cannot
reach another organisation's accounts through any face.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from crossline.errors import NotFoundError
from crossline.node import scope
from crossline.node.auth import Accounts, Principal
from crossline.store import Store
from crossline.store.audit_log import list_entries


def list_orgs(accounts: Accounts, p: Principal) -> list[dict[str, Any]]:
    """Every organisation for node admins; one's own for anyone else."""
    orgs = accounts.list_orgs()
    if scope.is_node_admin(p):
        return orgs
    return [o for o in orgs if o["id"] == p.org_id]


def create_org(accounts: Accounts, p: Principal, name: str, country: str | None) -> dict[str, Any]:
    scope.check_node_admin(p, "create organisations")
    return accounts.create_org(name, country=country)


def list_users(accounts: Accounts, p: Principal) -> list[dict[str, Any]]:
    return [u for u in accounts.list_users() if scope.may_manage(p, u["org_id"])]


def get_user(accounts: Accounts, p: Principal, user_id: str) -> dict[str, Any]:
    """The user, or NotFoundError when it is another organisation's (not confirmed)."""
    try:
        user = accounts.get_user(user_id)
    except NotFoundError:
        user = None
    if user is None or not scope.may_manage(p, user["org_id"]):
        raise NotFoundError(f"no user with id {user_id!r}")
    return user


def create_user(
    accounts: Accounts,
    p: Principal,
    org_id: str,
    username: str,
    password: str,
    role: str,
    *,
    display_name: str | None = None,
) -> dict[str, Any]:
    scope.check_manage(p, org_id)
    scope.check_grant(p, role)
    return accounts.create_user(org_id, username, password, role, display_name=display_name)


def update_user(
    accounts: Accounts,
    p: Principal,
    user_id: str,
    *,
    role: str | None = None,
    active: bool | None = None,
    password: str | None = None,
) -> dict[str, Any]:
    get_user(accounts, p, user_id)
    if role is not None:
        scope.check_grant(p, role)
    return accounts.update_user(user_id, role=role, active=active, password=password)


def list_tokens(accounts: Accounts, p: Principal) -> list[dict[str, Any]]:
    if scope.is_node_admin(p):
        return accounts.list_tokens()
    return accounts.list_tokens(org_id=p.org_id)


def create_token(
    accounts: Accounts,
    p: Principal,
    *,
    org_id: str | None,
    name: str,
    role: str,
    scopes: Sequence[str],
    expires_days: int | None,
) -> tuple[str, dict[str, Any]]:
    org = org_id or p.org_id
    scope.check_manage(p, org)
    scope.check_grant(p, role)
    return accounts.create_token(
        creator=p,
        user_id=p.id,
        org_id=org,
        name=name,
        role=role,
        scopes=scopes,
        expires_days=expires_days,
    )


def revoke_token(accounts: Accounts, p: Principal, token_id: str) -> dict[str, Any]:
    try:
        row = accounts.get_token(token_id)
    except NotFoundError:
        row = None
    if row is None or not scope.may_manage(p, row["org_id"]):
        raise NotFoundError(f"no API token with id {token_id!r}")
    return accounts.revoke_token(token_id)


def audit_entries(store: Store, p: Principal, **filters: Any) -> list[dict[str, Any]]:
    """Audit entries: all for node admins; an organisation's own actors' for its admins."""
    v = scope.view(p)
    return list_entries(store, org_id=None if v.everything else v.org_id, **filters)
