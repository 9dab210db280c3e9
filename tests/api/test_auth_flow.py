"""Browser sessions, CSRF, login throttling, token revocation and expiry, user changes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from api_env import PASSWORD, Env
from sqlalchemy import update

from crossline.http.deps import CSRF_HEADER, SESSION_COOKIE
from crossline.store.repository import utcnow
from crossline.store.schema_auth import api_tokens


def login(env: Env, username: str, password: str = PASSWORD) -> dict[str, str]:
    r = env.client.post("/api/v1/auth/login", json={"username": username, "password": password})
    assert r.status_code == 200, r.text
    return r.json()


def test_login_sets_a_hardened_cookie_and_me_works(fresh_env: Env) -> None:
    r = fresh_env.client.post(
        "/api/v1/auth/login", json={"username": "Analyst", "password": PASSWORD}
    )
    assert r.status_code == 200
    cookie = r.headers["set-cookie"]
    assert f"{SESSION_COOKIE}=" in cookie
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    me = fresh_env.client.get("/api/v1/me").json()
    assert me["name"] == "analyst" and me["role"] == "analyst" and me["kind"] == "user"
    assert me["csrf_token"] == r.json()["csrf_token"]


def test_session_secret_is_not_stored_in_clear(fresh_env: Env) -> None:
    login(fresh_env, "viewer")
    secret = fresh_env.client.cookies[SESSION_COOKIE]
    with fresh_env.node.store.read() as conn:
        from sqlalchemy import select

        from crossline.store.schema_auth import sessions

        stored = list(conn.execute(select(sessions.c.token_hash)).scalars())
    assert stored and secret not in stored


@pytest.mark.parametrize(
    ("username", "password"),
    [("analyst", "wrong password here"), ("nobody", PASSWORD)],
    ids=["wrong-password", "unknown-user"],
)
def test_bad_credentials_get_one_message(fresh_env: Env, username: str, password: str) -> None:
    r = fresh_env.client.post(
        "/api/v1/auth/login", json={"username": username, "password": password}
    )
    assert r.status_code == 401
    assert r.json() == {
        "error": {"code": "unauthenticated", "message": "wrong username or password"}
    }


def test_login_is_rate_limited(fresh_env: Env) -> None:
    for _ in range(3):  # fresh_env allows 3 failures per user
        r = fresh_env.client.post(
            "/api/v1/auth/login", json={"username": "viewer", "password": "not it, not it"}
        )
        assert r.status_code == 401
    r = fresh_env.client.post(
        "/api/v1/auth/login", json={"username": "viewer", "password": PASSWORD}
    )
    assert r.status_code == 429
    assert r.json()["error"]["code"] == "rate_limited"
    assert int(r.headers["Retry-After"]) > 0
    fresh_env.node.audit.flush()
    from crossline.store.audit_log import list_entries

    denied = list_entries(fresh_env.node.store, action="login")
    assert [e["outcome"] for e in denied].count("denied") == 4


def test_state_change_with_a_session_needs_the_csrf_token(fresh_env: Env) -> None:
    me = login(fresh_env, "admin")
    body = {"name": "Partner agency B", "country": "GB"}
    r = fresh_env.client.post("/api/v1/organisations", json=body)
    assert r.status_code == 403 and r.json()["error"]["code"] == "csrf"
    r = fresh_env.client.post(
        "/api/v1/organisations", json=body, headers={CSRF_HEADER: "forged-token-value"}
    )
    assert r.status_code == 403 and r.json()["error"]["code"] == "csrf"
    r = fresh_env.client.post(
        "/api/v1/organisations", json=body, headers={CSRF_HEADER: me["csrf_token"]}
    )
    assert r.status_code == 201 and r.json()["name"] == "Partner agency B"


def test_bearer_requests_need_no_csrf(fresh_env: Env) -> None:
    r = fresh_env.client.post(
        "/api/v1/organisations", json={"name": "Carrier X"}, headers=fresh_env.as_("admin")
    )
    assert r.status_code == 201


def test_logout_ends_the_session(fresh_env: Env) -> None:
    me = login(fresh_env, "viewer")
    secret = fresh_env.client.cookies[SESSION_COOKIE]
    r = fresh_env.client.post("/api/v1/auth/logout", headers={CSRF_HEADER: me["csrf_token"]})
    assert r.status_code == 204
    fresh_env.client.cookies.set(SESSION_COOKIE, secret)  # replaying the old cookie
    assert fresh_env.client.get("/api/v1/me").status_code == 401


def test_revoked_token_stops_working_at_once(fresh_env: Env) -> None:
    r = fresh_env.client.post(
        "/api/v1/tokens",
        json={"name": "bank-feed", "role": "viewer", "scopes": ["read"]},
        headers=fresh_env.as_("admin"),
    )
    # Tokens are issued by people (a session), not by other tokens.
    assert r.status_code == 403
    me = login(fresh_env, "admin")
    csrf = {CSRF_HEADER: me["csrf_token"]}
    r = fresh_env.client.post(
        "/api/v1/tokens",
        json={"name": "bank-feed", "role": "viewer", "scopes": ["read"]},
        headers=csrf,
    )
    assert r.status_code == 201, r.text
    token, token_id = r.json()["token"], r.json()["id"]
    fresh_env.client.cookies.clear()
    bearer = {"Authorization": f"Bearer {token}"}
    assert fresh_env.client.get("/api/v1/stats", headers=bearer).status_code == 200
    fresh_env.node.accounts.revoke_token(token_id)
    r = fresh_env.client.get("/api/v1/stats", headers=bearer)
    assert r.status_code == 401 and "revoked" in r.json()["error"]["message"]


def test_expired_token_is_refused(fresh_env: Env) -> None:
    with fresh_env.node.store.transaction() as conn:
        conn.execute(update(api_tokens).values(expires_at=utcnow() - timedelta(seconds=1)))
    assert fresh_env.get("viewer", "/api/v1/stats").status_code == 401


@pytest.mark.parametrize(
    "header",
    ["Basic dXNlcjpwYXNz", "Bearer", "Bearer cl_00000000_not-a-real-token"],
    ids=["basic", "empty-bearer", "unknown-token"],
)
def test_malformed_or_unknown_credentials(fresh_env: Env, header: str) -> None:
    r = fresh_env.client.get("/api/v1/stats", headers={"Authorization": header})
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthenticated"


def test_token_cannot_outrank_its_creator(fresh_env: Env) -> None:
    me = login(fresh_env, "admin")
    analyst = fresh_env.users["analyst"]
    # An admin demotes the analyst to viewer: the analyst's sessions end.
    r = fresh_env.client.patch(
        f"/api/v1/users/{analyst['id']}",
        json={"role": "viewer"},
        headers={CSRF_HEADER: me["csrf_token"]},
    )
    assert r.status_code == 200 and r.json()["role"] == "viewer"
    from crossline.errors import ValidationError
    from crossline.node.auth import Principal
    from crossline.node.security import permissions_for

    viewer = Principal(
        "user",
        analyst["id"],
        "analyst",
        analyst["org_id"],
        "home",
        True,
        "viewer",
        permissions_for("viewer"),
    )
    with pytest.raises(ValidationError, match="cannot create a token with role analyst"):
        fresh_env.node.accounts.create_token(
            creator=viewer,
            user_id=analyst["id"],
            org_id=analyst["org_id"],
            name="x",
            role="analyst",
            scopes=["read"],
        )


def test_the_last_admin_cannot_be_removed(fresh_env: Env) -> None:
    admin = fresh_env.users["admin"]
    r = fresh_env.client.patch(
        f"/api/v1/users/{admin['id']}", json={"active": False}, headers=fresh_env.as_("admin")
    )
    assert r.status_code == 409 and r.json()["error"]["code"] == "conflict"


def test_deactivated_user_loses_sessions(fresh_env: Env) -> None:
    login(fresh_env, "viewer")
    assert fresh_env.client.get("/api/v1/me").status_code == 200
    viewer = fresh_env.users["viewer"]
    r = fresh_env.client.patch(
        f"/api/v1/users/{viewer['id']}", json={"active": False}, headers=fresh_env.as_("admin")
    )
    assert r.status_code == 200 and r.json()["active"] is False
    assert fresh_env.client.get("/api/v1/me").status_code == 401
    r = fresh_env.client.post(
        "/api/v1/auth/login", json={"username": "viewer", "password": PASSWORD}
    )
    assert r.status_code == 401
