"""The money routes and the suspect registry over HTTP: authentication, roles, the rate
limit (429 + Retry-After in the one error shape), audit, and no victim data."""

from __future__ import annotations

import json
from functools import partial

import pytest

from crossline.money import registry
from crossline.money.registry import ANSWER_FIELDS, TokenBucket
from crossline.money.service import compute_mules, import_transfers
from crossline.services.imports import importer_for
from crossline.store.audit_log import list_entries
from support.money_env import DATA, NCRP_JSON, Node

ACK = "31104202100010"
VICTIM_VALUES = ("Digital arrest", "CBI officer", "SI Patil", "complaint:", "31104202100010")


def _load(node: Node) -> None:
    importer_for(node.store, node.settings, classify=False).import_file(NCRP_JSON)
    import_transfers(node.store, DATA / "trail.csv")
    compute_mules(node.store)


def _shape(r, status: int) -> dict:  # type: ignore[no-untyped-def]
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"} and body["error"]["code"] and body["error"]["message"]
    return body["error"]


def test_trace_freeze_list_and_ack_routes(node: Node) -> None:
    node.app.state.node.freezes.close()  # its rounds would send pending requests meanwhile
    _load(node)
    r = node.client.get(f"/api/v1/money/trace/{ACK}", headers=node.as_("analyst"))
    assert r.status_code == 200, r.text
    body = r.json()
    accounts = {n["account"]: n for n in body["nodes"]}
    assert accounts["upi:mule2@ybl"]["layer"] == 2
    assert body["tree"][0]["children"] and body["totals"]["seeded"] == pytest.approx(150000.5)
    r = node.client.get("/api/v1/money/freeze-requests?status=pending", headers=node.as_("analyst"))
    items = r.json()["items"]
    assert len(items) == 6 and r.json()["latency"]["count"] >= 3
    r = node.client.post(
        f"/api/v1/money/freeze-requests/{items[0]['id']}/ack",
        json={"ack_ref": "X"},
        headers=node.as_("analyst"),
    )
    assert _shape(r, 422)["code"] == "invalid"  # still pending: nothing to acknowledge
    _shape(node.client.get(f"/api/v1/money/trace/{ACK}", headers=node.as_("bank")), 403)
    _shape(node.client.get(f"/api/v1/money/trace/{ACK}"), 401)
    _shape(node.client.get("/api/v1/money/trace/nothing-here", headers=node.as_("analyst")), 404)


def test_post_transfers_reconciles(node: Node) -> None:
    at = "2024-05-01T10:00:00Z"
    rows = [
        {"txn_id": "P1", "time": at, "from": "a1@ybl", "to": "b2@okaxis", "amount": 900},
        {"txn_id": "P2", "time": at, "from": "b2@okaxis", "to": "", "amount": 5},
    ]
    r = node.client.post(
        "/api/v1/money/transfers", json={"transfers": rows}, headers=node.as_("analyst")
    )
    assert r.status_code == 201, r.text
    assert {k: r.json()[k] for k in ("rows_read", "stored", "quarantined", "reconciles")} == {
        "rows_read": 2, "stored": 1, "quarantined": 1, "reconciles": True,
    }  # fmt: skip
    _shape(
        node.client.post("/api/v1/money/transfers", json={"junk": 1}, headers=node.as_("analyst")),
        422,
    )


REGISTRY_CASES = [
    # (path, risk): a mule on a trail, a complaint's payee, the suspect's phone, nothing
    ("/api/v1/registry/upi/mule2@ybl", "medium"),
    ("/api/v1/registry/account/SBIN0001234:30123456789", "medium"),
    ("/api/v1/registry?value=%2B91%2098765%2043210&kind=phone", "medium"),
    ("/api/v1/registry/upi/nobody@ybl", "unknown"),
]


def test_registry_answers_with_counts_and_no_victim_data(node: Node) -> None:
    _load(node)
    for path, risk in REGISTRY_CASES:
        r = node.client.get(path, headers=node.as_("bank"))
        assert r.status_code == 200, r.text
        body = r.json()
        assert set(body) == ANSWER_FIELDS, path
        assert body["risk"] == risk, (path, body)
        text = json.dumps(body)
        for value in VICTIM_VALUES:
            assert value not in text, (path, value)
        if risk != "unknown":
            assert body["reasons"] and (body["report_count"] or body["mule_score"] is not None)
    node.app.state.node.audit.flush()
    entries = list_entries(node.store, target="registry", limit=5)
    assert len(entries) == 4 and entries[0]["actor"].startswith("token:bank")


def test_registry_rate_limit_is_per_token_with_retry_after(node: Node, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CROSSLINE_REGISTRY_RATE", "0.5")
    monkeypatch.setenv("CROSSLINE_REGISTRY_BURST", "2")
    # A clock that stands still: however slow the machine, no token refills meanwhile.
    monkeypatch.setattr(registry, "TokenBucket", partial(TokenBucket, clock=lambda: 1000.0))
    node.app.state.node.registry_limiter = None
    url = "/api/v1/registry/upi/someone@ybl"
    assert [node.client.get(url, headers=node.as_("bank")).status_code for _ in range(2)] == [
        200,
        200,
    ]
    r = node.client.get(url, headers=node.as_("bank"))
    assert _shape(r, 429)["code"] == "rate_limited"
    assert int(r.headers["Retry-After"]) >= 1
    node.app.state.node.audit.flush()
    outcomes = [e["outcome"] for e in list_entries(node.store, target="registry", limit=10)]
    assert outcomes.count("denied") == 1 and outcomes.count("ok") == 2
    assert node.client.get(url, headers=node.as_("bank2")).status_code == 200  # its own bucket
    _shape(node.client.get(url), 401)
    _shape(node.client.get(url, headers=node.as_("viewer")), 403)  # token scope lacks it
    _shape(node.client.get("/api/v1/registry/upi/not-a-handle", headers=node.as_("bank2")), 422)


def test_token_bucket_refills() -> None:
    now = [0.0]
    bucket = TokenBucket(rate=2.0, burst=2.0, clock=lambda: now[0])
    assert [bucket.take("a"), bucket.take("a")] == [0.0, 0.0]
    assert bucket.take("a") == pytest.approx(0.5)
    now[0] = 0.5
    assert bucket.take("a") == 0.0 and bucket.take("b") == 0.0
