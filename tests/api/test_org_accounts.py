"""Organisation scoping of accounts: another organisation's admin manages only its own.

The node's home organisation runs it; its admins are node admins. "State AG" is a
second organisation on the node with an admin of its own, "sam". Sam must not create,
change, list or revoke the home agency's accounts, through the API or the web pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from api_env import PASSWORD, Env, build_env
from fastapi.testclient import TestClient

import testdb
from crossline.config import Settings
from crossline.errors import PermissionDeniedError
from crossline.http.deps import CSRF_HEADER
from crossline.node import scope
from crossline.node.auth import Principal

NEW_PASSWORD = "another long passphrase 42"


@pytest.fixture(scope="module")
def node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    tmp = tmp_path_factory.mktemp("orgs")
    settings = Settings(home=tmp / "home", database_url=testdb.database_url(tmp))
    for env in build_env(settings):
        acc = env.node.accounts
        sam = acc.create_user(env.orgs["other"]["id"], "sam", PASSWORD, "admin")
        env.users["sam"] = sam
        env.users["sams_clerk"] = acc.create_user(
            env.orgs["other"]["id"], "sams-clerk", PASSWORD, "viewer"
        )
        token, row = acc.create_token(
            creator=None, user_id=sam["id"], org_id=env.orgs["other"]["id"], name="sam-machine",
            role="admin", scopes=["read", "admin"],
        )  # fmt: skip
        env.tokens["sam"] = token
        env.ids["home_token"] = acc.list_tokens(org_id=env.orgs["home"]["id"])[0]["id"]
        env.ids["sam_token"] = row["id"]
        yield env
    testdb.release(settings.database_url)


def session(env: Env, username: str) -> tuple[TestClient, dict[str, str]]:
    """A client of its own logged in as ``username`` (cookie), with the CSRF header."""
    client = TestClient(env.app)
    r = client.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return client, {CSRF_HEADER: r.json()["csrf_token"]}


def org(env: Env, name: str) -> str:
    return str(env.orgs[name]["id"])


# (case, method, path, body, expected status for sam, for the home admin)
CASES: list[tuple[str, str, str, Any, int, int]] = [
    ("create-admin-in-home", "POST", "/api/v1/users",
     lambda e: {"org_id": org(e, "home"), "username": "mole1", "password": NEW_PASSWORD,
                "role": "admin"}, 403, 201),
    ("create-viewer-in-home", "POST", "/api/v1/users",
     lambda e: {"org_id": org(e, "home"), "username": "mole2", "password": NEW_PASSWORD,
                "role": "viewer"}, 403, 201),
    ("create-in-partner-org", "POST", "/api/v1/users",
     lambda e: {"org_id": org(e, "partner"), "username": "mole3", "password": NEW_PASSWORD,
                "role": "analyst"}, 403, 201),
    ("reset-home-viewer-password", "PATCH", "/api/v1/users/{viewer}",
     lambda e: {"password": NEW_PASSWORD}, 404, 200),
    ("demote-home-admin", "PATCH", "/api/v1/users/{analyst}", lambda e: {"role": "viewer"},
     404, 200),
    ("deactivate-partner-user", "PATCH", "/api/v1/users/{partner}", lambda e: {"active": False},
     404, 200),
    ("create-org", "POST", "/api/v1/organisations",
     lambda e: {"name": "Shadow Agency", "country": "US"}, 403, 201),
    ("revoke-home-token", "DELETE", "/api/v1/tokens/{home_token}", None, 404, 200),
    ("verify-whole-audit-chain", "GET", "/api/v1/audit/verify", None, 403, 200),
]  # fmt: skip


def fill(env: Env, path: str) -> str:
    for name in ("viewer", "analyst", "partner"):
        path = path.replace("{" + name + "}", str(env.users[name]["id"]))
    return path.replace("{home_token}", env.ids["home_token"])


@pytest.mark.parametrize(
    ("method", "path", "body", "as_sam", "as_home"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_another_orgs_admin_cannot_touch_the_home_orgs_accounts(
    node: Env, method: str, path: str, body: Any, as_sam: int, as_home: int
) -> None:
    url = fill(node, path)
    payload = body(node) if body else None
    before = {u["username"]: u for u in node.node.accounts.list_users()}
    r = node.client.request(method, url, json=payload, headers=node.as_("sam"))
    assert r.status_code == as_sam, r.text
    after = {u["username"]: u for u in node.node.accounts.list_users()}
    assert after == before  # nothing changed, nothing created
    # The same request by a node admin works: the refusal is the organisation rule.
    if method == "PATCH" and "analyst" in path:
        return  # demoting is not replayed on the home admin fixture
    r = node.client.request(method, url, json=payload, headers=node.as_("admin"))
    assert r.status_code == as_home, r.text


def test_org_admin_lists_only_its_own_users_tokens_and_audit(node: Env) -> None:
    users = node.get("sam", "/api/v1/users").json()
    assert {u["username"] for u in users} == {"sam", "sams-clerk", "other_analyst"}
    tokens = node.get("sam", "/api/v1/tokens").json()
    assert {t["org_id"] for t in tokens} == {org(node, "other")}
    node.get("admin", "/api/v1/audit")  # entries of both organisations in the audit log
    node.get("sam", "/api/v1/audit")
    node.node.audit.flush()
    entries = node.get("sam", "/api/v1/audit?limit=1000").json()["items"]
    assert entries and {e["org_id"] for e in entries} == {org(node, "other")}
    orgs = node.get("sam", "/api/v1/organisations").json()
    assert [o["id"] for o in orgs] == [org(node, "other")]
    everyone = node.get("admin", "/api/v1/users").json()
    assert {"sam", "viewer", "partner"} <= {u["username"] for u in everyone}


def test_org_admin_manages_its_own_organisation(node: Env) -> None:
    r = node.client.post(
        "/api/v1/users",
        json={"org_id": org(node, "other"), "username": "sams-deputy", "password": NEW_PASSWORD,
              "role": "analyst"},
        headers=node.as_("sam"),
    )  # fmt: skip
    assert r.status_code == 201, r.text
    r = node.client.patch(
        f"/api/v1/users/{node.users['sams_clerk']['id']}",
        json={"role": "analyst"},
        headers=node.as_("sam"),
    )
    assert r.status_code == 200, r.text


def test_tokens_are_issued_only_for_ones_own_organisation(node: Env) -> None:
    client, csrf = session(node, "sam")
    body = {"name": "mole-feed", "role": "admin", "scopes": ["read", "admin"]}
    r = client.post("/api/v1/tokens", json={**body, "org_id": org(node, "home")}, headers=csrf)
    assert r.status_code == 403, r.text
    r = client.post("/api/v1/tokens", json={**body, "org_id": org(node, "other")}, headers=csrf)
    assert r.status_code == 201, r.text
    assert r.json()["org_id"] == org(node, "other")


def test_web_admin_pages_follow_the_same_rule(node: Env) -> None:
    client, csrf = session(node, "sam")
    page = client.get("/admin")
    assert page.status_code == 200
    assert "sams-clerk" in page.text
    assert node.users["viewer"]["id"] not in page.text
    assert node.users["analyst"]["id"] not in page.text
    r = client.post(
        "/admin/users",
        data={"csrf_token": csrf[CSRF_HEADER], "org_id": org(node, "home"), "username": "mole9",
              "password": NEW_PASSWORD, "role": "admin"},
    )  # fmt: skip
    assert r.status_code == 200
    assert "mole9" not in {u["username"] for u in node.node.accounts.list_users()}
    r = client.post(
        f"/admin/users/{node.users['viewer']['id']}",
        data={"csrf_token": csrf[CSRF_HEADER], "active": "no"},
    )
    assert node.node.accounts.get_user(node.users["viewer"]["id"])["active"] is True
    _token, home_token = node.node.accounts.create_token(
        creator=None, user_id=node.users["admin"]["id"], org_id=org(node, "home"),
        name="home-feed", role="analyst", scopes=["read"],
    )  # fmt: skip
    r = client.post(
        f"/admin/tokens/{home_token['id']}/revoke",
        data={"csrf_token": csrf[CSRF_HEADER]},
        follow_redirects=False,
    )
    assert node.node.accounts.get_token(home_token["id"])["revoked_at"] is None


def principal(role: str, home: bool, org_id: str = "org-b") -> Principal:
    return Principal(
        kind="user", id="u", name="u", org_id=org_id, org_name="B", home_org=home, role=role,
        permissions=frozenset(),
    )  # fmt: skip


# (granter role, granter in home org, role granted, allowed)
GRANTS = [
    ("admin", False, "admin", True),
    ("admin", True, "admin", True),
    ("analyst", False, "admin", False),
    ("analyst", True, "analyst", True),
    ("viewer", True, "analyst", False),
    ("partner", False, "viewer", False),
    ("admin", False, "nonsense", False),
]


@pytest.mark.parametrize(
    ("role", "home", "grant", "allowed"), GRANTS, ids=[f"{g[0]}-{g[1]}-{g[2]}" for g in GRANTS]
)
def test_never_grant_above_ones_own_role(role: str, home: bool, grant: str, allowed: bool) -> None:
    p = principal(role, home)
    if allowed:
        scope.check_grant(p, grant)
    else:
        with pytest.raises(PermissionDeniedError):
            scope.check_grant(p, grant)


# (role, home, owner org of a record, shared with, visible)
VISIBILITY = [
    ("admin", True, "org-b", (), True),  # node admin sees all
    ("analyst", True, None, (), True),  # unowned records are the home organisation's
    ("analyst", False, None, (), False),
    ("admin", False, "org-home", (), False),  # an org admin is no node admin
    ("viewer", False, "org-b", (), True),
    ("viewer", False, "org-c", ("org-b",), True),  # shared explicitly
    ("viewer", False, "org-c", ("org-d",), False),
]


@pytest.mark.parametrize(
    ("role", "home", "owner", "shared", "visible"),
    VISIBILITY,
    ids=[f"{v[0]}-{'home' if v[1] else 'b'}-{v[2]}-{'+'.join(v[3]) or 'none'}" for v in VISIBILITY],
)
def test_visibility_rule(
    role: str, home: bool, owner: str | None, shared: tuple[str, ...], visible: bool
) -> None:
    p = principal(role, home, org_id="org-home" if home else "org-b")
    assert scope.can_see(p, owner, shared) is visible
