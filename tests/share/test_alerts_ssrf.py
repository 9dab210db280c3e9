"""Webhooks cannot be pointed at the node's own network: refused when registered (API and
CLI), refused again when sent (a name can resolve elsewhere later), no redirect
followed, and what a receiver answers is never shown back."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from share_match_env import add_partner, ingest, other_identity, report
from share_match_nodes import cheap_passwords

from crossline.api.app import create_app
from crossline.config import Settings
from crossline.net.egress import EgressPolicy
from crossline.net.outbound import Outbound
from crossline.share import webhooks as wh

ALLOWED_LOOPBACK = "127.0.0.1:8999"
SECRET = "users=[admin:hunter2]"  # what an internal service would say


@dataclass
class Hooked:
    client: TestClient
    settings: Settings
    headers: dict[str, str]
    seen: list[str]

    @property
    def store(self) -> Any:
        return self.client.app.state.node.store  # type: ignore[attr-defined]

    @property
    def outbound(self) -> Outbound:
        """The node's own: the operator's allow-list over the receiver twin."""
        return self.client.app.state.node.outbound  # type: ignore[attr-defined, no-any-return]


@pytest.fixture
def node(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Hooked]:
    cheap_passwords(monkeypatch)
    settings = Settings(
        home=tmp_path / "home",
        database_url=f"sqlite:///{tmp_path / 'n.db'}",
        egress_allow=(ALLOWED_LOOPBACK,),
    )
    seen: list[str] = []

    def receiver(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(500, text=f"internal error: {SECRET}")

    app = create_app(settings, audit_background=False, http_transport=httpx.MockTransport(receiver))
    acc = app.state.node.accounts
    org = acc.create_org("home agency")["id"]
    user = acc.create_user(org, "analyst", "correct horse battery", "analyst")
    token, _ = acc.create_token(
        creator=None, user_id=user["id"], org_id=org, name="t", role="analyst", scopes=["sharing"]
    )
    # No lifespan: the delivery worker stays off, deliveries run when a test says so.
    client = TestClient(app)
    yield Hooked(client, settings, {"Authorization": f"Bearer {token}"}, seen)
    client.close()
    app.state.node.store.close()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8470/api/v1/users",
        "http://[::1]/",
        "http://localhost:8470/",
        "http://169.254.169.254/latest/meta-data/iam/",
        "http://10.0.0.5/hook",
        "http://[::ffff:127.0.0.1]:8470/",
        "http://0.0.0.0:8470/",
        "http://127.0.0.1:9000/",  # loopback, but not the port the operator allowed
    ],
    ids=["v4-loopback", "v6-loopback", "localhost", "metadata", "private", "mapped", "any", "port"],
)
def test_webhook_to_an_internal_address_is_refused_when_added(node: Hooked, url: str) -> None:
    r = node.client.post("/api/v1/webhooks", json={"name": "x", "url": url}, headers=node.headers)
    assert r.status_code == 400, r.text
    assert r.json()["error"]["code"] == "egress_refused"
    assert node.client.get("/api/v1/webhooks", headers=node.headers).json()["items"] == []


def test_an_allowed_loopback_destination_is_accepted(node: Hooked) -> None:
    url = f"http://{ALLOWED_LOOPBACK}/alerts"
    r = node.client.post("/api/v1/webhooks", json={"name": "x", "url": url}, headers=node.headers)
    assert r.status_code == 201 and r.json()["url"] == url


def raise_alert(node: Hooked) -> None:
    add_partner(node.store, other_identity())
    shared = ("upi", "taskpay4471@ybl")
    ingest(node.store, node.settings, report("a", shared, source="partner:in-i4c"))
    ingest(node.store, node.settings, report("b", shared))


def test_the_receivers_answer_is_never_shown_back(node: Hooked) -> None:
    url = f"http://{ALLOWED_LOOPBACK}/alerts"
    node.client.post("/api/v1/webhooks", json={"name": "x", "url": url}, headers=node.headers)
    raise_alert(node)
    assert wh.deliver_due(node.store, node.settings, node.outbound)["retrying"] == 1
    assert node.seen == [url]
    listed = node.client.get("/api/v1/webhooks", headers=node.headers)
    [delivery] = listed.json()["deliveries"]
    assert delivery["last_error"] == "HTTP 500 Internal Server Error"
    assert SECRET not in listed.text and "internal error" not in listed.text


def test_a_name_that_resolves_to_loopback_at_send_time_is_not_sent(node: Hooked) -> None:
    answers = {"hooks.example": "93.184.216.34"}  # public when registered ...

    def resolve(host: str, port: int) -> list[str]:
        return [answers[host]]

    out = Outbound(EgressPolicy(), node.outbound.transport, resolve=resolve)
    wh.add_subscription(node.store, "rebound", "https://hooks.example/in", out)
    raise_alert(node)
    answers["hooks.example"] = "127.0.0.1"  # ... loopback when the alert goes
    assert wh.deliver_due(node.store, node.settings, out)["retrying"] == 1
    assert node.seen == []
    [delivery] = wh.list_deliveries(node.store)
    assert "loopback" in delivery["last_error"] and delivery["status"] == "pending"


def test_a_redirect_to_loopback_is_not_followed(node: Hooked) -> None:
    seen: list[str] = []

    def redirecting(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.host == "hooks.example":
            return httpx.Response(307, headers={"Location": "http://127.0.0.1:8470/api/v1/users"})
        return httpx.Response(200, text=SECRET)

    out = Outbound(
        EgressPolicy(), httpx.MockTransport(redirecting), resolve=lambda h, p: ["93.184.216.34"]
    )
    wh.add_subscription(node.store, "redirects", "https://hooks.example/in", out)
    raise_alert(node)
    assert wh.deliver_due(node.store, node.settings, out)["retrying"] == 1
    assert seen == ["https://hooks.example/in"]
    [delivery] = wh.list_deliveries(node.store)
    assert delivery["last_error"] == "HTTP 307 Temporary Redirect"
