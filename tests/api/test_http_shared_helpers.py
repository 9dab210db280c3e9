"""What the API and the web pages share in ``crossline.http``: the audit entry of a
search of values (:func:`audit_lookup`) and a case exported as a signed package
(:func:`case_package`), the same from either face."""

from __future__ import annotations

from typing import Any

import pytest

from crossline.evidence import items
from crossline.store.audit_log import list_entries
from support.api_env import PASSWORD, Env

Q = "call +12025550143 or pay fraudster@okaxis"


def _login(env: Env, who: str = "analyst") -> str:
    env.client.cookies.clear()
    r = env.client.post("/api/v1/auth/login", json={"username": who, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return str(r.json()["csrf_token"])


def _latest(env: Env, action: str, target: str) -> dict[str, Any]:
    return list_entries(env.node.store, action=action, target=target, limit=1)[0]


@pytest.mark.parametrize(
    ("face", "q"),
    [("api", Q), ("web", Q), ("api", "x" * 300), ("web", "x" * 300)],
    ids=["api", "web", "api-long-query", "web-long-query"],
)
def test_a_search_of_values_is_audited_alike(env: Env, face: str, q: str) -> None:
    if face == "api":
        r = env.get("analyst", "/api/v1/indicators/lookup", params={"q": q})
        found = [i["id"] for i in r.json()["indicators"]]
    else:
        _login(env)
        r = env.client.get("/search", params={"q": q}, follow_redirects=False)
        found = [i["id"] for i in env.get("analyst", "/api/v1/indicators/lookup",
                                          params={"q": q}).json()["indicators"]]  # fmt: skip
    assert r.status_code in (200, 303), r.text
    entry = _latest(env, "search", "indicator")
    assert entry["target_id"] is None
    assert entry["detail"]["q"] == q[:200]
    assert entry["detail"].get("found", []) == found[:20]
    assert (q == Q) == bool(found)


@pytest.mark.parametrize("face", ["api", "web"])
def test_a_case_export_is_a_signed_package_audited_alike(fresh_env: Env, face: str) -> None:
    csrf = _login(fresh_env)
    data = {"csrf_token": csrf, "case": "SHARED-1", "exhibit": "EX-1", "description": "d",
            "acquired_by": "Det. Ray"}  # fmt: skip
    added = fresh_env.client.post("/evidence/items", data=data, files={"file": ("a.txt", b"a")})
    assert added.status_code == 200, added.text
    if face == "api":
        r = fresh_env.client.post(
            "/api/v1/evidence/cases/SHARED-1/export", headers={"X-CSRF-Token": csrf}
        )
    else:
        r = fresh_env.client.post("/evidence/cases/SHARED-1/export", data={"csrf_token": csrf})
    assert r.status_code == 200, r.text
    assert r.content[:2] == b"PK"
    assert r.headers["content-disposition"] == 'attachment; filename="SHARED-1.zip"'
    entry = _latest(fresh_env, "export", "evidence")
    assert entry["target_id"] == "SHARED-1"
    assert entry["detail"]["package"]
    assert entry["detail"].get("via") == ("web" if face == "web" else None)
    custody = items.custody_of(fresh_env.node.store, "SHARED-1")
    assert [e["action"] for e in custody][-1] == "export"


@pytest.mark.parametrize(
    ("who", "path", "status"),
    [("analyst", "/api/v1/legal-requests/{id}", 200), ("analyst", "/requests/{id}", 200),
     ("other_analyst", "/api/v1/legal-requests/{id}", 404),
     ("other_analyst", "/requests/{id}", 404)],
    ids=["api-own", "web-own", "api-other-org", "web-other-org"],
)  # fmt: skip
def test_a_legal_request_is_seen_by_its_organisation_only(
    fresh_env: Env, who: str, path: str, status: int
) -> None:
    csrf = _login(fresh_env)
    sent = {"csrf_token": csrf, "partner": "india", "type": "mlat", "facts": "f"}
    made = fresh_env.client.post("/requests", data=sent, follow_redirects=False)
    assert made.status_code == 303, made.text
    request_id = made.headers["location"].rsplit("/", 1)[1]
    _login(fresh_env, who)
    r = fresh_env.client.get(path.format(id=request_id))
    assert r.status_code == status, r.text
    assert request_id in r.text  # the request shown, or the id not found
