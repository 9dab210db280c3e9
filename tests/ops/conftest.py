"""Fixtures of the ops tests: a node served in-process with an admin, a metrics-only token
and an analyst token."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
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


@pytest.fixture(scope="session", autouse=True)
def cheap_hashing() -> Iterator[None]:
    from argon2 import PasswordHasher

    from crossline.api import security

    saved = security._HASHER
    security._HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    security._HASHER = saved


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


@pytest.fixture
def ops_node(settings: Settings) -> Iterator[OpsNode]:
    """A fresh node on each backend."""
    yield from build_node(settings)
