"""What the web pages share: the pager's numbers, the page heading taken from the title,
the casework forms served by one handler per kind of form (campaign and report alike),
and the forms of the warning list and the administration page that share their fields
and their answer."""

from __future__ import annotations

import re
from typing import Any

import pytest

from crossline.web.page import page_count, pager
from support.api_env import PASSWORD, Env


def _login(env: Env, who: str) -> str:
    env.client.cookies.clear()
    r = env.client.post("/api/v1/auth/login", json={"username": who, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return str(r.json()["csrf_token"])


@pytest.mark.parametrize(
    ("total", "per_page", "pages"),
    [(0, 25, 1), (1, 25, 1), (25, 25, 1), (26, 25, 2), (250, 25, 10), (251, 50, 6)],
    ids=["empty", "one", "full", "one-over", "exact", "partial-last"],
)
def test_page_count(total: int, per_page: int, pages: int) -> None:
    assert page_count(total, per_page) == pages


@pytest.mark.parametrize(
    ("page", "per_page", "total", "expected"),
    [
        (1, 25, 0, {"page": 1, "per_page": 25, "pages": 1}),
        (3, 25, 60, {"page": 3, "per_page": 25, "pages": 3}),
        (2, 100, 1000, {"page": 2, "per_page": 100, "pages": 10}),
    ],
    ids=["empty", "middle", "many"],
)
def test_pager_context(page: int, per_page: int, total: int, expected: dict[str, int]) -> None:
    assert pager(page, per_page, total) == expected


HEADINGS = [  # page -> its <h1>: the title unless the page names its own heading
    ("/", "<h1>Dashboard</h1>"),
    ("/alerts", "<h1>Alerts</h1>"),
    ("/search", "<h1>Search</h1>"),
    ("/quarantine", "<h1>Quarantine</h1>"),
    ("/imports", "<h1>Imports</h1>"),
    ("/settings", "<h1>Settings</h1>"),
    ("/warnlist", "<h1>Warning list</h1>"),
    ("/lookup", "<h1>Bulk lookup</h1>"),
    ("/citizen-reports", "<h1>Public reports</h1>"),
    ("/admin/audit", "<h1>Audit log</h1>"),
    ("/campaigns", '<h1>Campaigns <span class="muted small campaigns-total">'),
    ("/watchlists", '<h1>Watchlists <span class="muted small watch-total">'),
]


@pytest.mark.parametrize(("path", "heading"), HEADINGS, ids=[p for p, _ in HEADINGS])
def test_page_heading(env: Env, path: str, heading: str) -> None:
    _login(env, "admin")
    r = env.client.get(path)
    assert r.status_code == 200, r.text
    assert re.search(r'<div class="pagehead">\s*' + re.escape(heading), r.text), r.text[:3000]


# (form, what it sends, where it goes back to, what the page then shows)
CASEWORK_FORMS = [
    ("/campaigns/{cid}/notes", {"body": "Seen on the page"}, "/campaigns/{cid}#notes",
     "Seen on the page"),
    ("/campaigns/{cid}/assign", {"assignee": "analyst"}, "/campaigns/{cid}#casework",
     '<b id="case-assignee">analyst</b>'),
    ("/campaigns/{cid}/status", {"status": "under_investigation"}, "/campaigns/{cid}#casework",
     'id="case-status">under investigation</span>'),
    ("/campaigns/{cid}/tags", {"tag": "page-tag"}, "/campaigns/{cid}#casework",
     '<span class="case-tag">page-tag'),
    ("/reports/{rid}/notes", {"body": "A report's note"}, "/reports/{rid}#notes",
     "A report&#39;s note"),
    ("/reports/{rid}/tags", {"tag": "report-tag"}, "/reports/{rid}#notes",
     '<span class="case-tag">report-tag'),
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "data", "back", "shown"), CASEWORK_FORMS, ids=[f[0] for f in CASEWORK_FORMS]
)
def test_casework_form(env: Env, path: str, data: dict[str, str], back: str, shown: str) -> None:
    fill = {"cid": env.ids["toll"], "rid": env.ids["us-3"]}
    url = path.format(**fill)
    csrf = _login(env, "viewer")
    refused = env.client.post(url, data={**data, "csrf_token": csrf}, follow_redirects=False)
    assert refused.status_code == 403, refused.text  # a viewer may not write casework
    csrf = _login(env, "analyst")
    no_token = env.client.post(url, data=data, follow_redirects=False)
    assert no_token.status_code == 403, no_token.text
    r = env.client.post(url, data={**data, "csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 303, r.text
    assert r.headers["location"] == back.format(**fill)
    page = env.client.get(back.format(**fill).split("#")[0])
    assert shown in page.text


@pytest.mark.parametrize(
    ("page", "forms"),
    [
        ("/campaigns/{cid}", ['action="/campaigns/{cid}/tags" class="row case-form"',
                              'id="case-tag-input"', 'action="/campaigns/{cid}/notes"',
                              'id="note-body"']),
        ("/reports/{rid}", ['action="/reports/{rid}/tags" class="row case-form"',
                            'id="report-tag-input"', 'action="/reports/{rid}/notes"',
                            'id="report-note-body"']),
    ],
    ids=["campaign", "report"],
)  # fmt: skip
def test_note_and_tag_forms_of_each_subject(env: Env, page: str, forms: list[str]) -> None:
    fill = {"cid": env.ids["toll"], "rid": env.ids["us-3"]}
    _login(env, "analyst")
    html = env.client.get(page.format(**fill)).text
    for marker in forms:
        assert marker.format(**fill) in html


def test_merge_and_split_forms_go_back_to_the_activity(fresh_env: Env) -> None:
    env = fresh_env
    toll, other, rid = env.ids["toll"], env.ids["cross_border"], env.ids["us-3"]
    csrf = _login(env, "analyst")
    r = env.client.post(f"/campaigns/{toll}/split", data={"report_ids": rid, "reason": "no"},
                        follow_redirects=False)  # fmt: skip
    assert r.status_code == 403  # no CSRF token
    r = env.client.post(f"/campaigns/{toll}/split",
                        data={"report_ids": rid, "reason": "not the same crew",
                              "csrf_token": csrf}, follow_redirects=False)  # fmt: skip
    assert r.status_code == 303, r.text
    split_to = r.headers["location"]
    assert re.fullmatch(r"/campaigns/[0-9a-f-]{36}#activity", split_to)
    r = env.client.post(f"/campaigns/{other}/merge",
                        data={"campaigns": toll[:8], "reason": "the same crew",
                              "csrf_token": csrf}, follow_redirects=False)  # fmt: skip
    assert r.status_code == 303, r.text
    assert re.fullmatch(r"/campaigns/[0-9a-f-]{36}#activity", r.headers["location"])
    activity = env.client.get(r.headers["location"].split("#")[0]).text
    assert "the same crew" in activity


WARNLIST_FORMS = [  # the kind and value fields, the same in both forms
    ("/warnlist", {"kind": "p" * 25, "value": "x", "owner": "o", "source": "s"}, "kind"),
    ("/warnlist", {"kind": "phone", "value": "1" * 501, "owner": "o", "source": "s"}, "value"),
    ("/warnlist/remove", {"kind": "p" * 25, "value": "x"}, "kind"),
    ("/warnlist/remove", {"kind": "phone", "value": "1" * 501}, "value"),
]


@pytest.mark.parametrize(
    ("path", "data", "field"), WARNLIST_FORMS, ids=[f"{p}-{f}" for p, _, f in WARNLIST_FORMS]
)
def test_warnlist_entry_fields(env: Env, path: str, data: dict[str, str], field: str) -> None:
    csrf = _login(env, "admin")
    r = env.client.post(path, data={**data, "csrf_token": csrf})
    assert r.status_code == 422, r.text
    assert field in r.text


def test_warnlist_remove_answers_with_the_page(fresh_env: Env) -> None:
    csrf = _login(fresh_env, "admin")
    form = {"kind": "phone", "value": "(312) 555-0199", "owner": "City helpline",
            "source": "https://city.example/contact", "csrf_token": csrf}  # fmt: skip
    added = fresh_env.client.post("/warnlist", data=form)
    assert added.status_code == 200 and "Listed phone +13125550199" in added.text
    again = fresh_env.client.post("/warnlist", data=form)
    assert again.status_code == 422 and 'role="alert"' in again.text
    removed = fresh_env.client.post(
        "/warnlist/remove", data={"kind": "phone", "value": "+13125550199", "csrf_token": csrf}
    )
    assert removed.status_code == 200
    assert "Removed phone +13125550199: it links reports again" in removed.text


ADMIN_FORMS: list[tuple[str, dict[str, Any], str]] = [  # (form, what it sends, the answer)
    ("/admin/organisations", {"name": "County Fraud Unit", "country": "US"},
     "Organisation County Fraud Unit created."),
    ("/admin/users", {"org_id": "{org}", "username": "newcomer", "password": PASSWORD,
                      "role": "viewer"}, "User newcomer created (viewer)."),
    ("/admin/users", {"org_id": "{org}", "username": "analyst", "password": PASSWORD,
                      "role": "viewer"}, 'class="alert alert-error"'),
    ("/admin/users/{viewer}", {"role": "analyst"}, "User viewer updated."),
    ("/admin/users/{viewer}", {"role": "emperor"}, 'class="alert alert-error"'),
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "data", "answer"), ADMIN_FORMS,
    ids=["org", "user", "user-taken", "change", "change-refused"],
)  # fmt: skip
def test_admin_form_answers(fresh_env: Env, path: str, data: dict[str, Any], answer: str) -> None:
    fill = {"org": fresh_env.orgs["home"]["id"], "viewer": fresh_env.users["viewer"]["id"]}
    csrf = _login(fresh_env, "admin")
    sent = {k: v.format(**fill) for k, v in data.items()}
    r = fresh_env.client.post(path.format(**fill), data={**sent, "csrf_token": csrf})
    assert r.status_code == 200, r.text
    assert answer in r.text
    assert fresh_env.client.post(path.format(**fill), data=sent).status_code == 403
