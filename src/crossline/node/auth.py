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
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, func, select, update

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
from crossline.store.repository import Store, as_utc, iso_utc, utcnow
from crossline.store.schema_auth import api_tokens, organisations, sessions, users

SESSION_LIFETIME = timedelta(hours=12)
SESSION_IDLE = timedelta(hours=2)
TOUCH_EVERY = 60.0  # seconds between last-seen writes for one session or token
USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-@")


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

    @property
    def actor(self) -> str:
        return f"{self.kind}:{self.name}"

    def can(self, permission: str) -> bool:
        return permission in self.permissions


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

    def __init__(self, store: Store) -> None:
        self.store = store
        self._touched: dict[str, float] = {}
        self._lock = threading.Lock()

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
            if conn.execute(select(organisations.c.id).where(organisations.c.name == name)).first():
                raise ConflictError(f"organisation {name!r} already exists", field="name")
            has_home = conn.execute(
                select(organisations.c.id).where(organisations.c.is_home)
            ).first()
            row = {
                "id": str(uuid.uuid4()),
                "name": name,
                "country": country.upper() if country else None,
                "is_home": has_home is None,
                "created_at": utcnow(),
            }
            conn.execute(organisations.insert(), [row])
        return {**row, "created_at": iso_utc(row["created_at"])}

    def org_by_name(self, name: str) -> dict[str, Any] | None:
        with self.store.read() as conn:
            row = conn.execute(select(organisations).where(organisations.c.name == name)).first()
        return dict(row._mapping) if row else None

    def home_org_id(self, conn: Connection) -> str | None:
        q = select(organisations.c.id).where(organisations.c.is_home)
        return conn.execute(q).scalar()

    def list_orgs(self) -> list[dict[str, Any]]:
        with self.store.read() as conn:
            rows = conn.execute(select(organisations).order_by(organisations.c.name))
            return [{**r._mapping, "created_at": iso_utc(r.created_at)} for r in rows]

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
            if not conn.execute(
                select(organisations.c.id).where(organisations.c.id == org_id)
            ).first():
                raise NotFoundError(f"no organisation with id {org_id!r}", field="org_id")
            if conn.execute(select(users.c.id).where(users.c.username == name)).first():
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
            conn.execute(users.insert(), [row])
        return self.get_user(str(row["id"]))

    def count_users(self, role: str | None = None) -> int:
        q = select(func.count()).select_from(users)
        if role:
            q = q.where(users.c.role == role, users.c.active)
        with self.store.read() as conn:
            return int(conn.execute(q).scalar() or 0)

    def get_user(self, user_id: str) -> dict[str, Any]:
        with self.store.read() as conn:
            row = conn.execute(
                select(users, organisations.c.name.label("org_name"))
                .join(organisations, organisations.c.id == users.c.org_id)
                .where(users.c.id == user_id)
            ).first()
        if row is None:
            raise NotFoundError(f"no user with id {user_id!r}")
        return _user_dict(row)

    def list_users(self) -> list[dict[str, Any]]:
        with self.store.read() as conn:
            rows = conn.execute(
                select(users, organisations.c.name.label("org_name"))
                .join(organisations, organisations.c.id == users.c.org_id)
                .order_by(users.c.username)
            )
            return [_user_dict(r) for r in rows]

    def update_user(
        self,
        user_id: str,
        *,
        role: str | None = None,
        active: bool | None = None,
        password: str | None = None,
    ) -> dict[str, Any]:
        """Change a role, (de)activate, or reset a password; deactivation ends sessions."""
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
            if user["role"] == "admin" and demoting:
                admins = conn.execute(
                    select(func.count())
                    .select_from(users)
                    .where(users.c.role == "admin", users.c.active)
                ).scalar()
                if (admins or 0) <= 1:
                    raise ConflictError("cannot remove the last active admin", field="role")
            conn.execute(update(users).where(users.c.id == user_id).values(**values))
            if active is False or password is not None or role is not None:
                conn.execute(
                    update(sessions)
                    .where(sessions.c.user_id == user_id, sessions.c.revoked_at.is_(None))
                    .values(revoked_at=utcnow())
                )
        return self.get_user(user_id)

    def authenticate(self, username: str, password: str) -> dict[str, Any] | None:
        """The active user with this username and password, else None (same cost either way)."""
        name = normalise_username(username)
        with self.store.read() as conn:
            row = conn.execute(select(users).where(users.c.username == name)).first()
        ok = verify_password(row.password_hash if row else None, password)
        if not ok or row is None or not row.active:
            return None
        with self.store.transaction() as conn:
            conn.execute(update(users).where(users.c.id == row.id).values(last_login_at=utcnow()))
        return self.get_user(row.id)

    # -- sessions --------------------------------------------------------------------

    def create_session(self, user_id: str, *, ip: str | None, user_agent: str | None) -> str:
        """A new session; returns the secret to put in the cookie (stored only as a digest)."""
        secret = new_secret()
        now = utcnow()
        with self.store.transaction() as conn:
            conn.execute(
                sessions.insert(),
                [
                    {
                        "token_hash": digest(secret),
                        "user_id": user_id,
                        "csrf_token": new_secret(),
                        "created_at": now,
                        "expires_at": now + SESSION_LIFETIME,
                        "last_seen_at": now,
                        "ip": (ip or "")[:64],
                        "user_agent": (user_agent or "")[:255],
                    }
                ],
            )
        return secret

    def session_principal(self, secret: str) -> Principal | None:
        s, u, o = sessions.c, users.c, organisations.c
        with self.store.read() as conn:
            row = conn.execute(
                select(
                    s.token_hash,
                    s.csrf_token,
                    s.expires_at,
                    s.last_seen_at,
                    s.revoked_at,
                    u.id,
                    u.username,
                    u.role,
                    u.active,
                    u.org_id,
                    o.name,
                    o.is_home,
                )
                .join(users, u.id == s.user_id)
                .join(organisations, o.id == u.org_id)
                .where(s.token_hash == digest(secret))
            ).first()
        now = utcnow()
        if (
            row is None
            or row.revoked_at is not None
            or not row.active
            or as_utc(row.expires_at) <= now  # type: ignore[operator]
            or as_utc(row.last_seen_at) + SESSION_IDLE <= now  # type: ignore[operator]
        ):
            return None
        self._touch(sessions, sessions.c.token_hash, row.token_hash, "last_seen_at")
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
        )

    def end_session(self, secret: str) -> None:
        with self.store.transaction() as conn:
            conn.execute(
                update(sessions)
                .where(sessions.c.token_hash == digest(secret))
                .values(revoked_at=utcnow())
            )

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
            if not conn.execute(
                select(organisations.c.id).where(organisations.c.id == org_id)
            ).first():
                raise NotFoundError(f"no organisation with id {org_id!r}", field="org_id")
            conn.execute(api_tokens.insert(), [row])
        return token, self.get_token(str(row["id"]))

    def get_token(self, token_id: str) -> dict[str, Any]:
        rows = self.list_tokens(token_id=token_id)
        if not rows:
            raise NotFoundError(f"no API token with id {token_id!r}")
        return rows[0]

    def list_tokens(
        self, *, org_id: str | None = None, token_id: str | None = None
    ) -> list[dict[str, Any]]:
        t, o = api_tokens.c, organisations.c
        q = (
            select(api_tokens, o.name.label("org_name"))
            .join(organisations, o.id == t.org_id)
            .order_by(t.created_at.desc(), t.id)
        )
        if org_id:
            q = q.where(t.org_id == org_id)
        if token_id:
            q = q.where(t.id == token_id)
        with self.store.read() as conn:
            return [_token_dict(r) for r in conn.execute(q)]

    def revoke_token(self, token_id: str) -> dict[str, Any]:
        self.get_token(token_id)
        with self.store.transaction() as conn:
            conn.execute(
                update(api_tokens)
                .where(api_tokens.c.id == token_id, api_tokens.c.revoked_at.is_(None))
                .values(revoked_at=utcnow())
            )
        return self.get_token(token_id)

    def token_principal(self, token: str) -> Principal | None:
        t, o = api_tokens.c, organisations.c
        with self.store.read() as conn:
            row = conn.execute(
                select(
                    t.id,
                    t.name,
                    t.prefix,
                    t.role,
                    t.scopes,
                    t.org_id,
                    t.expires_at,
                    t.revoked_at,
                    o.name.label("org_name"),
                    o.is_home,
                )
                .join(organisations, o.id == t.org_id)
                .where(t.token_hash == digest(token))
            ).first()
        if row is None or row.revoked_at is not None:
            return None
        if row.expires_at is not None and as_utc(row.expires_at) <= utcnow():  # type: ignore[operator]
            return None
        self._touch(api_tokens, api_tokens.c.id, row.id, "last_used_at")
        return Principal(
            "token",
            row.id,
            f"{row.name} ({row.prefix})",
            row.org_id,
            row.org_name,
            bool(row.is_home),
            row.role,
            permissions_for(row.role, row.scopes),
        )

    def _touch(self, table: Any, key_col: Any, key: str, column: str) -> None:
        """Record last use at most once a minute: a write per request would serialize reads."""
        now = time.monotonic()
        with self._lock:
            if now - self._touched.get(key, -TOUCH_EVERY) < TOUCH_EVERY:
                return
            self._touched[key] = now
        with self.store.transaction() as conn:
            conn.execute(update(table).where(key_col == key).values({column: utcnow()}))


def _user_dict(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "username": row.username,
        "display_name": row.display_name,
        "org_id": row.org_id,
        "org_name": row.org_name,
        "role": row.role,
        "active": bool(row.active),
        "created_at": iso_utc(row.created_at),
        "last_login_at": iso_utc(row.last_login_at),
    }


def _token_dict(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "prefix": row.prefix,
        "org_id": row.org_id,
        "org_name": row.org_name,
        "role": row.role,
        "scopes": list(row.scopes or []),
        "created_at": iso_utc(row.created_at),
        "expires_at": iso_utc(row.expires_at),
        "last_used_at": iso_utc(row.last_used_at),
        "revoked_at": iso_utc(row.revoked_at),
        "active": row.revoked_at is None
        and (row.expires_at is None or as_utc(row.expires_at) > utcnow()),  # type: ignore[operator]
    }
