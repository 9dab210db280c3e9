"""The warning list over the API and on its web page: filters, adding and removing
(node admins only, audited), and clear errors naming what is wrong."""

from __future__ import annotations

import pytest

from crossline.store.audit_log import list_entries
from support.api_env import PASSWORD, Env

PHONE = "+13125550199"  # the lone robocall report's number in the seeded node


def _login(env: Env, who: str) -> str:
    r = env.client.post("/api/v1/auth/login", json={"username": who, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return str(r.json()["csrf_token"])


@pytest.mark.parametrize(
    ("query", "expect"),
    [
        ({"kind": "phone"}, lambda i: i["kind"] == "phone"),
        ({"mine": "true"}, lambda i: i["list"] == "node"),
        ({"q": "bit.ly"}, lambda i: "bit.ly" in (i["value"] + i["owner"] + i["source"]).lower()),
    ],
    ids=["kind", "mine", "text"],
)
def test_list_filters(env: Env, query: dict[str, str], expect: object) -> None:
    everything = env.get("viewer", "/api/v1/warnlist", params={"limit": 1000}).json()
    r = env.get("viewer", "/api/v1/warnlist", params={**query, "limit": 1000})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["total"] == len(body["items"])
    assert all(expect(i) for i in body["items"])  # type: ignore[operator]
    assert body["total"] < everything["total"]


def test_admin_adds_and_removes_and_both_are_audited(fresh_env: Env) -> None:
    body = {"kind": "phone", "value": "(312) 555-0199", "owner": "City helpline",
            "source": "https://city.example/contact"}  # fmt: skip
    r = fresh_env.client.post("/api/v1/warnlist", json=body, headers=fresh_env.as_("admin"))
    assert r.status_code == 201, r.text
    assert r.json()["entry"]["value"] == PHONE and r.json()["entry"]["list"] == "node"
    mine = fresh_env.get("viewer", "/api/v1/warnlist", params={"mine": "true"}).json()
    assert [i["value"] for i in mine["items"]] == [PHONE]
    again = fresh_env.client.post("/api/v1/warnlist", json=body, headers=fresh_env.as_("admin"))
    assert again.status_code == 409
    r = fresh_env.client.post(
        "/api/v1/warnlist/remove", json={"kind": "phone", "value": PHONE},
        headers=fresh_env.as_("admin"),
    )  # fmt: skip
    assert r.status_code == 200 and r.json()["action"] == "removed"
    actions = [
        e["action"] for e in list_entries(fresh_env.node.store, limit=100)
        if e["target"] == "warnlist" and e["target_id"] == f"phone:{PHONE}"
    ]  # fmt: skip
    assert sorted(actions) == ["create", "delete"]


@pytest.mark.parametrize(
    ("who", "code"),
    [("analyst", 403), ("viewer", 403), (None, 401)],
    ids=["analyst", "viewer", "anonymous"],
)
def test_only_node_admins_change_it(env: Env, who: str | None, code: int) -> None:
    body = {"kind": "phone", "value": PHONE, "owner": "x", "source": "y"}
    headers = env.as_(who) if who else {}
    r = env.client.post("/api/v1/warnlist", json=body, headers=headers)
    assert r.status_code == code


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"kind": "phone", "value": PHONE, "owner": "", "source": "s"}, "fill in: owner"),
        ({"kind": "phone", "value": "not a number", "owner": "o", "source": "s"}, "not a number"),
        ({"kind": "domain", "value": "gmail.com", "owner": "o", "source": "s"}, "shipped"),
    ],
    ids=["missing-owner", "bad-value", "already-shipped"],
)
def test_web_form_errors_name_the_problem(env: Env, form: dict[str, str], message: str) -> None:
    csrf = _login(env, "admin")
    r = env.client.post("/warnlist", data={**form, "csrf_token": csrf})
    assert r.status_code == 422
    assert message in r.text and 'role="alert"' in r.text


def test_web_page_adds_and_removes_with_csrf(fresh_env: Env) -> None:
    csrf = _login(fresh_env, "admin")
    form = {"kind": "phone", "value": PHONE, "owner": "City <b>helpline</b>", "source": "s"}
    assert fresh_env.client.post("/warnlist", data=form).status_code == 403  # no CSRF token
    r = fresh_env.client.post("/warnlist", data={**form, "csrf_token": csrf})
    assert r.status_code == 200 and f"Listed phone {PHONE}" in r.text
    assert "City &lt;b&gt;helpline&lt;/b&gt;" in r.text  # escaped
    r = fresh_env.client.post(
        "/warnlist/remove", data={"kind": "phone", "value": PHONE, "csrf_token": csrf}
    )
    assert r.status_code == 200 and f"Removed phone {PHONE}" in r.text


def test_analyst_sees_the_list_without_the_forms(env: Env) -> None:
    _login(env, "analyst")
    page = env.client.get("/warnlist", params={"kind": "domain"})
    assert page.status_code == 200 and 'id="warnlist-table"' in page.text
    assert 'id="warnlist-add"' not in page.text and "/warnlist/remove" not in page.text
