"""Sending a freeze request again: which states may go back to the outbox, the reason
when one may not, the audit entry, and the web page's form (session + CSRF)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, update

from crossline.config import Settings
from crossline.money import freeze
from crossline.money.service import import_transfers
from crossline.services.imports import importer_for
from crossline.store import Store
from crossline.store.audit_log import list_entries
from crossline.store.schema_money import freeze_requests
from support import testdb
from support.money_env import DATA, NCRP_JSON, PASSWORD, Node, build_node

ACK = "31104202100010"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Node]:
    """One node with the complaint and its trail loaded (six freeze requests, none due)."""
    tmp = tmp_path_factory.mktemp("resend")
    settings = Settings(home=tmp / "home", database_url=testdb.database_url(tmp))
    for node in build_node(settings):
        importer_for(node.store, node.settings, classify=False).import_file(NCRP_JSON)
        import_transfers(node.store, DATA / "trail.csv")
        with node.store.transaction() as conn:  # the deliverer sends only what a case resends
            conn.execute(
                update(freeze_requests).values(
                    next_attempt_at=datetime.now(UTC) + timedelta(days=1)
                )
            )
        yield node
    testdb.release(settings.database_url)


def _wait_for_quiet_outbox(node: Node, timeout: float = 30.0) -> None:
    """Wait until the node's background deliverer has nothing in hand: a request
    resent by the previous case is being delivered, and its outcome must not land on
    the state this case sets up."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with node.store.read() as conn:
            busy = conn.execute(
                select(func.count()).where(
                    (freeze_requests.c.status == "sending")
                    | (
                        (freeze_requests.c.status == "pending")
                        & (freeze_requests.c.next_attempt_at <= datetime.now(UTC))
                    )
                )
            ).scalar_one()
        if not busy:
            return
        time.sleep(0.05)
    raise AssertionError(f"the deliverer still has {busy} request(s) after {timeout} s")


def _first_request(node: Node, status: str, **values: Any) -> dict[str, Any]:
    """The complaint's first request, put in ``status`` (8 attempts unless told), its
    next attempt an hour away so that the deliverer leaves it alone."""
    _wait_for_quiet_outbox(node)
    r = node.client.get("/api/v1/money/freeze-requests", headers=node.as_("analyst"))
    item = min(r.json()["items"], key=lambda i: i["id"])
    with node.store.transaction() as conn:
        conn.execute(
            update(freeze_requests)
            .where(freeze_requests.c.id == item["id"])
            .values(
                status=status,
                attempts=values.pop("attempts", 8),
                next_attempt_at=datetime.now(UTC) + timedelta(hours=1),
                **values,
            )
        )
    return item


@pytest.mark.parametrize(
    ("status", "code", "after"),
    [
        ("sent", 200, "pending"),  # never acknowledged
        ("failed", 200, "pending"),  # ran out of attempts
        ("rejected", 200, "pending"),  # the bank refused it (endpoint fixed since)
        ("retry", 200, "pending"),  # waiting for its next attempt: now
        ("acked", 422, "acked"),
        ("pending", 422, "pending"),
        ("unroutable", 422, "unroutable"),
    ],
    ids=["sent", "failed", "rejected", "retry", "acked", "pending", "unroutable"],
)
def test_resend_by_status(loaded: Node, status: str, code: int, after: str) -> None:
    item = _first_request(loaded, status, last_error="bank endpoint answered 503")
    r = loaded.client.post(
        f"/api/v1/money/freeze-requests/{item['id']}/resend", headers=loaded.as_("analyst")
    )
    assert r.status_code == code, r.text
    if code == 200:
        assert r.json()["status"] == "pending" and r.json()["attempts"] == 0
    else:
        assert status in r.json()["error"]["message"]
    listed = loaded.client.get(
        f"/api/v1/money/freeze-requests?report_id={item['report_id']}",
        headers=loaded.as_("analyst"),
    ).json()["items"]
    now = next(i for i in listed if i["id"] == item["id"])
    if code == 200:  # the woken delivery worker may have sent it already
        assert now["status"] in ("pending", "sending", "sent") and now["attempts"] <= 1
    else:
        assert (now["status"], now["attempts"]) == (after, 8)


def test_resend_is_audited_with_the_state_it_left(loaded: Node) -> None:
    item = _first_request(loaded, "failed", last_error="bank endpoint answered 503")
    r = loaded.client.post(
        f"/api/v1/money/freeze-requests/{item['id']}/resend", headers=loaded.as_("analyst")
    )
    assert r.status_code == 200, r.text
    entries = [
        e for e in list_entries(loaded.store, limit=50)
        if e["action"] == "resend" and e["target_id"] == item["id"]
    ]  # fmt: skip
    last = max(entries, key=lambda e: e["seq"])  # the module's node saw earlier resends
    assert last["detail"]["from"] == "failed" and last["detail"]["attempts"] == 8
    assert last["detail"]["last_error"] == "bank endpoint answered 503"


@pytest.mark.parametrize(
    ("who", "code"), [("viewer", 403), ("bank", 403), (None, 401)], ids=["viewer", "bank", "anon"]
)
def test_resend_needs_money_write(loaded: Node, who: str | None, code: int) -> None:
    item = _first_request(loaded, "failed")
    headers = loaded.as_(who) if who else {}
    r = loaded.client.post(f"/api/v1/money/freeze-requests/{item['id']}/resend", headers=headers)
    assert r.status_code == code


def test_money_page_shows_the_trail_and_resends_with_csrf(loaded: Node) -> None:
    item = _first_request(loaded, "sent", attempts=5)
    login = loaded.client.post(
        "/api/v1/auth/login", json={"username": "admin", "password": PASSWORD}
    )
    csrf = login.json()["csrf_token"]
    page = loaded.client.get("/money", params={"ref": ACK})
    assert page.status_code == 200, page.text
    assert "upi:mule2@ybl" in page.text and 'class="trail-tree"' in page.text
    assert f'action="/money/freeze-requests/{item["id"]}/resend"' in page.text
    url = f"/money/freeze-requests/{item['id']}/resend"
    refused = loaded.client.post(url, data={"back": "trail"}, follow_redirects=False)
    assert refused.status_code == 403  # no CSRF token: nothing changes
    done = loaded.client.post(
        url, data={"csrf_token": csrf, "back": "trail"}, follow_redirects=False
    )
    assert done.status_code == 303
    assert done.headers["location"] == f"/money?ref={item['report_id']}&done={item['id']}"
    shown = loaded.client.get(done.headers["location"])
    assert "back in the outbox" in shown.text
    again = loaded.client.get(
        f"/api/v1/money/freeze-requests?report_id={item['report_id']}",
        headers=loaded.as_("analyst"),
    ).json()["items"]
    # Woken at once, the delivery worker may already have sent it: either way its
    # attempts started again from none.
    mine = next(i for i in again if i["id"] == item["id"])
    assert mine["status"] in ("pending", "sending", "sent") and mine["attempts"] <= 1


def test_outbox_counts_and_campaign_filter(settings: Settings, store: Store) -> None:
    """The outbox's figures on both engines: counts by state, a campaign's requests."""
    from crossline.money.resend import requeue
    from crossline.store.schema import reports

    importer_for(store, settings, classify=False).import_file(NCRP_JSON)
    import_transfers(store, DATA / "trail.csv")
    items = freeze.list_requests(store)
    assert freeze.count_by_status(store) == {"pending": len(items)}
    with store.transaction() as conn:
        conn.execute(update(freeze_requests).where(freeze_requests.c.id == items[0]["id"])
                     .values(status="failed"))  # fmt: skip
    requeue(store, items[0]["id"])
    with store.transaction() as conn:
        conn.execute(update(freeze_requests).where(freeze_requests.c.id == items[1]["id"])
                     .values(status="acked"))  # fmt: skip
    assert freeze.count_by_status(store) == {"acked": 1, "pending": len(items) - 1}
    campaign = "0f0f0f0f-0000-5000-8000-000000000001"
    assert freeze.list_requests(store, freeze.FreezeFilter(campaign_id=campaign)) == []
    with store.transaction() as conn:
        conn.execute(update(reports).values(component_id=campaign))
    page = freeze.list_requests(store, freeze.FreezeFilter(campaign_id=campaign), limit=2, offset=1)
    assert [i["id"] for i in page] == [i["id"] for i in items[1:3]]
    assert freeze.count_by_status(store, freeze.FreezeFilter(campaign_id=campaign))["acked"] == 1


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
def test_cli_resends_an_unacknowledged_request(settings: Settings) -> None:
    import json

    from click.testing import CliRunner

    from crossline.cli import cli

    runner = CliRunner()
    base = ["--home", str(settings.home), "--db", settings.database_url]

    def run(*args: str) -> Any:
        return runner.invoke(cli, [*base, *args], catch_exceptions=False)

    run("ingest", str(NCRP_JSON))
    run("money", "import", str(DATA / "trail.csv"))
    assert json.loads(run("money", "freeze", "deliver", "--json").output)["sent"] == 6
    first = json.loads(run("money", "freeze", "list", "--json").output)["items"][0]
    again = run("money", "freeze", "resend", first["id"], "--actor", "officer-7", "--json")
    assert again.exit_code == 0 and json.loads(again.output)["status"] == "pending"
    assert json.loads(run("money", "freeze", "deliver", "--json").output)["sent"] == 1
    run("money", "freeze", "ack", first["id"], "BANK-REF-9")
    refused = runner.invoke(cli, [*base, "money", "freeze", "resend", first["id"], "--json"])
    assert refused.exit_code != 0 and "acknowledged" in refused.output


@pytest.mark.parametrize(
    ("query", "shown", "total"),
    [({"limit": 2, "offset": 1}, 2, 6), ({"limit": 10, "offset": 4}, 2, 6),
     ({"campaign_id": "0f0f0f0f-0000-5000-8000-000000000002"}, 0, 0)],
    ids=["page", "last-page", "other-campaign"],
)  # fmt: skip
def test_api_pages_with_totals(loaded: Node, query: dict[str, Any], shown: int, total: int) -> None:
    r = loaded.client.get(
        "/api/v1/money/freeze-requests", params=query, headers=loaded.as_("analyst")
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert (len(body["items"]), body["total"], sum(body["by_status"].values())) == (
        shown, total, total,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("where", "statuses"),
    [
        (freeze.FreezeFilter(), {"acked", "failed", "pending"}),
        (freeze.FreezeFilter(status="acked"), {"acked"}),
        (freeze.FreezeFilter(status="acked,failed"), {"acked", "failed"}),
        (freeze.FreezeFilter(report_id="no-such-report"), set()),
        (freeze.FreezeFilter(campaign_id="0f0f0f0f-0000-5000-8000-000000000002"), set()),
    ],
    ids=["any", "one-state", "two-states", "unknown-complaint", "unknown-campaign"],
)
def test_freeze_filter_narrows_lists_and_counts(
    settings: Settings, store: Store, where: freeze.FreezeFilter, statuses: set[str]
) -> None:
    importer_for(store, settings, classify=False).import_file(NCRP_JSON)
    import_transfers(store, DATA / "trail.csv")
    items = freeze.list_requests(store)
    with store.transaction() as conn:
        for item, status in zip(items[:2], ("acked", "failed"), strict=True):
            conn.execute(update(freeze_requests).where(freeze_requests.c.id == item["id"])
                         .values(status=status))  # fmt: skip
    listed = freeze.list_requests(store, where, limit=500)
    assert {i["status"] for i in listed} == statuses
    # The counts are per state: they leave the filter's own states aside.
    counts = freeze.count_by_status(store, where)
    assert set(counts) == (set() if not statuses else {"acked", "failed", "pending"})
    assert sum(counts.values()) == len(freeze.list_requests(store, replace(where, status=None)))
