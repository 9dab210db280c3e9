"""Casework through the REST API: notes with mentions, assignment, the status workflow,
tags, name and label, the list's filters, authorization, one organisation's work
hidden from another, merges and splits kept by relinking."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from crossline.config import Settings
from crossline.link.relink import relink
from crossline.share import alerts as al
from crossline.store.schema import reports
from support import testdb
from support.api_env import Env, build_env

API = "/api/v1"
# who -> (account of support.api_env, token scopes)
CASEWORKERS = {
    "analyst": ("analyst", ["read", "casework"]),
    "viewer": ("viewer", ["read", "casework"]),
    "other": ("other_analyst", ["read", "casework"]),
}


def tokens(env: Env) -> dict[str, dict[str, str]]:
    acc = env.node.accounts
    out = {}
    for who, (account, scopes) in CASEWORKERS.items():
        user = env.users[account]
        token, _row = acc.create_token(creator=None, user_id=user["id"], org_id=user["org_id"],
                                       name=account, role=user["role"], scopes=scopes)  # fmt: skip
        out[who] = {"Authorization": f"Bearer {token}"}
    return out


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Env, dict[str, Any]]]:
    tmp = tmp_path_factory.mktemp("casework")
    settings = Settings(home=tmp / "home", database_url=testdb.database_url(tmp))
    for env in build_env(settings):
        yield env, tokens(env)
    testdb.release(settings.database_url)


@pytest.fixture
def fresh(settings: Settings) -> Iterator[tuple[Env, dict[str, Any]]]:
    for env in build_env(settings):
        yield env, tokens(env)


def test_note_with_mentions_alerts_only_users_of_the_same_organisation(world) -> None:
    env, h = world
    cid = env.ids["cross_border"]
    body = "Callback number matches @viewer's case; cc @other_analyst and @nobody."
    r = env.client.post(f"{API}/campaigns/{cid[:8]}/notes", headers=h["analyst"],
                        json={"body": body})  # fmt: skip
    assert r.status_code == 201, r.text
    note = r.json()
    assert note["mentions"] == ["viewer"] and note["author"].startswith("analyst (cl_")
    mentions = [a for a in al.list_alerts(env.node.store) if a["kind"] == "mention"]
    assert [a["message"].split(") ", 1)[1] for a in mentions] == [
        f"mentioned @viewer in a note on campaign {cid[:8]}"
    ]
    assert mentions[0]["campaign_id"] == cid
    page = env.client.get(f"{API}/campaigns/{cid}/notes", headers=h["viewer"]).json()
    assert [n["body"] for n in page["items"]] == [body] and page["total"] == 1


def test_another_organisation_sees_none_of_it(world) -> None:
    env, h = world
    cid = env.ids["cross_border"]
    env.client.post(f"{API}/campaigns/{cid}/notes", headers=h["analyst"], json={"body": "ours"})
    env.client.post(f"{API}/campaigns/{cid}/tags", headers=h["analyst"], json={"tag": "home-only"})
    theirs = env.client.get(f"{API}/campaigns/{cid}/notes", headers=h["other"]).json()
    assert theirs["items"] == []
    state = env.client.get(f"{API}/campaigns/{cid}/casework", headers=h["other"]).json()
    assert state["tags"] == [] and state["status"] == "open"
    feed = env.client.get(f"{API}/campaigns/{cid}/activity", headers=h["other"]).json()
    assert {i["kind"] for i in feed["items"]} == {"report_linked"}
    # their own work is theirs: it does not show on the home organisation's side
    r = env.client.post(f"{API}/campaigns/{cid}/notes", headers=h["other"], json={"body": "x"})
    assert r.status_code == 201
    ours = env.client.get(f"{API}/campaigns/{cid}/notes", headers=h["analyst"]).json()
    assert "x" not in [n["body"] for n in ours["items"]]


WRITES = [
    ("post", "/campaigns/{cid}/notes", {"body": "hello"}),
    ("post", "/campaigns/{cid}/assign", {"assignee": "analyst"}),
    ("post", "/campaigns/{cid}/status", {"status": "under_investigation"}),
    ("post", "/campaigns/{cid}/rename", {"display_name": "Toll scam"}),
    ("post", "/campaigns/{cid}/tags", {"tag": "x"}),
    ("delete", "/campaigns/{cid}/tags/x", None),
    ("post", "/campaigns/{cid}/merge", {"campaigns": ["{other}"], "reason": "same crew"}),
    ("post", "/campaigns/{cid}/split", {"report_ids": ["{rid}"], "reason": "not them"}),
    ("post", "/reports/{rid}/notes", {"body": "hello"}),
    ("post", "/reports/{rid}/tags", {"tag": "x"}),
    ("delete", "/reports/{rid}/tags/x", None),
]


@pytest.mark.parametrize(("method", "path", "body"), WRITES, ids=[f"{m} {p}" for m, p, _ in WRITES])
def test_viewer_cannot_write(world, method: str, path: str, body: Any) -> None:
    env, h = world
    fill = {"cid": env.ids["toll"], "other": env.ids["cross_border"], "rid": env.ids["us-3"]}
    url = API + path.format(**fill)
    kw = {"json": {k: ([x.format(**fill) for x in v] if isinstance(v, list) else v)
                   for k, v in body.items()}} if body else {}  # fmt: skip
    r = env.client.request(method.upper(), url, headers=h["viewer"], **kw)
    assert r.status_code == 403, r.text
    assert r.json()["error"]["code"] == "forbidden"


STEPS = [  # (status asked, expected HTTP status, status after)
    ("referred", 409, "open"),
    ("under investigation", 200, "under_investigation"),
    ("referred", 200, "referred"),
    ("open", 409, "referred"),
    ("closed", 200, "closed"),
    ("under_investigation", 409, "closed"),
    ("open", 200, "open"),  # reopened
    ("archived", 422, "open"),
]


def test_status_workflow(world) -> None:
    env, h = world
    cid = env.ids["toll"]
    for asked, code, after in STEPS:
        r = env.client.post(f"{API}/campaigns/{cid}/status", headers=h["analyst"],
                            json={"status": asked})  # fmt: skip
        assert r.status_code == code, (asked, r.text)
        if code == 409:
            assert "allowed:" in r.json()["error"]["message"]
        now = env.client.get(f"{API}/campaigns/{cid}/casework", headers=h["analyst"]).json()
        assert now["status"] == after


@pytest.mark.parametrize(
    ("body", "code", "field", "value"),
    [
        ({"display_name": "  E-ZPass   toll texts "}, 200, "display_name", "E-ZPass toll texts"),
        ({"label": "Delivery shopping"}, 200, "label", "delivery_shopping"),
        ({"label": "parking"}, 422, "label", None),
        ({"label": ""}, 200, "label", None),
        ({}, 422, None, None),
    ],
    ids=["name", "label-human", "label-unknown", "label-cleared", "nothing"],
)
def test_rename_and_label(world, body: dict, code: int, field: str | None, value: Any) -> None:
    env, h = world
    r = env.client.post(f"{API}/campaigns/{env.ids['toll']}/rename", headers=h["analyst"],
                        json=body)  # fmt: skip
    assert r.status_code == code, r.text
    if code == 200:
        assert r.json()[field] == value
    else:
        assert r.json()["error"]["code"] == "invalid"


def test_assignment_and_the_list_filters(world) -> None:
    env, h = world
    cid, other = env.ids["cross_border"], env.ids["toll"]
    bad = env.client.post(f"{API}/campaigns/{cid}/assign", headers=h["analyst"],
                          json={"assignee": "other_analyst"})  # fmt: skip
    assert bad.status_code == 422 and "your organisation" in bad.json()["error"]["message"]
    ok = env.client.post(f"{API}/campaigns/{cid}/assign", headers=h["analyst"],
                         json={"assignee": "@Viewer"})  # fmt: skip
    assert ok.json()["assignee"] == "viewer"
    env.client.post(f"{API}/campaigns/{other}/tags", headers=h["analyst"], json={"tag": "Toll"})

    def listed(who: str, **q: str) -> list[str]:
        page = env.client.get(f"{API}/campaigns", headers=h[who], params=q).json()
        return sorted(i["id"] for i in page["items"])

    assert listed("analyst", assignee="viewer") == [cid]
    assert listed("analyst", tag="toll") == [other]
    assert listed("other", assignee="viewer") == []  # another organisation's assignment
    assert cid in listed("analyst", status="open")
    env.client.post(f"{API}/campaigns/{cid}/status", headers=h["analyst"],
                    json={"status": "under_investigation"})  # fmt: skip
    assert listed("analyst", status="under_investigation") == [cid]
    assert cid not in listed("analyst", status="open")
    assert cid in listed("other", status="open")
    items = env.client.get(f"{API}/campaigns", headers=h["analyst"]).json()["items"]
    mine = next(i for i in items if i["id"] == cid)
    assert mine["casework"]["assignee"] == "viewer"


def test_report_notes_and_tags(world) -> None:
    env, h = world
    rid = env.ids["us-5"]
    tag = {"tag": "Needs call"}
    r = env.client.post(f"{API}/reports/{rid}/tags", headers=h["analyst"], json=tag)
    assert r.json()["tags"] == ["needs call"]
    r = env.client.delete(f"{API}/reports/{rid}/tags/needs call", headers=h["analyst"])
    assert r.json() == {"subject_kind": "report", "subject_id": rid, "tags": [], "changed": True}
    r = env.client.post(f"{API}/reports/{rid}/tags", headers=h["analyst"], json={"tag": "<b>"})
    assert r.status_code == 422 and r.json()["error"]["field"] == "tag"
    env.client.post(f"{API}/reports/{rid}/notes", headers=h["analyst"], json={"body": "called"})
    notes = env.client.get(f"{API}/reports/{rid}/notes", headers=h["analyst"]).json()
    assert [n["body"] for n in notes["items"]] == ["called"]
    missing = env.client.get(f"{API}/reports/nope/notes", headers=h["analyst"])
    assert missing.status_code == 404


def partition(env: Env) -> set[frozenset[str]]:
    with env.node.store.read() as conn:
        rows = conn.execute(select(reports.c.source_ref, reports.c.component_id)).all()
    by: dict[str, set[str]] = {}
    for ref, cid in rows:
        if cid:
            by.setdefault(cid, set()).add(ref)
    return {frozenset(v) for v in by.values()}


def test_merge_and_split_are_recorded_audited_and_kept_by_relink(fresh) -> None:
    env, h = fresh
    a, b = env.ids["cross_border"], env.ids["toll"]
    env.client.post(f"{API}/campaigns/{b}/notes", headers=h["analyst"], json={"body": "toll"})
    r = env.client.post(f"{API}/campaigns/{a}/merge", headers=h["analyst"],
                        json={"campaigns": [b[:8]], "reason": ""})  # fmt: skip
    assert r.status_code == 422  # a reason is required
    r = env.client.post(f"{API}/campaigns/{a}/merge", headers=h["other"],
                        json={"campaigns": [b], "reason": "same crew"})  # fmt: skip
    assert r.status_code == 403  # another organisation does not restructure the node's
    r = env.client.post(f"{API}/campaigns/{a}/merge", headers=h["analyst"],
                        json={"campaigns": [b[:8]], "reason": "same callback script"})  # fmt: skip
    assert r.status_code == 200, r.text
    merged = r.json()["into"]
    assert merged in (a, b)  # the one holding the smallest report id
    together = frozenset({"us-1", "us-2", "in-1", "in-2", "us-3", "us-4"})
    assert together in partition(env)
    relink(env.node.store, min_groups=3)
    assert together in partition(env)
    feed = env.client.get(f"{API}/campaigns/{merged}/activity", headers=h["analyst"]).json()
    kinds = [i["kind"] for i in feed["items"]]
    assert kinds[0] == "merge" and "note" in kinds  # the absorbed campaign's note came along
    assert feed["items"][0]["detail"]["reason"] == "same callback script"
    # the other organisation sees the merge (the node's campaigns changed), not the note
    theirs = env.client.get(f"{API}/campaigns/{merged}/activity", headers=h["other"]).json()
    assert "merge" in [i["kind"] for i in theirs["items"]]
    assert "note" not in [i["kind"] for i in theirs["items"]]

    moved = [env.ids["us-3"], env.ids["us-4"]]
    r = env.client.post(f"{API}/campaigns/{merged}/split", headers=h["analyst"],
                        json={"report_ids": moved, "reason": "different scheme"})  # fmt: skip
    assert r.status_code == 200, r.text
    apart = {frozenset({"us-1", "us-2", "in-1", "in-2"}), frozenset({"us-3", "us-4"})}
    assert apart <= partition(env)
    relink(env.node.store, min_groups=3)
    assert apart <= partition(env)
    env.node.audit.flush()
    entries = env.client.get(f"{API}/audit", headers=env.as_("admin"),
                             params={"action": "change"}).json()  # fmt: skip
    ops = [e["detail"].get("op") for e in entries["items"] if e["target"] == "campaign"]
    assert "merge" in ops and "split" in ops
