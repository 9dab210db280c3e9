"""Accounts as use cases: logging in, organisations, users and API tokens, each change
written to the audit log the same way whichever face (CLI, API, web) made it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from crossline.errors import AuthenticationError, PermissionDeniedError, RateLimitedError
from crossline.node import Node, admin, scope
from crossline.node.audit import AuditLog
from crossline.node.auth import Accounts, Principal, UserChange
from crossline.store.audit_log import verify_chain


@dataclass(frozen=True)
class Acting:
    """Who makes a change, for the audit log: a principal (API, web) or a name (``cli``)."""

    who: Principal | str
    ip: str | None = None


def _detail(**values: Any) -> dict[str, Any] | None:
    return {k: v for k, v in values.items() if v not in (None, "", [], {})} or None


def login(
    node: Node, username: str, password: str, *, ip: str, user_agent: str | None = None
) -> tuple[str, dict[str, Any]]:
    """Check the rate limit and the password; returns (session secret, user)."""
    wait = node.limiter.retry_after(username, ip)
    actor = f"user:{username[:64]}"
    if wait:
        node.audit.record(
            actor, "login", "session", outcome="denied", detail={"reason": "rate_limited"}, ip=ip
        )
        raise RateLimitedError(
            f"too many failed logins: try again in {wait} seconds", retry_after=wait
        )
    user = node.accounts.authenticate(username, password)
    if user is None:
        node.limiter.failed(username, ip)
        node.audit.record(
            actor, "login", "session", outcome="denied", detail={"reason": "bad_credentials"}, ip=ip
        )
        raise AuthenticationError("wrong username or password")
    node.limiter.succeeded(username)
    secret = node.accounts.create_session(user["id"], ip=ip, user_agent=user_agent)
    node.audit.record(f"user:{user['username']}", "login", "session", user["id"], ip=ip)
    return secret, user


def create_org(
    accounts: Accounts, audit: AuditLog, by: Acting, name: str, *, country: str | None = None
) -> dict[str, Any]:
    """A new organisation (the first one is the home agency); node admins only."""
    if isinstance(by.who, Principal):
        admin.check_create_org(by.who)
    org = accounts.create_org(name, country=country)
    audit.record(
        by.who, "create", "organisation", org["id"], detail=_detail(name=org["name"]), ip=by.ip
    )
    return org


def create_user(
    accounts: Accounts,
    audit: AuditLog,
    by: Acting,
    org_id: str,
    username: str,
    password: str,
    role: str,
    *,
    display_name: str | None = None,
) -> dict[str, Any]:
    """A new user with a role in an organisation (the organisation rule: node.scope)."""
    if isinstance(by.who, Principal):
        admin.check_create_user(by.who, org_id, role)
    user = accounts.create_user(org_id, username, password, role, display_name=display_name)
    audit.record(
        by.who,
        "create",
        "user",
        user["id"],
        detail=_detail(username=user["username"], role=role),
        ip=by.ip,
    )
    return user


def update_user(
    accounts: Accounts,
    audit: AuditLog,
    by: Acting,
    user_id: str,
    change: UserChange,
) -> dict[str, Any]:
    """Change a role, deactivate, or reset a password (which ends the user's sessions)."""
    if isinstance(by.who, Principal):
        admin.check_update_user(accounts, by.who, user_id, change.role)
    user = accounts.update_user(user_id, change)
    detail = _detail(fields=change.changed(), role=change.role)
    audit.record(by.who, "change", "user", user_id, detail=detail, ip=by.ip)
    return user


def create_token(
    accounts: Accounts,
    audit: AuditLog,
    by: Acting,
    *,
    user_id: str,
    org_id: str,
    name: str,
    role: str,
    scopes: Sequence[str],
    expires_days: int | None = 365,
) -> tuple[str, dict[str, Any]]:
    """A token for a machine (a bank feed, a partner node); its secret is returned once.
    Tokens are created by a person (or the CLI on a named admin's behalf), never by a token."""
    creator = by.who if isinstance(by.who, Principal) else None
    if creator is not None and creator.kind != "user":
        raise PermissionDeniedError("API tokens are created by a person, not by another token")
    if creator is not None:
        admin.check_create_user(creator, org_id, role)
    token, row = accounts.create_token(
        creator=creator,
        user_id=user_id,
        org_id=org_id,
        name=name,
        role=role,
        scopes=list(scopes),
        expires_days=expires_days,
    )
    audit.record(
        by.who,
        "create",
        "token",
        row["id"],
        detail=_detail(
            name=row["name"], role=row["role"], scopes=row["scopes"], org=row["org_name"]
        ),
        ip=by.ip,
    )
    return token, row


def revoke_token(accounts: Accounts, audit: AuditLog, by: Acting, token_id: str) -> dict[str, Any]:
    """Revoke a token: it stops working at once."""
    if isinstance(by.who, Principal):
        admin.check_revoke_token(accounts, by.who, token_id)
    row = accounts.revoke_token(token_id)
    audit.record(by.who, "change", "token", token_id, detail={"revoked": True}, ip=by.ip)
    return row


# -- listings and the audit log, under the organisation rule (node.admin) -------------------


def list_orgs(node: Node, p: Principal) -> list[dict[str, Any]]:
    """Every organisation for node admins; one's own for anyone else."""
    return admin.list_orgs(node.accounts, p)


def list_users(node: Node, p: Principal) -> list[dict[str, Any]]:
    """The users ``p`` may manage."""
    return admin.list_users(node.accounts, p)


def list_tokens(node: Node, p: Principal) -> list[dict[str, Any]]:
    """The API tokens ``p`` may manage (never their secrets)."""
    return admin.list_tokens(node.accounts, p)


def audit_entries(node: Node, p: Principal, **filters: Any) -> list[dict[str, Any]]:
    """Audit entries, newest first, including those still queued for writing: all for
    node admins, an organisation's own actors' for its admins. ``filters``: actor, action,
    target, since, limit, before_seq."""
    node.audit.flush()
    return admin.audit_entries(node.store, p, **filters)


def verify_audit(node: Node, p: Principal) -> tuple[int, int | None]:
    """Re-check the whole hash chain (node admins only): (entries checked, first broken seq)."""
    node.audit.flush()
    scope.check_node_admin(p, "verify the whole audit chain")
    return verify_chain(node.store)
