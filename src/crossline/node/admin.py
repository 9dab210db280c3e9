"""Account administration under the organisation rule (:mod:`crossline.node.scope`).

Every change or listing made by a principal is checked by these (the account use cases
of :mod:`crossline.services.accounts` call them for every face) before
:class:`~crossline.node.auth.Accounts` is reached, so one organisation's admin cannot
reach another organisation's accounts through any face.
"""

from __future__ import annotations

from collections.abc import Callable
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


def list_users(accounts: Accounts, p: Principal) -> list[dict[str, Any]]:
    return [u for u in accounts.list_users() if scope.may_manage(p, u["org_id"])]


def get_user(accounts: Accounts, p: Principal, user_id: str) -> dict[str, Any]:
    """The user, or NotFoundError when it is another organisation's (not confirmed)."""
    return _managed(accounts.get_user, p, user_id, "user")


def check_create_org(p: Principal) -> None:
    """Only node admins create organisations."""
    scope.check_node_admin(p, "create organisations")


def check_create_user(p: Principal, org_id: str, role: str) -> None:
    """A user (or a token) is created in an organisation ``p`` manages, with a role ``p``
    may grant."""
    scope.check_manage(p, org_id)
    scope.check_grant(p, role)


def check_update_user(accounts: Accounts, p: Principal, user_id: str, role: str | None) -> None:
    """The user must be one ``p`` manages (else not found); a new role one ``p`` may grant."""
    get_user(accounts, p, user_id)
    if role is not None:
        scope.check_grant(p, role)


def list_tokens(accounts: Accounts, p: Principal) -> list[dict[str, Any]]:
    if scope.is_node_admin(p):
        return accounts.list_tokens()
    return accounts.list_tokens(org_id=p.org_id)


def check_revoke_token(accounts: Accounts, p: Principal, token_id: str) -> None:
    """The token must belong to an organisation ``p`` manages (else not found)."""
    _managed(accounts.get_token, p, token_id, "API token")


def audit_entries(store: Store, p: Principal, **filters: Any) -> list[dict[str, Any]]:
    """Audit entries: all for node admins; an organisation's own actors' for its admins."""
    v = scope.view(p)
    return list_entries(store, org_id=None if v.everything else v.org_id, **filters)


def _managed(
    fetch: Callable[[str], dict[str, Any]], p: Principal, ref: str, what: str
) -> dict[str, Any]:
    """The record ``fetch(ref)``, or NotFoundError when it is missing or belongs to an
    organisation ``p`` does not manage (the two are not told apart)."""
    try:
        row = fetch(ref)
    except NotFoundError:
        row = None
    if row is None or not scope.may_manage(p, row["org_id"]):
        raise NotFoundError(f"no {what} with id {ref!r}")
    return row
