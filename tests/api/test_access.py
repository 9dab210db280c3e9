"""Who may do what: the role matrix, organisation-scoped victim PII, audit of refusals."""

from __future__ import annotations

import json

import pytest
from api_env import Env

CB = "{cross_border}"
R = "{us-1}"

# (path template, {who: expected status}); "anon" is no credentials at all.
MATRIX = [
    ("/api/v1/stats", {"anon": 401, "partner": 200, "viewer": 200, "analyst": 200}),
    (f"/api/v1/campaigns/{CB}", {"anon": 401, "partner": 200, "viewer": 200}),
    (f"/api/v1/campaigns/{CB}/graph", {"partner": 200, "viewer": 200}),
    (f"/api/v1/campaigns/{CB}/export", {"partner": 403, "viewer": 403, "analyst": 200}),
    (f"/api/v1/reports/{R}", {"anon": 401, "partner": 403, "viewer": 200, "analyst": 200}),
    ("/api/v1/reports", {"partner": 403, "viewer": 200}),
    ("/api/v1/quarantine", {"partner": 403, "viewer": 403, "analyst": 200}),
    ("/api/v1/imports", {"partner": 403, "viewer": 200}),
    ("/api/v1/users", {"analyst": 403, "admin": 200}),
    ("/api/v1/tokens", {"analyst": 403, "viewer": 403, "admin": 200}),
    ("/api/v1/audit", {"anon": 401, "partner": 403, "analyst": 403, "admin": 200}),
    ("/api/v1/indicators/lookup?q=fraudster@okaxis", {"anon": 401, "partner": 200}),
    ("/api/v1/dashboard", {"partner": 200, "viewer": 200}),
]
CASES = [(path, who, status) for path, expect in MATRIX for who, status in expect.items()]


@pytest.mark.parametrize(
    ("path", "who", "status"), CASES, ids=[f"{w}-{p.split('/', 3)[3][:40]}" for p, w, _ in CASES]
)
def test_role_matrix(env: Env, path: str, who: str, status: int) -> None:
    r = env.get(None if who == "anon" else who, path.format(**env.ids))
    assert r.status_code == status, r.text
    if status >= 400:
        assert set(r.json()) == {"error"}


@pytest.mark.parametrize(
    ("who", "body"),
    [
        ("partner", {"source_ref": "p-1", "jurisdiction": "IN", "text": "x"}),
        ("viewer", {"source_ref": "v-1", "jurisdiction": "US", "text": "x"}),
    ],
    ids=["partner", "viewer"],
)
def test_readers_cannot_create_reports(env: Env, who: str, body: dict[str, str]) -> None:
    r = env.client.post("/api/v1/reports", json=body, headers=env.as_(who))
    assert r.status_code == 403
    assert r.json()["error"]["needs"] == ["reports:write"]


def test_refusals_are_audited(env: Env) -> None:
    env.get("partner", "/api/v1/quarantine")
    env.node.audit.flush()
    from crossline.store.audit_log import list_entries

    denied = [e for e in list_entries(env.node.store, limit=50) if e["outcome"] == "denied"]
    assert any(
        e["actor"].startswith("token:partner-machine")
        and e["target_id"] == "GET /api/v1/quarantine"
        for e in denied
    )


# Every read a partner may make, with the seeded victims' names and phones absent from all.
PII_STRINGS = ("Alice Victim", "Ravi Kumar", "+15125550100", "+919876500001", "victim_pii")
PARTNER_READS = [
    "/api/v1/stats",
    "/api/v1/dashboard",
    "/api/v1/campaigns",
    f"/api/v1/campaigns/{CB}",
    f"/api/v1/campaigns/{CB}/graph",
    f"/api/v1/campaigns/{CB}/timeline",
    f"/api/v1/campaigns/{CB}/geography",
    f"/api/v1/campaigns/{CB}/indicators",
    "/api/v1/indicators/lookup?q=fraudster@okaxis",
    "/api/v1/indicators/lookup?q=%2B12025550143",
]


@pytest.mark.parametrize("path", PARTNER_READS, ids=[p.split("/", 3)[3] for p in PARTNER_READS])
def test_partner_never_sees_victim_pii(env: Env, path: str) -> None:
    r = env.get("partner", path.format(**env.ids))
    assert r.status_code == 200
    text = r.text
    for needle in PII_STRINGS:
        assert needle not in text


@pytest.mark.parametrize(
    ("who", "sees_pii"),
    [("analyst", True), ("admin", True), ("viewer", False), ("other_analyst", False)],
    ids=["owning-analyst", "owning-admin", "viewer", "analyst-of-another-org"],
)
def test_victim_pii_only_for_the_owning_org(env: Env, who: str, sees_pii: bool) -> None:
    r = env.get(who, f"/api/v1/reports/{env.ids['us-1']}")
    assert r.status_code == 200
    body = r.json()
    assert ("victim_pii" in body) is sees_pii
    assert ("Alice Victim" in json.dumps(body)) is sees_pii
    if sees_pii:
        assert body["victim_pii"]["name"] == "Alice Victim"


def test_no_list_or_search_response_carries_pii_even_for_admin(env: Env) -> None:
    for path in ("/api/v1/reports?limit=100", f"/api/v1/campaigns/{env.ids['cross_border']}"):
        text = env.get("admin", path).text
        assert "victim_pii" not in text and "Alice Victim" not in text


def test_quarantine_rows_are_limited_to_the_owning_organisation(env: Env) -> None:
    """Raw quarantined rows may hold a victim's details: only the importing org sees them."""
    from crossline.store.repository import utcnow
    from crossline.store.schema import quarantine

    with env.node.store.transaction() as conn:
        conn.execute(
            quarantine.insert(),
            [
                {
                    "id": "q-home-1",
                    "import_id": "import-cli",
                    "file": "complaints.csv",
                    "file_sha256": "0" * 64,
                    "format": "ncrp_csv",
                    "line": 7,
                    "field": "amount",
                    "reason": "amount 'abc' is not a number",
                    "raw": "ACK-1,Ravi Kumar,+919876500001,abc",
                    "created_at": utcnow(),
                }
            ],
        )
    home = env.get("analyst", "/api/v1/quarantine").json()["items"]
    assert [r["id"] for r in home] == ["q-home-1"]
    other = env.get("other_analyst", "/api/v1/quarantine").json()["items"]
    assert other == []
    export = env.get("other_analyst", "/api/v1/quarantine/export?format=jsonl")
    assert export.status_code in (200, 503) and "Ravi Kumar" not in export.text
