"""Helpers of the money tests: paths of the fixtures, a node with one token per role."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from crossline.api.app import create_app
from crossline.config import Settings

DATA = Path(__file__).parent / "data"
NCRP_JSON = Path(__file__).parents[1] / "data" / "ingest" / "ncrp.json"
PASSWORD = "correct horse battery staple"
# name: (role, token scopes)
TOKENS = {
    "admin": ("admin", ["read", "money", "registry", "admin"]),
    "analyst": ("analyst", ["read", "money", "registry"]),
    "viewer": ("viewer", ["read"]),
    "bank": ("registry", ["registry"]),
    "bank2": ("registry", ["registry"]),
}


@dataclass
class Node:
    app: Any
    client: TestClient
    settings: Settings
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def store(self) -> Any:
        return self.app.state.node.store

    def as_(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}


def build_node(settings: Settings) -> Iterator[Node]:
    """An API node on ``settings`` with one token per role in ``TOKENS``."""
    # Freeze requests stay pending until a test delivers them: no timed background round.
    app = create_app(settings, audit_background=False, freeze_interval=3600)
    acc = app.state.node.accounts
    org = acc.create_org("Indian Cybercrime Coordination", country="IN")
    bank_org = acc.create_org("A Bank", country="IN")
    admin = acc.create_user(org["id"], "admin", PASSWORD, "admin")
    env = Node(app=app, client=TestClient(app), settings=settings)
    for name, (role, scopes) in TOKENS.items():
        token, _row = acc.create_token(
            creator=None,
            user_id=admin["id"],
            org_id=(bank_org if role == "registry" else org)["id"],
            name=f"{name}-machine",
            role=role,
            scopes=scopes,
        )
        env.tokens[name] = token
    with env.client:
        yield env
