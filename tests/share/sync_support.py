"""Two (or more) in-process nodes, paired, with Starlette test clients bridging them.

Each node has its own SQLite store, key pair and app; the syncer of one node reaches the
others through an ``httpx.MockTransport`` that hands each request to the test client of
the node it is addressed to, so requests cross the real HTTP stack (egress guard, TAXII
routes, authentication, signatures) without opening sockets. ``wrap`` puts a transport
of a test's own between them (a partner that goes down, a page changed on the way).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import httpx
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from crossline.api.app import create_app
from crossline.config import Settings
from crossline.net.outbound import Outbound
from crossline.node import security
from crossline.services.imports import import_paths
from crossline.services.pairing import Side, ensure_home, pair
from crossline.services.sync import syncer_for
from crossline.share.sync import Backoff, Syncer
from crossline.store import Store, open_store

DEMO = Path(str(resources.files("crossline") / "demo_data" / "synthetic"))
US_FILE = DEMO / "sentinel_reports.csv"
IN_FILE = DEMO / "ncrp_complaints.csv"


@dataclass
class PeerNode:
    settings: Settings
    store: Store
    client: TestClient
    url: str
    agency: str
    nodes: dict[str, PeerNode] = field(default_factory=dict)
    wrap: Callable[[PeerNode, Any], Any] | None = None

    @property
    def name(self) -> str:
        return self.settings.node_name

    def side(self) -> Side:
        return Side(self.settings, self.store, self.url, self.agency)

    def _route(self, request: httpx.Request) -> httpx.Response:
        other = next(n for n in self.nodes.values() if n.url.endswith(f"//{request.url.host}"))
        transport: httpx.BaseTransport = Forward(other.client)
        if self.wrap:
            transport = self.wrap(other, transport)
        return transport.handle_request(request)

    def outbound(self) -> Outbound:
        return Outbound.of(self.settings, httpx.MockTransport(self._route))

    def syncer(self, **kw: Any) -> Syncer:
        kw.setdefault("backoff", Backoff(attempts=2, base=0.0))
        kw.setdefault("sleep", lambda _s: None)
        return syncer_for(self.store, self.settings, outbound=self.outbound(), **kw)

    def load(self, path: Path) -> None:
        import_paths(self.settings, [path], store=self.store)


class Forward(httpx.BaseTransport):
    """Hands a request to an in-process app's test client."""

    def __init__(self, client: TestClient) -> None:
        self.client = client

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        headers = {k: v for k, v in request.headers.items() if k.lower() != "host"}
        r = self.client.request(
            request.method, request.url.raw_path.decode(), content=request.read(), headers=headers
        )
        return httpx.Response(r.status_code, content=r.content, headers=r.headers)


@contextmanager
def cheap_passwords() -> Iterator[None]:
    saved = security._HASHER
    security._HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    try:
        yield
    finally:
        security._HASHER = saved


@contextmanager
def nodes(tmp: Path, *specs: tuple[str, str, str]) -> Iterator[dict[str, PeerNode]]:
    """Nodes named by (name, country, agency), each with a home agency and an admin."""
    made: dict[str, PeerNode] = {}
    try:
        with cheap_passwords():
            for name, country, agency in specs:
                settings = Settings(
                    home=tmp / name,
                    database_url=f"sqlite:///{tmp / (name + '.db')}",
                    node_name=name,
                    country=country,
                    egress_allow=("*.test",),  # the other in-process nodes
                )
                store = open_store(settings)
                app = create_app(settings, store=store, audit_background=False)
                url = f"http://{name}.test"
                node = PeerNode(settings, store, TestClient(app, base_url=url), url, agency)
                made[name] = node
                ensure_home(node.side(), password="demo-password-123")
            for node in made.values():
                node.nodes = made
            yield made
    finally:
        for node in made.values():
            node.client.close()
            node.store.close()


def paired(a: PeerNode, b: PeerNode, **terms: Any) -> None:
    pair(a.side(), b.side(), agreement=terms or None)
