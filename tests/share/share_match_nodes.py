"""Two nodes in one process: a US node and an India node on their own stores, each with
the other registered as a partner under an agreement, bridged by an httpx transport."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient

from crossline.api.app import create_app
from crossline.config import Settings
from crossline.share.agreements import save_agreement
from crossline.share.identity import load_identity
from crossline.share.partners import register_partner

PASSWORD = "correct horse battery staple"


def cheap_passwords(monkeypatch: Any) -> None:
    """Argon2 at minimum cost (the real parameters cost ~0.3 s per hash here)."""
    from argon2 import PasswordHasher

    from crossline.node import security

    monkeypatch.setattr(security, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024))


class Bridge:
    """Routes requests by host name to the in-process app of that node."""

    def __init__(self) -> None:
        self.clients: dict[str, TestClient] = {}
        self.seen: list[tuple[str, str, bytes]] = []  # (host, path, body) of every request

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.seen.append((request.url.host, request.url.path, request.content))
        client = self.clients[request.url.host]
        headers = {k: v for k, v in request.headers.items() if k.lower() != "host"}
        r = client.request(
            request.method, request.url.raw_path.decode(), content=request.content, headers=headers
        )
        return httpx.Response(r.status_code, content=r.content, headers=r.headers)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)


@dataclass
class Node:
    name: str
    host: str
    settings: Settings
    app: Any
    client: TestClient
    tokens: dict[str, str] = field(default_factory=dict)  # "analyst", or issued to a partner
    partner_org: str = ""

    @property
    def store(self) -> Any:
        return self.app.state.node.store

    def as_analyst(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens['analyst']}"}


def make_node(tmp: Path, name: str, country: str, bridge: Bridge) -> Node:
    settings = Settings(
        home=tmp / name, database_url=f"sqlite:///{tmp / name}.db", node_name=name,
        country=country, egress_allow=("*.node",),  # the other in-process node
    )  # fmt: skip
    app = create_app(settings, audit_background=False, http_transport=bridge.transport())
    node = Node(name, f"{name}.node", settings, app, TestClient(app))
    acc = app.state.node.accounts
    home = acc.create_org(f"{name} agency", country=country)
    user = acc.create_user(home["id"], "analyst", PASSWORD, "analyst")
    node.tokens["analyst"], _ = acc.create_token(
        creator=None, user_id=user["id"], org_id=home["id"], name="analyst",
        role="analyst", scopes=["read", "sharing"],
    )  # fmt: skip
    partner_org = acc.create_org(f"partner of {name}")
    node.partner_org = partner_org["id"]
    node.tokens["for-partner"], _ = acc.create_token(
        creator=None, user_id=user["id"], org_id=partner_org["id"], name="partner-node",
        role="partner", scopes=["share"],
    )  # fmt: skip
    bridge.clients[node.host] = node.client
    return node


def link(a: Node, b: Node, agreement: dict[str, Any]) -> None:
    """Register ``b`` as a partner of ``a`` (its key, address, the token b issued to a)."""
    register_partner(
        a.store, name=b.name, country=b.settings.country,
        public_key=load_identity(b.settings).public_key, base_url=f"http://{b.host}",
        credential=b.tokens["for-partner"], org_id=a.partner_org,
    )  # fmt: skip
    save_agreement(a.store, {"partner": b.name, **agreement})


AGREEMENT = {
    "kinds": ["indicator", "campaign"],
    "max_marking": "TLP:AMBER",
    "matching": ["hmac", "psi"],
    "alerts": True,
}


def two_nodes(
    tmp: Path, agreement: dict[str, Any] | None = None
) -> Iterator[tuple[Node, Node, Bridge]]:
    from argon2 import PasswordHasher

    from crossline.node import security

    saved, security._HASHER = security._HASHER, PasswordHasher(time_cost=1, memory_cost=1024)
    bridge = Bridge()
    us = make_node(tmp, "us-ftc", "US", bridge)
    india = make_node(tmp, "in-i4c", "IN", bridge)
    link(us, india, agreement or AGREEMENT)
    link(india, us, agreement or AGREEMENT)
    with ExitStack() as stack:
        stack.enter_context(us.client)
        stack.enter_context(india.client)
        yield us, india, bridge
    security._HASHER = saved
