"""Partner nodes on the web: registering one (node admins, audited, clear errors), its
agreement, and the preview of what it would receive laid out field by field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from crossline.config import Settings
from crossline.share.identity import load_identity
from crossline.share.preview_fields import explain
from crossline.store.audit_log import list_entries
from support.api_env import PASSWORD, Env
from support.policy_support import add_partner, store_agreement

REPORT = {"id": "r1", "source": "test", "source_ref": "x", "jurisdiction": "IN",
          "received_at": "2024-03-01", "victim_country": "IN", "marking": "TLP:GREEN",
          "indicators": []}  # fmt: skip


@pytest.mark.parametrize(
    ("sample", "kind", "terms", "field", "how", "why"),
    [
        (REPORT, "report", {"withheld": ["victim_state"]}, "victim_state", "withheld", "withholds"),
        (REPORT, "report", {}, "text", "not sent", "no narrative"),
        (REPORT, "report", {}, "victim_state", "not sent", "stop at state"),
        (
            REPORT,
            "report_full",
            {"coarsen": {"location": "country"}},
            "victim_state",
            "coarsened",
            "to country",
        ),
        (
            REPORT,
            "report_full",
            {"coarsen": {"time": "day"}},
            "received_at",
            "coarsened",
            "to the day",
        ),
        (REPORT, "report_full", {}, "victim_pii", "not sent", "does not allow"),
        (
            {**REPORT, "text": "call me on [victim contact]"},
            "report_full",
            {},
            "text",
            "masked",
            "cut out",
        ),
        (REPORT, "report", {}, "source_ref", "sent", ""),
        (
            {"value": "+911234", "kind": "phone"},
            "indicator",
            {"withheld": ["first_seen"]},
            "first_seen",
            "withheld",
            "withholds",
        ),
    ],
    ids=[
        "withheld",
        "no-narrative",
        "below-state",
        "location",
        "time",
        "no-contacts",
        "masked",
        "sent",
        "indicator-withheld",
    ],  # fmt: skip
)
def test_explain_names_what_goes_and_why(
    sample: dict[str, Any], kind: str, terms: dict[str, Any], field: str, how: str, why: str
) -> None:
    rows = {r.field: r for r in explain(sample, kind, terms)}
    assert rows[field].how == how and why in rows[field].why


def _login(env: Env, who: str) -> str:
    r = env.client.post("/api/v1/auth/login", json={"username": who, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return str(r.json()["csrf_token"])


def test_partner_page_shows_agreement_and_fields(env: Env, tmp_path: Path) -> None:
    add_partner(env.node.store, tmp_path)
    store_agreement(env.node.store, withheld=["victim_country"], coarsen={"time": "month"})
    _login(env, "admin")
    page = env.client.get("/sharing/partners/in-i4c")
    assert page.status_code == 200, page.text
    assert '<span class="withheld">victim_country</span>' in page.text
    assert 'data-field="victim_country" data-how="withheld"' in page.text
    assert 'data-field="received_at" data-how="coarsened"' in page.text
    assert 'data-field="text" data-how="not sent"' in page.text
    listed = env.client.get("/sharing/partners")
    assert 'href="/sharing/partners/in-i4c"' in listed.text


@pytest.mark.parametrize("who", ["analyst", "viewer"])
def test_partner_pages_are_for_node_admins(env: Env, who: str) -> None:
    _login(env, who)
    assert env.client.get("/sharing/partners").status_code == 403


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"name": "Bad Name", "country": "IN"}, "partner name"),
        ({"name": "in-node", "country": "India"}, "two-letter"),
        ({"name": "in-node", "country": "IN", "public_key": "x" * 44}, "key"),
        ({"name": "in-node", "country": "IN", "base_url": "ftp://x"}, "http(s)"),
    ],
    ids=["name", "country", "key", "address"],
)
def test_register_form_errors(env: Env, form: dict[str, str], message: str) -> None:
    csrf = _login(env, "admin")
    r = env.client.post("/sharing/partners", data={"public_key": "", **form, "csrf_token": csrf})
    assert r.status_code == 422 and message in r.text and 'id="partner-error"' in r.text


def test_register_a_partner_through_the_page(fresh_env: Env, tmp_path: Path) -> None:
    key = load_identity(Settings(home=tmp_path / "peer", database_url="sqlite://")).public_key
    csrf = _login(fresh_env, "admin")
    form = {"name": "in-peer", "country": "in", "public_key": key, "issue_token": "yes"}
    assert fresh_env.client.post("/sharing/partners", data=form).status_code == 403  # no CSRF
    r = fresh_env.client.post("/sharing/partners", data={**form, "csrf_token": csrf})
    assert r.status_code == 200 and 'id="partner-added"' in r.text
    assert "cl_" in r.text  # the token, shown once
    assert 'href="/sharing/partners/in-peer"' in r.text
    audited = [e for e in list_entries(fresh_env.node.store, limit=50) if e["target"] == "partner"]
    assert audited and audited[0]["detail"]["name"] == "in-peer"
