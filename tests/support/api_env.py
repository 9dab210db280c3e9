"""Test helpers: a seeded node with one account per role, served in-process.

Organisations: the home agency (owns the seeded reports), another domestic
agency, and a partner agency abroad. Machines use bearer tokens; the browser
flow (session cookie + CSRF) has its own tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from fastapi.testclient import TestClient

from crossline.api.app import create_app
from crossline.config import Settings
from support.api_seed import seed

PASSWORD = "correct horse battery staple"
ACCOUNTS = {
    # name: (organisation, role, token scopes)
    "admin": ("home", "admin", ["read", "write", "import", "quarantine", "export", "pii", "admin"]),
    "analyst": ("home", "analyst", ["read", "write", "import", "quarantine", "export", "pii"]),
    "viewer": ("home", "viewer", ["read"]),
    "partner": ("partner", "partner", ["read"]),
    "other_analyst": ("other", "analyst", ["read", "quarantine", "export", "pii"]),
}


@dataclass
class Env:
    """A running app, its seeded ids and one bearer token per account."""

    app: Any
    client: TestClient
    ids: dict[str, str]
    tokens: dict[str, str] = field(default_factory=dict)
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    orgs: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def node(self) -> Any:
        return self.app.state.node

    def as_(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def get(self, who: str | None, path: str, **kw: Any) -> Any:
        headers = self.as_(who) if who else {}
        return self.client.get(path, headers=headers, **kw)


def build_env(settings: Settings, **app_kw: Any) -> Iterator[Env]:
    app = create_app(settings, audit_background=False, **app_kw)
    node = app.state.node
    ids = seed(node.store)
    acc = node.accounts
    orgs = {
        "home": acc.create_org("US Consumer Protection", country="US"),
        "other": acc.create_org("US State Attorney General", country="US"),
        "partner": acc.create_org("India Central Investigation", country="IN"),
    }
    env = Env(app=app, client=TestClient(app), ids=ids, orgs=orgs)
    creator = None
    for name, (org, role, scopes) in ACCOUNTS.items():
        user = acc.create_user(orgs[org]["id"], name, PASSWORD, role)
        env.users[name] = user
        if creator is None:
            creator = user
        token, _row = acc.create_token(
            creator=None,
            user_id=creator["id"],
            org_id=orgs[org]["id"],
            name=f"{name}-machine",
            role=role,
            scopes=scopes,
        )
        env.tokens[name] = token
    with env.client:
        yield env
