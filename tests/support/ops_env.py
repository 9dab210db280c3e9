"""Test helpers of the ops tests: a node served in-process with an admin, a metrics-only
token, a read token and an analyst token."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from fastapi.testclient import TestClient

from crossline.api.app import create_app
from crossline.config import Settings

PASSWORD = "correct horse battery staple"


@dataclass
class OpsNode:
    app: Any
    client: TestClient
    tokens: dict[str, str] = field(default_factory=dict)

    def bearer(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}


def build_node(settings: Settings) -> Iterator[OpsNode]:
    app = create_app(settings, audit_background=False)
    acc = app.state.node.accounts
    org = acc.create_org("Ops agency", country="US")
    admin = acc.create_user(org["id"], "admin", PASSWORD, "admin")
    node = OpsNode(app, TestClient(app))
    for name, role, scopes in (
        ("metrics", "admin", ["metrics"]),
        ("reader", "viewer", ["read"]),
        ("analyst", "analyst", ["read", "write", "import"]),
    ):
        token, _ = acc.create_token(
            creator=None, user_id=admin["id"], org_id=org["id"], name=name, role=role, scopes=scopes
        )
        node.tokens[name] = token
    with node.client:
        yield node
