"""Accounts of a node: organisations, users, browser sessions and API tokens.

Every request is made by a :class:`Principal` (a user through a session cookie,
or a machine through a bearer token). Its permissions come from its role, cut
down by the token's scopes; case data is then filtered by organisation where
it matters (victim PII is shown only to the organisation that owns the report).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection

from crossline.errors import ConflictError, NotFoundError, ValidationError
from crossline.node.security import (
    ROLE_RANK,
    check_password_strength,
    check_role,
    check_scopes,
    digest,
    hash_password,
    new_api_token,
    new_secret,
    normalise_username,
    permissions_for,
    verify_password,
)
from crossline.node.token_cache import RevocationStamp, TokenCache
from crossline.share.partner_stamp import partners_changed
from crossline.store import accounts as rows
from crossline.store.repository import Store, as_utc, iso_utc, utcnow

SESSION_LIFETIME = timedelta(hours=12)
SESSION_IDLE = timedelta(hours=2)
TOUCH_EVERY = 60.0  # seconds between last-seen writes for one session or token
USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-@")


@dataclass(frozen=True)
class UserChange:
    """What to change on a user; None leaves that field as it is."""

    role: str | None = None
    active: bool | None = None
    password: str | None = None

    def changed(self) -> list[str]:
        """The names of the fields this change sets, for the audit log (never the values)."""
        return [f.name for f in fields(self) if getattr(self, f.name) is not None]


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is making a request, and what they may do."""

    kind: str  # "user" (browser session) or "token"
    id: str  # user id or token id
    name: str  # username or token name
    org_id: str
    org_name: str
    home_org: bool  # belongs to the agency running this node
    role: str
    permissions: frozenset[str]
    csrf_token: str | None = None  # sessions only
    org_country: str | None = None  # the organisation's country: its default time zone

    @property
    def actor(self) -> str:
        return f"{self.kind}:{self.name}"

    def can(self, permission: str) -> bool:
        return permission in self.permissions

    def to_dict(self) -> dict[str, Any]:
        """Who this is, as ``GET /me`` shows it (permissions sorted)."""
        out = {name: getattr(self, name) for name in SHOWN_FIELDS}
        out["permissions"] = sorted(self.permissions)
        return out


# What ``GET /me`` shows of a principal, in the order it shows it.
SHOWN_FIELDS = ("kind", "id", "name", "org_id", "org_name", "role", "permissions", "csrf_token")


def check_username(username: str) -> str:
    name = normalise_username(username)
    if not (2 <= len(name) <= 64) or not set(name) <= USERNAME_CHARS:
        raise ValidationError(
            f"invalid username {username!r}: 2-64 characters from a-z 0-9 . _ - @",
            field="username",
        )
    return name


class Accounts:
    """Organisations, users, sessions and tokens in the node's store."""

    def __init__(self, store: Store, *, stamp: RevocationStamp | None = None) -> None:
        """``stamp``: the node's revocation stamp; with it, verified tokens are kept in
        memory (:mod:`crossline.node.token_cache`), and revocations here move it."""
        self.store = store
        self._touched: dict[str, float] = {}
        self._lock = threading.Lock()
        self.tokens = TokenCache(stamp) if stamp is not None else None

    # -- organisations ---------------------------------------------------------------

    def create_org(self, name: str, *, country: str | None = None) -> dict[str, Any]:
        """A new organisation; the first one created is the node's home agency."""
        name = name.strip()
        if not name or len(name) > 128:
            raise ValidationError("organisation name must be 1-128 characters", field="name")
        if country is not None and (len(country) != 2 or not country.isalpha()):
            raise ValidationError(
                f"country {country!r}: expected an ISO 3166-1 alpha-2 code", field="country"
            )
        with self.store.transaction() as conn:
            if rows.org_exists(conn, name=name):
                raise ConflictError(f"organisation {name!r} already exists", field="name")
            has_home = rows.home_org_id(conn)
            row = {
                "id": str(uuid.uuid4()),
                "name": name,
                "country": country.upper() if country else None,
                "is_home": has_home is None,
                "created_at": utcnow(),
            }
            rows.insert_org(conn, row)
        partners_changed(self.store)  # what the partner caches keep names organisations
        return {**row, "created_at": iso_utc(row["created_at"])}

    def org_by_name(self, name: str) -> dict[str, Any] | None:
        with self.store.read() as conn:
            return rows.org_by_name(conn, name)

    def home_org_id(self, conn: Connection) -> str | None:
        return rows.home_org_id(conn)

    def list_orgs(self) -> list[dict[str, Any]]:
        with self.store.read() as conn:
            return [
                {**r._mapping, "created_at": iso_utc(r.created_at)} for r in rows.org_rows(conn)
            ]

    # -- users -----------------------------------------------------------------------

    def create_user(
        self,
        org_id: str,
        username: str,
        password: str,
        role: str,
        *,
        display_name: str | None = None,
    ) -> dict[str, Any]:
        name = check_username(username)
        check_role(role)
        check_password_strength(password, name)
        with self.store.transaction() as conn:
            _check_org(conn, org_id)
            if rows.username_taken(conn, name):
                raise ConflictError(f"username {name!r} is taken", field="username")
            row = {
                "id": str(uuid.uuid4()),
                "org_id": org_id,
                "username": name,
                "display_name": display_name,
                "password_hash": hash_password(password),
                "role": role,
                "active": True,
                "created_at": utcnow(),
            }
            rows.insert_user(conn, row)
        return self.get_user(str(row["id"]))

    def count_users(self, role: str | None = None) -> int:
        with self.store.read() as conn:
            return rows.count_users(conn, role)

    def get_user(self, user_id: str) -> dict[str, Any]:
        with self.store.read() as conn:
            found = rows.user_dicts(conn, user_id)
        if not found:
            raise NotFoundError(f"no user with id {user_id!r}")
        return found[0]

    def list_users(self) -> list[dict[str, Any]]:
        with self.store.read() as conn:
            return rows.user_dicts(conn)

    def update_user(self, user_id: str, change: UserChange) -> dict[str, Any]:
        """Change a role, (de)activate, or reset a password; deactivation ends sessions."""
        role, active, password = change.role, change.active, change.password
        user = self.get_user(user_id)
        values: dict[str, Any] = {}
        if role is not None:
            values["role"] = check_role(role)
        if active is not None:
            values["active"] = active
        if password is not None:
            check_password_strength(password, user["username"])
            values["password_hash"] = hash_password(password)
        if not values:
            raise ValidationError("nothing to change: give role, active or password")
        demoting = (role and role != "admin") or active is False
        with self.store.transaction() as conn:
            if user["role"] == "admin" and demoting and rows.count_users(conn, "admin") <= 1:
                raise ConflictError("cannot remove the last active admin", field="role")
            rows.update_user(conn, user_id, values)
            if active is False or password is not None or role is not None:
                rows.revoke_user_sessions(conn, user_id)
        return self.get_user(user_id)

    def authenticate(self, username: str, password: str) -> dict[str, Any] | None:
        """The active user with this username and password, else None (same cost either way)."""
        name = normalise_username(username)
        with self.store.read() as conn:
            row = rows.user_by_username(conn, name)
        ok = verify_password(row.password_hash if row else None, password)
        if not ok or row is None or not row.active:
            return None
        with self.store.transaction() as conn:
            rows.update_user(conn, row.id, {"last_login_at": utcnow()})
        return self.get_user(row.id)

    # -- sessions --------------------------------------------------------------------

    def create_session(self, user_id: str, *, ip: str | None, user_agent: str | None) -> str:
        """A new session; returns the secret to put in the cookie (stored only as a digest)."""
        secret = new_secret()
        now = utcnow()
        with self.store.transaction() as conn:
            rows.insert_session(
                conn,
                {
                    "token_hash": digest(secret),
                    "user_id": user_id,
                    "csrf_token": new_secret(),
                    "created_at": now,
                    "expires_at": now + SESSION_LIFETIME,
                    "last_seen_at": now,
                    "ip": (ip or "")[:64],
                    "user_agent": (user_agent or "")[:255],
                },
            )
        return secret

    def session_principal(self, secret: str) -> Principal | None:
        with self.store.read() as conn:
            row = rows.session_row(conn, digest(secret))
        now = utcnow()
        if (
            row is None
            or row.revoked_at is not None
            or not row.active
            or as_utc(row.expires_at) <= now  # type: ignore[operator]
            or as_utc(row.last_seen_at) + SESSION_IDLE <= now  # type: ignore[operator]
        ):
            return None
        self._touch(row.token_hash, session_hash=row.token_hash)
        return Principal(
            "user",
            row.id,
            row.username,
            row.org_id,
            row.name,
            bool(row.is_home),
            row.role,
            permissions_for(row.role),
            row.csrf_token,
            row.country,
        )

    def end_session(self, secret: str) -> None:
        with self.store.transaction() as conn:
            rows.revoke_session(conn, digest(secret))

    # -- API tokens ------------------------------------------------------------------

    def create_token(
        self,
        *,
        creator: Principal | None,
        user_id: str,
        org_id: str,
        name: str,
        role: str,
        scopes: Sequence[str],
        expires_days: int | None = 365,
    ) -> tuple[str, dict[str, Any]]:
        """A new token (returned once, in clear) and its listing row.

        A token can never carry a higher role than the person creating it.
        """
        check_role(role)
        checked = check_scopes(scopes)
        if creator is not None and ROLE_RANK[role] > ROLE_RANK[creator.role]:
            raise ValidationError(
                f"a {creator.role} cannot create a token with role {role}", field="role"
            )
        if not name.strip() or len(name) > 128:
            raise ValidationError("token name must be 1-128 characters", field="name")
        if expires_days is not None and not (1 <= expires_days <= 3650):
            raise ValidationError("expires_days must be 1-3650", field="expires_days")
        token, prefix = new_api_token()
        now = utcnow()
        row = {
            "id": str(uuid.uuid4()),
            "org_id": org_id,
            "user_id": user_id,
            "name": name.strip(),
            "prefix": prefix,
            "token_hash": digest(token),
            "role": role,
            "scopes": list(checked),
            "created_at": now,
            "expires_at": now + timedelta(days=expires_days) if expires_days else None,
        }
        with self.store.transaction() as conn:
            _check_org(conn, org_id)
            rows.insert_token(conn, row)
        return token, self.get_token(str(row["id"]))

    def get_token(self, token_id: str) -> dict[str, Any]:
        found = self.list_tokens(token_id=token_id)
        if not found:
            raise NotFoundError(f"no API token with id {token_id!r}")
        return found[0]

    def list_tokens(
        self, *, org_id: str | None = None, token_id: str | None = None
    ) -> list[dict[str, Any]]:
        with self.store.read() as conn:
            return rows.token_dicts(conn, org_id=org_id, token_id=token_id)

    def revoke_token(self, token_id: str) -> dict[str, Any]:
        self.get_token(token_id)
        with self.store.transaction() as conn:
            rows.revoke_token(conn, token_id)
        # After the commit: a process reading the token again must find it revoked.
        if self.tokens is not None:
            self.tokens.revoked()
        return self.get_token(token_id)

    def token_principal(self, token: str) -> Principal | None:
        """The principal of a bearer token, or None (unknown, expired or revoked)."""
        key = digest(token)
        cache = self.tokens
        if cache is not None and (hit := cache.get(key)) is not None:
            principal, token_id = hit
            self._touch(token_id, token_id=token_id)
            return principal
        stamp = cache.before_read() if cache is not None else None
        with self.store.read() as conn:
            row = rows.token_row(conn, key)
        if row is None or row.revoked_at is not None:
            return None
        expires = as_utc(row.expires_at)
        if expires is not None and expires <= utcnow():
            return None
        self._touch(row.id, token_id=row.id)
        principal = Principal(
            "token",
            row.id,
            f"{row.name} ({row.prefix})",
            row.org_id,
            row.org_name,
            bool(row.is_home),
            row.role,
            permissions_for(row.role, row.scopes),
        )
        if cache is not None:
            cache.put(key, principal, row.id, expires, stamp)
        return principal

    def kept_token_principal(self, token: str) -> Principal | None:
        """The principal of a token answered from memory alone, or None when answering
        needs the database (not kept, or its last-use time is due to be written)."""
        cache = self.tokens
        hit = cache.get(digest(token)) if cache is not None else None
        if hit is None or self._touch_due(hit[1]):
            return None
        return hit[0]

    def _touch_due(self, key: str) -> bool:
        return time.monotonic() - self._touched.get(key, -TOUCH_EVERY) >= TOUCH_EVERY

    def _touch(self, key: str, **which: str) -> None:
        """Record last use at most once a minute: a write per request would serialize reads."""
        now = time.monotonic()
        with self._lock:
            if now - self._touched.get(key, -TOUCH_EVERY) < TOUCH_EVERY:
                return
            self._touched[key] = now
        with self.store.transaction() as conn:
            rows.touch(conn, **which)


def _check_org(conn: Connection, org_id: str) -> None:
    if not rows.org_exists(conn, org_id=org_id):
        raise NotFoundError(f"no organisation with id {org_id!r}", field="org_id")
