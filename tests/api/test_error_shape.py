"""One JSON error shape on every route: ``{"error": {"code": str, "message": str, ...}}``."""

from __future__ import annotations

import re
from typing import Any

import pytest

from crossline.api.app import create_app
from crossline.config import Settings
from support.api_env import Env

PUBLIC = {"/api/v1/health", "/api/v1/auth/login", "/api/v1/auth/logout"}


def api_routes() -> list[tuple[str, str]]:
    """(method, path) of every API route, from the OpenAPI schema of a freshly built app."""
    import tempfile
    from pathlib import Path

    tmp = Path(tempfile.mkdtemp())
    app = create_app(Settings(home=tmp, database_url=f"sqlite:///{tmp / 'db.sqlite'}"))
    out = [
        (method.upper(), path)
        for path, ops in sorted(app.openapi()["paths"].items())
        if path.startswith("/api/")
        for method in sorted(ops)
    ]
    app.state.node.jobs.close()
    app.state.node.audit.close()
    app.state.node.store.close()
    return out


ROUTES = api_routes()


def assert_error_shape(response: Any, status: int | None = None) -> dict[str, Any]:
    if status is not None:
        assert response.status_code == status, response.text
    assert response.status_code >= 400
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    err = body["error"]
    assert isinstance(err["code"], str) and re.fullmatch(r"[a-z_]+", err["code"])
    assert isinstance(err["message"], str) and err["message"]
    return err


def fill(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "00000000-0000-0000-0000-000000000000", path)


def test_routes_were_found() -> None:
    assert len(ROUTES) > 25


@pytest.mark.parametrize(
    ("method", "path"),
    [r for r in ROUTES if r[1] not in PUBLIC],
    ids=[f"{m} {p}" for m, p in ROUTES if p not in PUBLIC],
)
def test_every_protected_route_refuses_anonymous_with_the_shape(
    env: Env, method: str, path: str
) -> None:
    r = env.client.request(method, fill(path))
    err = assert_error_shape(r, 401)
    assert err["code"] == "unauthenticated"
    assert r.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    ("method", "path"),
    [r for r in ROUTES if r[1] not in PUBLIC],
    ids=[f"{m} {p}" for m, p in ROUTES if p not in PUBLIC],
)
def test_every_route_answers_bad_input_with_the_shape(env: Env, method: str, path: str) -> None:
    """As admin, with unknown ids, junk query values and junk bodies: 4xx, never 5xx."""
    kwargs: dict[str, Any] = {"headers": env.as_("admin")}
    if method in ("POST", "PATCH", "PUT"):
        kwargs["json"] = {"unexpected": ["junk"]}
    else:
        kwargs["params"] = {"limit": "-5", "since": "not-a-date", "q": "", "format": "xml"}
    r = env.client.request(method, fill(path), **kwargs)
    if r.status_code < 400:  # a route with no input to get wrong
        assert method == "GET" and "{" not in path
        return
    assert r.status_code < 500 or r.json()["error"]["code"] == "unavailable", r.text
    assert_error_shape(r)


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("GET", "/api/v1/nothing-here", 404, "not_found"),
        ("DELETE", "/api/v1/stats", 405, "method_not_allowed"),
        ("GET", "/api/v1/campaigns/abc", 422, "invalid"),
        ("GET", "/api/v1/campaigns/ffffffff", 404, "not_found"),
        ("GET", "/api/v1/reports?limit=100000", 422, "invalid"),
    ],
    ids=["unknown-route", "wrong-method", "short-id", "unknown-campaign", "limit-too-big"],
)
def test_specific_errors(env: Env, method: str, path: str, status: int, code: str) -> None:
    r = env.client.request(method, path, headers=env.as_("viewer"))
    assert assert_error_shape(r, status)["code"] == code


def test_validation_errors_name_the_field(env: Env) -> None:
    r = env.client.post(
        "/api/v1/reports",
        json={"source_ref": "x", "jurisdiction": "USA", "amount_lost": "-3"},
        headers=env.as_("analyst"),
    )
    err = assert_error_shape(r, 422)
    fields = {f["field"] for f in err["fields"]}
    assert {"jurisdiction", "amount_lost"} <= fields
    assert err["message"].split(":")[0] in fields


def test_browser_pages_get_html_errors_and_login_redirects(env: Env) -> None:
    r = env.client.get("/campaigns", headers={"Accept": "text/html"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
    r = env.client.get("/campaigns", headers={"Accept": "application/json"})
    assert_error_shape(r, 401)
