"""Watchlists: an analyst watches a value, a query or a campaign; the next import that
brings a matching report raises an alert on the alerts page and, for watches that ask
for it, an e-mail-ready webhook payload. Watches are their owner's alone."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from crossline.config import Settings
from crossline.services.imports import import_paths
from crossline.store.repository import utcnow
from crossline.store.schema_matching import webhook_deliveries, webhook_subscriptions
from support import testdb
from support.api_env import PASSWORD, Env, build_env

HANDLE = "fraudster@okaxis"  # a value of the seeded cross-border campaign


@pytest.fixture
def env(tmp_path: Path) -> Iterator[Env]:
    settings = Settings(home=tmp_path / "home", database_url=testdb.database_url(tmp_path))
    for e in build_env(settings):
        user = e.users["analyst"]
        for name, scopes in (("watcher", ["read", "sharing"]), ("other", ["read"])):
            token, _row = e.node.accounts.create_token(
                creator=None, user_id=user["id"], org_id=user["org_id"], name=name,
                role="analyst", scopes=scopes,
            )  # fmt: skip
            e.tokens[name] = token
        yield e
    testdb.release(settings.database_url)


def _import(env: Env, tmp: Path, rows: list[dict[str, Any]], name: str = "new.jsonl") -> None:
    path = tmp / name
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    import_paths(env.node.settings, [path], store=env.node.store)


def _report(ref: str, text: str, **extra: Any) -> dict[str, Any]:
    return {"source": "partner_in", "source_ref": ref, "jurisdiction": "IN",
            "received_at": "2024-04-01T10:00:00Z", "text": text, **extra}  # fmt: skip


def _watch(env: Env, who: str, **body: Any) -> dict[str, Any]:
    r = env.client.post("/api/v1/watchlists", json=body, headers=env.as_(who))
    assert r.status_code == 201, r.text
    return r.json()


def _watch_alerts(env: Env) -> list[dict[str, Any]]:
    r = env.get("watcher", "/api/v1/alerts")
    assert r.status_code == 200, r.text
    return [a for a in r.json()["items"] if a["kind"] == "watch"]


@pytest.mark.parametrize(
    ("kind", "target", "report_text", "quiet_text"),
    [
        ("value", "Fraudster@OKAXIS", f"Paid 5000 to {HANDLE} for a parcel", "Paid to x@ybl"),
        ("query", "Digital Arrest", "A DIGITAL ARREST call from a fake officer", "a refund"),
    ],
    ids=["value", "query"],
)
def test_a_matching_report_in_the_next_import_raises_one_alert(
    env: Env, tmp_path: Path, kind: str, target: str, report_text: str, quiet_text: str
) -> None:
    watch = _watch(env, "watcher", kind=kind, target=target)
    _import(env, tmp_path, [_report("W-1", report_text), _report("W-2", quiet_text)])
    alerts = _watch_alerts(env)
    assert len(alerts) == 1 and alerts[0]["watch_id"] == watch["id"]
    assert "W-1" in alerts[0]["message"] and alerts[0]["email"]["subject"]
    _import(env, tmp_path, [_report("W-1", report_text)], name="again.jsonl")
    assert len(_watch_alerts(env)) == 1  # re-importing never alerts twice
    listed = env.get("watcher", "/api/v1/watchlists").json()
    assert listed["total"] == 1 and listed["items"][0]["alert_count"] == 1


def test_a_campaign_watch_alerts_when_a_report_joins_it(env: Env, tmp_path: Path) -> None:
    cid = env.ids["cross_border"]
    watch = _watch(env, "watcher", kind="campaign", target=cid[:8])
    assert watch["target"] == cid
    _import(env, tmp_path, [_report("W-3", f"Customs scam; pay {HANDLE}")])
    alerts = _watch_alerts(env)
    assert [a["watch_id"] for a in alerts] == [watch["id"]]


def test_a_notified_watch_queues_an_email_ready_webhook(env: Env, tmp_path: Path) -> None:
    with env.node.store.transaction() as conn:
        conn.execute(
            webhook_subscriptions.insert().values(
                id="00000000-0000-5000-8000-0000000000aa", name="mail-relay",
                url="https://relay.example.org/hook", active=True, created_at=utcnow(),
            )
        )  # fmt: skip
    _watch(env, "watcher", kind="value", target=HANDLE, notify=True, note="case 42")
    _watch(env, "other", kind="query", target="customs scam")  # no webhook for this one
    _import(env, tmp_path, [_report("W-4", f"Customs scam; pay {HANDLE}")])
    with env.node.store.read() as conn:
        envelopes = [r.envelope for r in conn.execute(select(webhook_deliveries))]
    assert len(envelopes) == 1
    alert = envelopes[0]["payload"]["alert"]
    assert alert["kind"] == "watch" and "W-4" in alert["email"]["body"]
    assert "case 42" in alert["email"]["body"] and "victim" not in json.dumps(alert).lower()


def test_watches_are_their_owners_alone(env: Env) -> None:
    mine = _watch(env, "watcher", kind="value", target=HANDLE)
    assert env.get("other", "/api/v1/watchlists").json()["total"] == 0
    gone = env.client.delete(f"/api/v1/watchlists/{mine['id']}", headers=env.as_("other"))
    assert gone.status_code == 404
    again = _watch(env, "watcher", kind="value", target=HANDLE.upper())
    assert again["id"] == mine["id"]  # watching twice is one watch
    ok = env.client.delete(f"/api/v1/watchlists/{mine['id']}", headers=env.as_("watcher"))
    assert ok.status_code == 200 and env.get("watcher", "/api/v1/watchlists").json()["total"] == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "value", "target": "just words"}, "target"),
        ({"kind": "query", "target": "ab"}, "target"),
        ({"kind": "campaign", "target": "ffffffff"}, None),
    ],
    ids=["not-a-value", "short-query", "unknown-campaign"],
)
def test_a_watch_of_nothing_watchable_is_refused(
    env: Env, body: dict[str, Any], field: str | None
) -> None:
    r = env.client.post("/api/v1/watchlists", json=body, headers=env.as_("watcher"))
    assert r.status_code in (404, 422), r.text
    if field:
        assert r.json()["error"]["field"] == field


def test_the_web_page_adds_lists_and_removes_a_watch(env: Env) -> None:
    c = env.client
    assert c.post("/login", data={"username": "analyst", "password": PASSWORD},
                  follow_redirects=False).status_code == 303  # fmt: skip
    token = c.get("/api/v1/me").json()["csrf_token"]
    refused = c.post(
        "/watchlists", data={"kind": "value", "target": HANDLE}, follow_redirects=False
    )
    assert refused.status_code == 403  # no CSRF token
    r = c.post("/watchlists", data={"kind": "value", "target": HANDLE, "note": "<i>x</i>",
                                    "csrf_token": token}, follow_redirects=False)  # fmt: skip
    assert r.status_code == 303
    page = c.get("/watchlists").text
    assert HANDLE in page and "&lt;i&gt;x&lt;/i&gt;" in page and "<i>x</i>" not in page
    wid = env.get("analyst", "/api/v1/watchlists")  # the machine token is not the user
    assert wid.json()["total"] == 0
    row = page.split('data-watch="')[1].split('"')[0]
    r = c.post(f"/watchlists/{row}/delete", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303 and HANDLE not in c.get("/watchlists").text
