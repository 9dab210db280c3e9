"""Two (or more) in-process nodes, paired, with Starlette test clients bridging them.

Each node has its own SQLite store, key pair and app; ``http_for`` hands the syncer of
one node the test client of the other, so requests cross the real HTTP stack (TAXII
routes, authentication, signatures) without opening sockets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from crossline.api.app import create_app
from crossline.config import Settings
from crossline.node import security
from crossline.services.imports import import_paths
from crossline.services.pairing import Side, ensure_home, pair
from crossline.services.sync import syncer_for
from crossline.share.partners import Partner
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

    def http_for(self, partner: Partner) -> Any:
        other = self.nodes[partner.name]
        return self.wrap(other, other.client) if self.wrap else other.client

    def syncer(self, **kw: Any) -> Syncer:
        kw.setdefault("backoff", Backoff(attempts=2, base=0.0))
        kw.setdefault("sleep", lambda _s: None)
        return syncer_for(self.store, self.settings, http_for=self.http_for, **kw)

    def load(self, path: Path) -> None:
        import_paths(self.settings, [path], store=self.store)


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
