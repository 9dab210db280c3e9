"""SQL of the node's accounts: organisations, users, browser sessions and API tokens.

:class:`crossline.node.auth.Accounts` holds the rules (names, roles, passwords, who
may create what); these functions only read and write rows, each on the connection
of the caller's transaction so that a check and its write stay atomic.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select, update

from crossline.store.repository import as_utc, utcnow
from crossline.store.rowdict import Shape
from crossline.store.schema_auth import api_tokens, organisations, sessions, users

USER = Shape(
    (
        "id", "username", "display_name", "org_id", "org_name", "role", "active",
        "created_at", "last_login_at",
    ),
    iso=("created_at", "last_login_at"),
    flags=("active",),
)  # fmt: skip
TOKEN = Shape(
    (
        "id", "name", "prefix", "org_id", "org_name", "role", "scopes", "created_at",
        "expires_at", "last_used_at", "revoked_at",
    ),
    iso=("created_at", "expires_at", "last_used_at", "revoked_at"),
    convert={"scopes": lambda v: list(v or [])},
)  # fmt: skip

# -- organisations --------------------------------------------------------------------


def org_exists(conn: Connection, *, org_id: str | None = None, name: str | None = None) -> bool:
    """Whether an organisation with this id (or this name) is stored."""
    o = organisations.c
    col, value = (o.id, org_id) if org_id is not None else (o.name, name)
    return conn.execute(select(o.id).where(col == value)).first() is not None


def home_org_id(conn: Connection) -> str | None:
    """The id of the agency running this node (the first organisation created)."""
    return conn.execute(select(organisations.c.id).where(organisations.c.is_home)).scalar()


def insert_org(conn: Connection, row: dict[str, Any]) -> None:
    conn.execute(organisations.insert(), [row])


def org_by_name(conn: Connection, name: str) -> dict[str, Any] | None:
    row = conn.execute(select(organisations).where(organisations.c.name == name)).first()
    return dict(row._mapping) if row else None


def org_rows(conn: Connection) -> list[Any]:
    return list(conn.execute(select(organisations).order_by(organisations.c.name)))


# -- users ----------------------------------------------------------------------------


def username_taken(conn: Connection, username: str) -> bool:
    return conn.execute(select(users.c.id).where(users.c.username == username)).first() is not None


def insert_user(conn: Connection, row: dict[str, Any]) -> None:
    conn.execute(users.insert(), [row])


def count_users(conn: Connection, role: str | None = None) -> int:
    """All users, or the active users with this role."""
    q = select(func.count()).select_from(users)
    if role:
        q = q.where(users.c.role == role, users.c.active)
    return int(conn.execute(q).scalar() or 0)


def user_dicts(conn: Connection, user_id: str | None = None) -> list[dict[str, Any]]:
    """Users (one, when ``user_id`` is given) with their organisation's name, by username."""
    q = (
        select(users, organisations.c.name.label("org_name"))
        .join(organisations, organisations.c.id == users.c.org_id)
        .order_by(users.c.username)
    )
    if user_id is not None:
        q = q.where(users.c.id == user_id)
    return [user_dict(r) for r in conn.execute(q)]


def user_by_username(conn: Connection, username: str) -> Any:
    """The raw user row (with its password hash), or None."""
    return conn.execute(select(users).where(users.c.username == username)).first()


def update_user(conn: Connection, user_id: str, values: dict[str, Any]) -> None:
    conn.execute(update(users).where(users.c.id == user_id).values(**values))


def revoke_user_sessions(conn: Connection, user_id: str) -> None:
    conn.execute(
        update(sessions)
        .where(sessions.c.user_id == user_id, sessions.c.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


# -- sessions -------------------------------------------------------------------------


def insert_session(conn: Connection, row: dict[str, Any]) -> None:
    conn.execute(sessions.insert(), [row])


def session_row(conn: Connection, token_hash: str) -> Any:
    """The session with its user and organisation, by the digest of its secret."""
    s, u, o = sessions.c, users.c, organisations.c
    return conn.execute(
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
        .where(s.token_hash == token_hash)
    ).first()


def revoke_session(conn: Connection, token_hash: str) -> None:
    conn.execute(
        update(sessions).where(sessions.c.token_hash == token_hash).values(revoked_at=utcnow())
    )


# -- API tokens -----------------------------------------------------------------------


def insert_token(conn: Connection, row: dict[str, Any]) -> None:
    conn.execute(api_tokens.insert(), [row])


def token_dicts(
    conn: Connection, *, org_id: str | None = None, token_id: str | None = None
) -> list[dict[str, Any]]:
    """Tokens (of one organisation, or one token) with their organisation, newest first."""
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
    return [token_dict(r) for r in conn.execute(q)]


def revoke_token(conn: Connection, token_id: str) -> None:
    conn.execute(
        update(api_tokens)
        .where(api_tokens.c.id == token_id, api_tokens.c.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def token_row(conn: Connection, token_hash: str) -> Any:
    """The token with its organisation, by the digest of the token."""
    t, o = api_tokens.c, organisations.c
    return conn.execute(
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
        .where(t.token_hash == token_hash)
    ).first()


def touch(
    conn: Connection, *, session_hash: str | None = None, token_id: str | None = None
) -> None:
    """Record that a session (by its digest) or a token (by its id) was used now."""
    if session_hash is not None:
        q = update(sessions).where(sessions.c.token_hash == session_hash)
        conn.execute(q.values(last_seen_at=utcnow()))
    if token_id is not None:
        q = update(api_tokens).where(api_tokens.c.id == token_id)
        conn.execute(q.values(last_used_at=utcnow()))


# -- rows -> dicts --------------------------------------------------------------------


def user_dict(row: Any) -> dict[str, Any]:
    """A user without the password hash."""
    return USER(row)


def token_dict(row: Any) -> dict[str, Any]:
    """A token's listing row (never its hash); ``active`` while unrevoked and unexpired."""
    out = TOKEN(row)
    out["active"] = row.revoked_at is None and (
        row.expires_at is None or as_utc(row.expires_at) > utcnow()  # type: ignore[operator]
    )
    return out
