"""Owned records follow the organisation rule: evidence cases and their custody, legal
requests, import jobs and alerts are seen by their organisation, node admins, and the
organisations they were shared with; the suspect registry does not answer from other
organisations' TLP:RED reports.

"hana" is an analyst of the home agency, "bea" an analyst of the state AG's office on
the same node; "root" is a node admin's token.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, update

from crossline.config import Settings
from crossline.domain import indicator_id
from crossline.node.security import TOKEN_SCOPES
from crossline.share import alerts as al
from crossline.store.schema import reports, sightings
from crossline.store.visibility import share
from support import testdb
from support.api_env import PASSWORD, Env, build_env

UPLOAD = Path(__file__).parent / "data" / "upload.jsonl"
SCOPES = ["read", "import", "evidence", "sharing", "registry"]


@pytest.fixture(scope="module")
def node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    tmp = tmp_path_factory.mktemp("records")
    settings = Settings(home=tmp / "home", database_url=testdb.database_url(tmp))
    for env in build_env(settings):
        acc = env.node.accounts
        for name, org in (("hana", "home"), ("bea", "other")):
            user = acc.create_user(env.orgs[org]["id"], name, PASSWORD, "analyst")
            token, _ = acc.create_token(
                creator=None, user_id=user["id"], org_id=env.orgs[org]["id"], name=name,
                role="analyst", scopes=SCOPES,
            )  # fmt: skip
            env.tokens[name], env.users[name] = token, user
        token, _ = acc.create_token(
            creator=None, user_id=env.users["admin"]["id"], org_id=env.orgs["home"]["id"],
            name="root", role="admin", scopes=sorted(TOKEN_SCOPES),
        )  # fmt: skip
        env.tokens["root"] = token
        seed_records(env)
        yield env
    testdb.release(settings.database_url)


def add_case(env: Env, who: str, case: str) -> str:
    r = env.client.post(
        "/api/v1/evidence",
        headers=env.as_(who),
        files={"file": (f"{case}.txt", f"exhibit of {case}".encode())},
        data={"case": case, "exhibit": "1", "description": "screenshot", "acquired_by": who},
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def add_request(env: Env, who: str) -> str:
    r = env.client.post(
        "/api/v1/legal-requests",
        headers=env.as_(who),
        json={"type": "mlat", "partner": "india", "facts": f"facts of {who}"},
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def add_job(env: Env, who: str) -> str:
    r = env.client.post(
        "/api/v1/imports", headers=env.as_(who), files={"file": (UPLOAD.name, UPLOAD.read_bytes())}
    )
    assert r.status_code == 202, r.text
    env.node.jobs.wait(r.json()["id"])
    return str(r.json()["id"])


def seed_records(env: Env) -> None:
    env.ids["home_item"] = add_case(env, "hana", "HOME-OP-7")
    env.ids["b_item"] = add_case(env, "bea", "AG-OP-2")
    env.ids["home_request"] = add_request(env, "hana")
    env.ids["b_request"] = add_request(env, "bea")
    env.ids["home_job"] = add_job(env, "hana")
    env.ids["b_job"] = add_job(env, "bea")
    now = datetime(2026, 3, 1, tzinfo=UTC)
    with env.node.store.transaction() as conn:
        rows = [
            {"id": f"0000000{n}-aaaa-5aaa-8aaa-aaaaaaaaaaaa", "kind": "match", "origin": "local",
             "summary": {"message": f"hit {n}"}, "created_at": now, "org_id": org}
            for n, org in ((1, None), (2, env.orgs["other"]["id"]))
        ]  # fmt: skip
        al.store_alerts(conn, rows)
    env.ids["home_alert"], env.ids["b_alert"] = rows[0]["id"], rows[1]["id"]


# (name, path template, key of the home agency's object, key of the AG's object)
READS = [
    ("evidence-item", "/api/v1/evidence/{id}", "home_item", "b_item"),
    ("evidence-download", "/api/v1/evidence/{id}/content", "home_item", "b_item"),
    ("custody", "/api/v1/evidence/cases/{case}/custody", "HOME-OP-7", "AG-OP-2"),
    ("legal-request", "/api/v1/legal-requests/{id}", "home_request", "b_request"),
    ("import-job", "/api/v1/imports/{id}", "home_job", "b_job"),
]


def url(env: Env, template: str, key: str) -> str:
    return template.replace("{id}", env.ids.get(key, key)).replace("{case}", key)


@pytest.mark.parametrize(
    ("template", "home_key", "b_key"), [r[1:] for r in READS], ids=[r[0] for r in READS]
)
def test_each_organisation_reads_only_its_own(
    node: Env, template: str, home_key: str, b_key: str
) -> None:
    assert node.get("bea", url(node, template, home_key)).status_code == 404
    assert node.get("hana", url(node, template, b_key)).status_code == 404
    assert node.get("bea", url(node, template, b_key)).status_code == 200
    assert node.get("hana", url(node, template, home_key)).status_code == 200
    for key in (home_key, b_key):  # node admins see both
        assert node.get("root", url(node, template, key)).status_code == 200


# (name, list path, key in each item, home object, AG object)
LISTS = [
    ("evidence", "/api/v1/evidence", "items", "id", "home_item", "b_item"),
    ("legal-requests", "/api/v1/legal-requests", "items", "id", "home_request", "b_request"),
    ("imports", "/api/v1/imports", None, "id", "home_job", "b_job"),
    ("alerts", "/api/v1/alerts", "items", "id", "home_alert", "b_alert"),
]


@pytest.mark.parametrize(
    ("path", "field", "key", "home_obj", "b_obj"), [x[1:] for x in LISTS], ids=[x[0] for x in LISTS]
)
def test_lists_hold_only_visible_records(
    node: Env, path: str, field: str | None, key: str, home_obj: str, b_obj: str
) -> None:
    def ids(who: str) -> set[str]:
        body = node.get(who, path).json()
        return {x[key] for x in (body[field] if field else body)}

    assert node.ids[b_obj] in ids("bea") and node.ids[home_obj] not in ids("bea")
    assert node.ids[home_obj] in ids("hana") and node.ids[b_obj] not in ids("hana")
    assert {node.ids[home_obj], node.ids[b_obj]} <= ids("root")


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/api/v1/legal-requests/{home_request}/status", {"status": "withdrawn"}),
        ("POST", "/api/v1/alerts/{home_alert}/ack", None),
        ("POST", "/api/v1/evidence/cases/HOME-OP-7/export", None),
    ],
    ids=["request-status", "alert-ack", "case-export"],
)
def test_changes_to_another_organisations_records_are_refused(
    node: Env, method: str, path: str, body: dict[str, str] | None
) -> None:
    for k in ("home_request", "home_alert"):
        path = path.replace("{" + k + "}", node.ids[k])
    r = node.client.request(method, path, json=body, headers=node.as_("bea"))
    assert r.status_code == 404, r.text


def test_an_organisation_cannot_add_to_another_organisations_case(node: Env) -> None:
    r = node.client.post(
        "/api/v1/evidence",
        headers=node.as_("bea"),
        files={"file": ("x.txt", b"planted")},
        data={"case": "HOME-OP-7", "exhibit": "99", "description": "planted", "acquired_by": "b"},
    )
    assert r.status_code in (400, 403, 404, 409), r.text
    assert node.get("root", "/api/v1/evidence/HOME-OP-7/99").status_code != 200


def test_explicit_sharing_opens_one_record_to_one_organisation(node: Env) -> None:
    case_url = "/api/v1/evidence/cases/HOME-OP-7/custody"
    assert node.get("bea", case_url).status_code == 404
    with node.node.store.transaction() as conn:
        share(conn, "evidence_case", "HOME-OP-7", node.orgs["other"]["id"], by="user:admin")
    assert node.get("bea", case_url).status_code == 200
    assert node.get("bea", f"/api/v1/evidence/{node.ids['home_item']}").status_code == 200
    listed = {i["id"] for i in node.get("bea", "/api/v1/evidence").json()["items"]}
    assert node.ids["home_item"] in listed
    partner = node.get("partner", case_url)
    assert partner.status_code in (403, 404)  # shared with the AG only


def test_registry_does_not_answer_from_red_reports_of_another_organisation(node: Env) -> None:
    path = "/api/v1/registry/phone/%2B12025550143"
    baseline = node.get("bea", path).json()["report_count"]
    assert baseline >= 2
    holding = select(sightings.c.report_id).where(
        sightings.c.indicator_id == indicator_id("phone", "+12025550143")
    )
    with node.node.store.transaction() as conn:
        ids = sorted(conn.execute(holding).scalars())
        conn.execute(update(reports).where(reports.c.id.in_(ids)).values(marking="TLP:RED"))
        # Written behind the store's back: say so, as every writer does (the risk index).
        node.node.store.note_risk_changes(conn, everything=True)
    answer = node.get("bea", path).json()
    assert answer["report_count"] == 0 and answer["matched"] == []
    assert answer["risk"] == "unknown"
    # The owning (home) organisation still learns of its own RED reports.
    assert node.get("hana", path).json()["report_count"] == baseline
    # One report that is not RED is enough for the value to be known, with that count only.
    with node.node.store.transaction() as conn:
        conn.execute(update(reports).where(reports.c.id == ids[0]).values(marking="TLP:AMBER"))
        node.node.store.note_risk_changes(conn, everything=True)
    assert node.get("bea", path).json()["report_count"] == 1


def test_sharing_through_the_api_is_the_owners_decision(node: Env) -> None:
    acc = node.node.accounts
    boss = acc.create_user(node.orgs["other"]["id"], "bertha", PASSWORD, "admin")
    token, _ = acc.create_token(
        creator=None, user_id=boss["id"], org_id=node.orgs["other"]["id"], name="bertha",
        role="admin", scopes=["admin", "evidence"],
    )  # fmt: skip
    node.tokens["bertha"] = token
    other, home = node.orgs["other"]["id"], node.orgs["home"]["id"]
    grab = {"kind": "legal_request", "id": node.ids["home_request"], "org_id": other}
    # Another organisation's admin cannot share the home agency's record with itself.
    r = node.client.post("/api/v1/org-shares", json=grab, headers=node.as_("bertha"))
    assert r.status_code == 404, r.text
    assert node.get("bea", f"/api/v1/legal-requests/{node.ids['home_request']}").status_code == 404
    # An analyst (not an admin) shares nothing.
    own = {"kind": "legal_request", "id": node.ids["b_request"], "org_id": home}
    assert (
        node.client.post("/api/v1/org-shares", json=own, headers=node.as_("bea")).status_code == 403
    )
    # The owner's admin shares its own record; the node admin shares any.
    r = node.client.post("/api/v1/org-shares", json=own, headers=node.as_("bertha"))
    assert r.status_code == 201, r.text
    assert node.get("hana", f"/api/v1/legal-requests/{node.ids['b_request']}").status_code == 200
    r = node.client.post("/api/v1/org-shares", json=grab, headers=node.as_("root"))
    assert r.status_code == 201, r.text
    assert node.get("bea", f"/api/v1/legal-requests/{node.ids['home_request']}").status_code == 200
    listed = {x["id"] for x in node.get("bea", "/api/v1/legal-requests").json()["items"]}
    assert node.ids["home_request"] in listed
