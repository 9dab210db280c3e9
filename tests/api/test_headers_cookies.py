"""Security headers on every kind of response, and the session cookie's attributes.

Over HTTP and over HTTPS (the TestClient's base URL sets the scheme): CSP with
``frame-ancestors 'none'``, no framing, no sniffing, no caching of case data; HSTS only
over HTTPS (a browser ignores it over HTTP, and a node on a LAN may not have TLS);
the session cookie HttpOnly and SameSite=Lax always, Secure over HTTPS.
"""

from __future__ import annotations

import pytest
from api_env import PASSWORD, Env
from fastapi.testclient import TestClient

# (case, method, path): answers of every kind, success and error, API, pages, TAXII.
PATHS = [
    ("health", "GET", "/api/v1/health"),
    ("login-page", "GET", "/login"),
    ("unauthenticated", "GET", "/api/v1/me"),
    ("not-found", "GET", "/api/v1/no-such-thing"),
    ("wrong-method", "DELETE", "/api/v1/health"),
    ("taxii", "GET", "/taxii2/"),
    ("docs", "GET", "/docs"),
    ("web-page-refused", "GET", "/admin"),
]
SCHEMES = ["http", "https"]


def client(env: Env, scheme: str) -> TestClient:
    return TestClient(env.app, base_url=f"{scheme}://testserver")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize(("method", "path"), [p[1:] for p in PATHS], ids=[p[0] for p in PATHS])
def test_security_headers(env: Env, scheme: str, method: str, path: str) -> None:
    r = client(env, scheme).request(method, path, follow_redirects=False)
    csp = r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
    assert "object-src" not in csp or "object-src 'none'" in csp
    if path != "/docs":
        assert "'unsafe-inline'" not in csp
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["cache-control"] == "no-store"
    hsts = r.headers.get("strict-transport-security")
    if scheme == "https":
        assert hsts is not None and "max-age=31536000" in hsts
    else:
        assert hsts is None


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("via", ["api", "form"])
def test_session_cookie_attributes(env: Env, scheme: str, via: str) -> None:
    c = client(env, scheme)
    if via == "api":
        r = c.post("/api/v1/auth/login", json={"username": "viewer", "password": PASSWORD})
        assert r.status_code == 200, r.text
    else:
        r = c.post(
            "/login",
            data={"username": "viewer", "password": PASSWORD, "next": "/"},
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text
    cookie = r.headers["set-cookie"]
    attrs = {a.strip().split("=")[0].lower() for a in cookie.split(";")[1:]}
    assert "httponly" in attrs
    assert "samesite=lax" in cookie.lower().replace(" ", "")
    assert ("secure" in attrs) is (scheme == "https")
    assert "path" in attrs
