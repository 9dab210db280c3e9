"""The attack matrix: every route x every kind of caller x own / another organisation's object.

Routes come from the running app (the OpenAPI document, the TAXII server and the web
pages); the expected answer of each cell comes from the declared policy
(``attack_policy.POLICY``) and the role table, never from the code under test. A route
without a policy entry fails :func:`test_every_route_has_a_policy`.

Callers: anonymous, a viewer, an analyst and an admin of the home organisation, an
admin of another organisation on the node, a partner's token in force, an expired
partner token, a registry (bank) token, and a revoked token. One app, seeded once,
requests in-process. Figures: ``python -m pytest tests/api/test_attack_matrix.py -q -s``
prints the matrix size.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from attack_policy import AUTH, HOME, NODE_ADMIN, PARTNER, PARTNER_ONLY, POLICY, PUBLIC, SCOPED
from sqlalchemy import update
from starlette.routing import Mount

from crossline.config import Settings
from crossline.node.security import TOKEN_SCOPES, permissions_for
from crossline.share import alerts as al
from crossline.share.partners import register_partner
from crossline.store.repository import utcnow
from crossline.store.schema_auth import api_tokens
from support import testdb
from support.api_env import PASSWORD, Env, build_env

UPLOAD = Path(__file__).parent / "data" / "upload.jsonl"
ALL_SCOPES = sorted(TOKEN_SCOPES)
# caller -> (organisation, role); None: no credentials
CALLERS: dict[str, tuple[str, str] | None] = {
    "anonymous": None,
    "viewer": ("home", "viewer"),
    "analyst": ("home", "analyst"),
    "home_admin": ("home", "admin"),
    "other_admin": ("other", "admin"),
    "partner": ("partner", "partner"),
    "expired_partner": ("partner", "partner"),
    "registry": ("bank", "registry"),
    "revoked": ("home", "analyst"),
}
INVALID = {"expired_partner", "revoked"}


def walk(routes: Any, prefix: str = "") -> Iterator[tuple[str, str]]:
    for r in routes:
        if isinstance(r, Mount):
            if r.path != "/static":
                yield from walk(r.routes, prefix + r.path)
        elif hasattr(r, "original_router"):  # an included router
            yield from walk(r.original_router.routes, prefix)
        elif getattr(r, "methods", None):
            for m in sorted(r.methods - {"HEAD"}):
                yield m, prefix + r.path


def served(app: Any) -> list[tuple[str, str]]:
    """Every (method, path) the app serves: the OpenAPI document plus the rest."""
    found = {(m.upper(), p) for p, ops in app.openapi()["paths"].items() for m in ops}
    found |= set(walk(app.router.routes))
    return sorted(found)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    tmp = tmp_path_factory.mktemp("matrix")
    settings = Settings(home=tmp / "home", database_url=testdb.database_url(tmp))
    for env in build_env(settings):
        seed_world(env)
        yield env
    testdb.release(settings.database_url)


def seed_world(env: Env) -> None:
    acc, store = env.node.accounts, env.node.store
    env.orgs["bank"] = acc.create_org("First Bank", country="US")
    register_partner(
        store, name="india", country="IN", public_key="A" * 43 + "=",
        org_id=env.orgs["partner"]["id"],
    )  # fmt: skip
    tokens: dict[str, str] = {}
    for name, spec in CALLERS.items():
        if spec is None:
            continue
        org, role = spec
        user = acc.create_user(env.orgs[org]["id"], f"mx-{name.replace('_', '-')}", PASSWORD, role)
        token, row = acc.create_token(
            creator=None, user_id=user["id"], org_id=env.orgs[org]["id"], name=f"mx-{name}",
            role=role, scopes=ALL_SCOPES,
        )  # fmt: skip
        tokens[name] = token
        env.users[f"mx-{name}"] = user
        if name == "revoked":
            acc.revoke_token(row["id"])
        if name == "expired_partner":
            with store.transaction() as conn:
                conn.execute(
                    update(api_tokens)
                    .where(api_tokens.c.id == row["id"])
                    .values(expires_at=utcnow() - timedelta(days=1))
                )
    env.tokens.update(tokens)
    objects: dict[str, dict[str, str]] = {"home": {}, "other": {}}
    for org, who in (("home", "analyst"), ("other", "other_admin")):
        h = {"Authorization": f"Bearer {tokens[who]}"}
        case = f"MX-{org.upper()}-1"
        r = env.client.post(
            "/api/v1/evidence", headers=h, files={"file": ("e.txt", f"{org}".encode())},
            data={"case": case, "exhibit": "1", "description": "d", "acquired_by": who},
        )  # fmt: skip
        assert r.status_code == 201, r.text
        objects[org]["item_id"], objects[org]["case"] = r.json()["id"], case
        r = env.client.post(
            "/api/v1/legal-requests", headers=h,
            json={"type": "mlat", "partner": "india", "facts": f"facts of {org}"},
        )  # fmt: skip
        assert r.status_code == 201, r.text
        objects[org]["request_id"] = r.json()["id"]
        r = env.client.post(
            "/api/v1/imports", headers=h, files={"file": (UPLOAD.name, UPLOAD.read_bytes())}
        )
        assert r.status_code == 202, r.text
        env.node.jobs.wait(r.json()["id"])
        objects[org]["job_id"] = r.json()["id"]
        user = acc.create_user(env.orgs[org]["id"], f"mx-target-{org}", PASSWORD, "viewer")
        objects[org]["user_id"] = user["id"]
        _t, row = acc.create_token(
            creator=None, user_id=user["id"], org_id=env.orgs[org]["id"], name=f"mx-t-{org}",
            role="viewer", scopes=["read"],
        )  # fmt: skip
        objects[org]["token_id"] = row["id"]
    with store.transaction() as conn:
        for n, org in ((1, "home"), (2, "other")):
            aid = f"{n:08d}-bbbb-5bbb-8bbb-bbbbbbbbbbbb"
            al.store_alerts(
                conn,
                [{"id": aid, "kind": "match", "origin": "local", "summary": {"message": "m"},
                  "created_at": utcnow(),
                  "org_id": None if org == "home" else env.orgs["other"]["id"]}],
            )  # fmt: skip
            objects[org]["alert_id"] = aid
    env.extra = objects  # type: ignore[attr-defined]


# Path parameters that name no organisation's record: the same value in both columns.
COMMON = {
    "campaign_id": lambda e: e.ids["cross_border"],
    "report_id": lambda e: e.ids["us-1"],
    "indicator_id": lambda e: "phone:+12025550143",
    "partner": lambda e: "india",
    "kind": lambda e: "phone",
    "value": lambda e: "+12025550143",
    "ref": lambda e: "+12025550143",
    "match_id": lambda e: "00000000-0000-5000-8000-000000000001",
    "cid": lambda e: "00000000-0000-5000-8000-000000000002",
    "object_id": lambda e: "indicator--00000000-0000-5000-8000-000000000003",
    "sid": lambda e: "00000000-0000-5000-8000-000000000004",
    "request_id": lambda e: "00000000-0000-5000-8000-000000000005",
    "reference": lambda e: "CR-AAAAA-BBBBB",
    "table": lambda e: "campaigns",
    "watch_id": lambda e: "00000000-0000-5000-8000-000000000006",
    "tag": lambda e: "priority",
}
# Bodies that pass validation, so the organisation rule (not the body) answers.
BODIES: dict[str, Any] = {
    "/status": lambda case: {"status": "withdrawn"},
    "/answer": lambda case: {"items": [f"{case}/1"], "final": False},
}


def fill(env: Env, path: str, owner: str) -> str:
    objects = env.extra  # type: ignore[attr-defined]

    def value(m: re.Match[str]) -> str:
        name = m.group(1)
        if name in objects[owner] and not (name == "request_id" and "/money/" in path):
            return str(objects[owner][name])
        return str(COMMON[name](env))

    return re.sub(r"\{([a-z_]+)\}", value, path)


def expected(method: str, path: str, caller: str, other_object: bool) -> str:
    """``ok`` (any answer but 401/403 and 5xx), ``401``, ``403``, ``404`` or ``agreement``
    (a partner's request: the agreement answers; never 401 or 5xx)."""
    needs, flags = POLICY[(method, path)]
    spec = CALLERS[caller]
    if needs == PUBLIC:
        return "public"
    if spec is None or caller in INVALID:
        return "401"
    org, role = spec
    if caller == "partner":
        return "agreement" if PARTNER in flags else "404"
    node_admin = org == "home" and role == "admin"
    perms = permissions_for(role, ALL_SCOPES)
    if needs == PARTNER_ONLY:
        return "403"
    if HOME in flags and needs in perms and org != "home":
        return "403"
    if needs == NODE_ADMIN:
        if "admin" not in perms:
            return "403"
        return "ok" if node_admin else "403"
    if needs != AUTH and needs not in perms:
        return "403"
    if SCOPED in flags and other_object and not node_admin:
        return "404"
    return "ok"


def check(outcome: str, status: int) -> bool:
    if status >= 500:
        return False
    return {
        "public": status not in (403,),
        "ok": status not in (401, 403),
        "agreement": status != 401,
        "401": status == 401,
        "403": status == 403,
        "404": status == 404,
    }[outcome]


def test_every_route_has_a_policy(world: Env) -> None:
    routes = served(world.app)
    assert len(routes) > 100
    missing = [r for r in routes if r not in POLICY]
    assert missing == [], "declare these routes in tests/api/attack_policy.py"
    stale = [r for r in POLICY if r not in routes]
    assert stale == []


def test_attack_matrix(world: Env, capsys: pytest.CaptureFixture[str]) -> None:
    routes = [r for r in served(world.app) if r in POLICY]
    wrong: list[str] = []
    cells = 0
    for method, path in routes:
        has_object = "{" in path
        for caller in CALLERS:
            home_side = "other" if caller == "other_admin" else "home"
            away_side = "home" if caller == "other_admin" else "other"
            for other_object in (False, True) if has_object else (False,):
                url = fill(world, path, away_side if other_object else home_side)
                want = expected(method, path, caller, other_object)
                headers = {}
                if caller != "anonymous":
                    headers = {"Authorization": f"Bearer {world.tokens[caller]}"}
                kw: dict[str, Any] = {"headers": headers, "follow_redirects": False}
                if method in ("POST", "PUT", "PATCH"):
                    side = away_side if other_object else home_side
                    case = world.extra[side]["case"]  # type: ignore[attr-defined]
                    body = next((b(case) for k, b in BODIES.items() if path.endswith(k)), {})
                    if path.startswith("/api/"):
                        kw["json"] = body
                    else:
                        kw["data"] = {}
                r = world.client.request(method, url, **kw)
                cells += 1
                own = "other" if other_object else "own"
                if not check(want, r.status_code):
                    wrong.append(f"{method} {path} {caller}/{own}: {r.status_code}, want {want}")
                elif (
                    want == "ok"
                    and SCOPED in POLICY[(method, path)][1]
                    and not other_object
                    and r.status_code == 404  # one's own record must be found
                ):
                    wrong.append(f"{method} {path} {caller}/own: 404 on its own record")
    with capsys.disabled():
        print(f"\nattack matrix: {len(routes)} routes x {len(CALLERS)} callers x own/other: "
              f"{cells} requests")  # fmt: skip
    assert wrong == [], "\n".join(wrong)
