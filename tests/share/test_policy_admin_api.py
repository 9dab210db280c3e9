"""The sharing admin API: partners, agreements, preview, node info; report markings."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from crossline.config import Settings
from crossline.share.identity import load_identity

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))
from api_env import Env, build_env  # noqa: E402


@pytest.fixture
def env(settings: Settings) -> Iterator[Env]:
    from argon2 import PasswordHasher

    from crossline.node import security

    saved, security._HASHER = security._HASHER, PasswordHasher(time_cost=1, memory_cost=1024)
    for e in build_env(settings):
        # The seeded tokens predate the sharing scope: issue ones that carry it.
        for who, scopes in (
            ("admin", ["admin", "sharing", "read"]),
            ("analyst", ["sharing", "read", "write"]),
        ):
            e.tokens[who], _ = e.node.accounts.create_token(
                creator=None,
                user_id=e.users[who]["id"],
                org_id=e.users[who]["org_id"],
                name=f"{who}-sharing",
                role=who,
                scopes=scopes,
            )
        yield e
    security._HASHER = saved


def test_register_agree_preview_then_partner_reads(env: Env, tmp_path: Path) -> None:
    key = load_identity(Settings(home=tmp_path / "in", database_url="sqlite://")).public_key
    body = {"name": "in-i4c", "country": "IN", "public_key": key, "issue_token": True}
    assert (
        env.client.post(
            "/api/v1/sharing/partners", json=body, headers=env.as_("analyst")
        ).status_code
        == 403
    )
    r = env.client.post("/api/v1/sharing/partners", json=body, headers=env.as_("admin"))
    assert r.status_code == 201, r.text
    token = r.json()["token"]
    partner = {"Authorization": f"Bearer {token}"}
    # No agreement yet: the partner's token sees nothing at all.
    assert env.client.get("/api/v1/campaigns", headers=partner).json()["items"] == []
    doc = {"partner": "in-i4c", "kinds": ["indicator", "campaign"], "max_marking": "TLP:AMBER"}
    bad = env.client.put(
        "/api/v1/sharing/agreements",
        json={**doc, "max_marking": "TLP:RED"},
        headers=env.as_("analyst"),
    )
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "max_marking"
    r = env.client.put("/api/v1/sharing/agreements", json=doc, headers=env.as_("analyst"))
    assert r.status_code == 200, r.text
    got = env.get("viewer", "/api/v1/sharing/agreements")
    assert got.status_code == 403  # viewers do not manage sharing
    listed = env.get("analyst", "/api/v1/sharing/partners").json()
    assert listed[0]["agreement"]["id"] == r.json()["id"] and "credential" not in listed[0]
    prev = env.get("analyst", "/api/v1/sharing/preview?partner=in-i4c").json()[0]
    assert prev["kinds"]["campaign"]["total"] == 2 and "report" not in prev["kinds"]
    assert env.get("analyst", "/api/v1/sharing/preview?partner=nobody").status_code == 404
    assert env.get("analyst", "/api/v1/sharing/agreements/in-i4c").json()["partner"] == "in-i4c"
    assert set(env.get("admin", "/api/v1/sharing/node").json()) >= {"key_id", "public_key"}
    # Now the partner reads the two (AMBER) campaigns, and none of the sharing admin.
    camps = env.client.get("/api/v1/campaigns", headers=partner).json()
    assert camps["total"] == 2 and camps["shared_under"] == r.json()["id"]
    for path in ("/api/v1/sharing/partners", "/api/v1/sharing/preview", "/api/v1/dashboard"):
        assert env.client.get(path, headers=partner).status_code == 404


@pytest.mark.parametrize(
    ("marking", "stored"),
    [(None, "TLP:AMBER"), ("TLP:GREEN", "TLP:GREEN")],
    ids=["source-default", "given"],
)
def test_report_post_sets_the_marking(env: Env, marking: str | None, stored: str) -> None:
    pytest.importorskip("crossline.indicators")
    body = {
        "source": "ncrp",
        "source_ref": f"m-{marking}",
        "jurisdiction": "IN",
        "text": "UPI x@ybl",
    }
    if marking:
        body["marking"] = marking
    r = env.client.post("/api/v1/reports", json=body, headers=env.as_("analyst"))
    assert r.status_code == 201, r.text
    rid = r.json()["report_ids"][0]
    assert env.get("analyst", f"/api/v1/reports/{rid}").json()["marking"] == stored


def test_sharing_page(env: Env, tmp_path: Path) -> None:
    key = load_identity(Settings(home=tmp_path / "in", database_url="sqlite://")).public_key
    body = {"name": "in-i4c", "country": "IN", "public_key": key}
    env.client.post("/api/v1/sharing/partners", json=body, headers=env.as_("admin"))
    doc = {"partner": "in-i4c", "kinds": ["campaign", "report"], "max_marking": "TLP:AMBER"}
    env.client.put("/api/v1/sharing/agreements", json=doc, headers=env.as_("analyst"))
    page = env.get("analyst", "/sharing")
    assert page.status_code == 200, page.text
    html = page.text
    assert "in-i4c (IN)" in html and 'data-partner="in-i4c"' in html and "in force" in html
    assert "Alice Victim" not in html and "Ravi Kumar" not in html  # samples are redacted
    assert env.get("viewer", "/sharing").status_code == 403
