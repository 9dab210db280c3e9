"""Two nodes in one process: a request travels US -> India signed, the answer and its
evidence travel back, and the inbox refuses what it must refuse."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from crossline.api.app import create_app
from crossline.config import Settings
from crossline.evidence.items import Evidence, custody_of, get_item
from crossline.evidence.verify import verify_store
from crossline.net.outbound import Outbound
from crossline.share.envelope import seal
from crossline.share.identity import load_identity
from crossline.share.partners import register_partner
from crossline.share.request_signing import sign_request

PASSWORD = "correct horse battery staple"


@dataclass
class NodeUnderTest:
    name: str
    client: TestClient
    settings: Settings
    tokens: dict[str, str]
    orgs: dict[str, str]

    @property
    def node(self) -> Any:
        return self.client.app.state.node  # type: ignore[attr-defined]

    def call(self, who: str, method: str, path: str, **kw: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.tokens[who]}"}
        return self.client.request(method, path, headers=headers, **kw)


def _node(tmp: Path, name: str, country: str, partner_org: str) -> NodeUnderTest:
    settings = Settings(
        home=tmp / name / "home",
        database_url=f"sqlite:///{tmp / name}.db",
        node_name=name,
        country=country,
        egress_allow=("*.test",),  # the other in-process node
    )
    app = create_app(settings, audit_background=False)
    acc = app.state.node.accounts
    home = acc.create_org(f"{name} agency", country=country)["id"]
    visitors = acc.create_org(partner_org, country="IN" if country == "US" else "US")["id"]
    analyst = acc.create_user(home, f"{name}-analyst", PASSWORD, "analyst")
    guest = acc.create_user(visitors, f"{name}-guest", PASSWORD, "partner")
    tokens = {
        "analyst": acc.create_token(
            creator=None, user_id=analyst["id"], org_id=home, name="a", role="analyst",
            scopes=["evidence", "read"],
        )[0],
        "partner": acc.create_token(
            creator=None, user_id=guest["id"], org_id=visitors, name="p", role="partner",
            scopes=["share"],
        )[0],
    }  # fmt: skip
    return NodeUnderTest(
        name, TestClient(app), settings, tokens, {"home": home, "visitors": visitors}
    )


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[NodeUnderTest, NodeUnderTest]]:
    us = _node(tmp_path, "us-ftc", "US", "India CBI (partner node)")
    india = _node(tmp_path, "in-cbi", "IN", "US FTC (partner node)")
    by_host = {"us-ftc.test": us, "in-cbi.test": india}

    def bridge(request: httpx.Request) -> httpx.Response:
        target = by_host[request.url.host]
        r = target.client.request(
            request.method, request.url.path, headers=dict(request.headers), content=request.content
        )
        return httpx.Response(r.status_code, headers=r.headers, content=r.content)

    transport = httpx.MockTransport(bridge)
    for me, them in ((us, india), (india, us)):
        me.node.outbound = Outbound.of(me.settings, transport)
        register_partner(
            me.node.store,
            name=them.name,
            country=them.settings.country,
            public_key=load_identity(them.settings).public_key,
            base_url=f"http://{them.name}.test",
            credential=them.tokens["partner"],  # issued by them to us
            org_id=me.orgs["visitors"],
        )
    with us.client, india.client:
        yield us, india


def test_request_goes_out_and_the_answer_with_evidence_comes_back(
    pair: tuple[NodeUnderTest, NodeUnderTest],
) -> None:
    us, india = pair
    r = us.call(
        "analyst",
        "POST",
        "/api/v1/legal-requests",
        json={
            "type": "mlat",
            "partner": "in-cbi",
            "facts": "Toll-scam call centre in Kolkata; 40 US victims.",
            "legal_basis": "US-India MLAT (2001)",
            "case_ref": "OP-TOLL",
        },
    )
    assert r.status_code == 201, r.text
    rid = r.json()["id"]
    r = us.call("analyst", "POST", f"/api/v1/legal-requests/{rid}/send")
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "sent" and r.json()["due_date"]

    got = india.call("analyst", "GET", f"/api/v1/legal-requests/{rid}").json()
    assert (got["direction"], got["status"], got["partner"]) == ("incoming", "sent", "us-ftc")
    assert got["legal_basis"] == "US-India MLAT (2001)"

    r = india.call(
        "analyst", "POST", f"/api/v1/legal-requests/{rid}/status", json={"status": "acknowledged"}
    )
    assert r.status_code == 200, r.text
    assert us.call("analyst", "GET", f"/api/v1/legal-requests/{rid}").json()["status"] == (
        "acknowledged"
    )

    r = india.call(
        "analyst",
        "POST",
        "/api/v1/evidence",
        data={"case": "IN-REQ-7", "exhibit": "A1", "description": "KYC of the UPI handle",
              "acquired_by": "Insp. Sharma", "source": "Axis Bank"},
        files={"file": ("kyc.pdf", b"%PDF-1.4 kyc of fraudster@okaxis", "application/pdf")},
    )  # fmt: skip
    assert r.status_code == 201, r.text
    r = india.call(
        "analyst",
        "POST",
        f"/api/v1/legal-requests/{rid}/answer",
        json={"items": ["IN-REQ-7/A1"], "final": True, "note": "KYC attached"},
    )
    assert r.status_code == 200, r.text
    assert custody_of(india.node.store, "IN-REQ-7")[-1]["action"] == "transfer"

    back = us.call("analyst", "GET", f"/api/v1/legal-requests/{rid}").json()
    assert back["status"] == "answered" and back["closed_at"]
    [ev] = back["evidence"]
    assert (ev["case"], ev["exhibit"]) == ("OP-TOLL", "in-cbi.A1")
    us_ev = Evidence.of(us.settings, us.node.store)
    item = get_item(us.node.store, ev["item_id"])
    assert item["origin"] == "in-cbi"
    with us_ev.content.open(item["sha256"]) as fh:
        assert fh.read() == b"%PDF-1.4 kyc of fraudster@okaxis"
    [receive] = custody_of(us.node.store, "OP-TOLL", item["id"])
    assert receive["action"] == "receive"
    assert receive["detail"]["sender"]["key_id"] == load_identity(india.settings).key_id
    assert verify_store(us_ev)["ok"]


def _envelope_from(node: NodeUnderTest, request_id: str = "r-1") -> dict[str, Any]:
    payload = {
        "kind": "legal_request",
        "request": {"id": request_id, "type": "preservation", "title": "t", "facts": "f"},
    }
    return seal(load_identity(node.settings), payload)


INBOX = "/api/v1/legal-requests/inbox"


def _post_to_inbox(
    sender: NodeUnderTest, to: NodeUnderTest, body: Any, token: str, **sign: Any
) -> httpx.Response:
    """POST ``body`` to ``to``'s inbox as a request signed by ``sender`` (``sign`` changes
    what is signed: ``now``, or ``unsigned=True``)."""
    content = json.dumps(body).encode()
    headers = {"Authorization": f"Bearer {to.tokens[token]}", "Content-Type": "application/json"}
    if not sign.pop("unsigned", False):
        headers |= sign_request(load_identity(sender.settings), "POST", INBOX, "", content, **sign)
    return to.client.post(INBOX, content=content, headers=headers)


@pytest.mark.parametrize(
    ("case", "status", "code"),
    [
        ("wrong-organisation", 403, "forbidden"),
        ("tampered", 400, "integrity"),
        ("unknown-signer", 404, "not_found"),
        ("not-an-envelope", 422, "invalid"),
        ("unsigned-request", 401, "unauthenticated"),
        ("stale-request", 401, "unauthenticated"),
        ("nested-too-deep", 400, "too_deep"),
    ],
    ids=lambda v: str(v),
)
def test_the_inbox_refuses(
    pair: tuple[NodeUnderTest, NodeUnderTest], case: str, status: int, code: str
) -> None:
    us, india = pair
    who = "partner"
    body: Any = _envelope_from(us)
    sign: dict[str, Any] = {}
    if case == "wrong-organisation":
        who = "analyst"  # India's own analyst is not the US partner's organisation
    elif case == "tampered":
        body["payload"]["request"]["facts"] = "changed in transit"
    elif case == "unknown-signer":
        body = _envelope_from(india)  # India's key is no partner of India's
    elif case == "unsigned-request":
        sign = {"unsigned": True}
    elif case == "stale-request":
        sign = {"now": datetime.now(UTC) - timedelta(minutes=10)}
    elif case == "nested-too-deep":
        nested: Any = "x"
        for _ in range(200):
            nested = [nested]
        body["payload"]["request"]["facts"] = nested
    else:
        body = {"payload": {}}
    r = _post_to_inbox(us, india, body, who, **sign)
    assert r.status_code == status, r.text
    assert r.json()["error"]["code"] == code
    assert india.call("analyst", "GET", "/api/v1/legal-requests").json()["items"] == []


def test_sending_to_an_unreachable_partner_keeps_the_draft(
    pair: tuple[NodeUnderTest, NodeUnderTest],
) -> None:
    us, _ = pair

    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    us.node.outbound = Outbound.of(us.settings, httpx.MockTransport(down))
    rid = us.call(
        "analyst",
        "POST",
        "/api/v1/legal-requests",
        json={"type": "freeze", "partner": "in-cbi", "facts": "Freeze the mule account."},
    ).json()["id"]
    r = us.call("analyst", "POST", f"/api/v1/legal-requests/{rid}/send")
    assert r.status_code == 400 and r.json()["error"]["code"] == "transport"
    assert "in-cbi unreachable" in r.json()["error"]["message"]
    assert us.call("analyst", "GET", f"/api/v1/legal-requests/{rid}").json()["status"] == "draft"
