"""A node loaded with the bundled demo data, a partner with an agreement, and tokens.

Shared by the STIX and TAXII tests. ``serve`` runs the app under uvicorn on a loopback
port in a thread, for the OASIS ``taxii2-client``; ``BearerAuth`` gives it a token.
"""

from __future__ import annotations

import base64
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from crossline.config import Settings
from crossline.services.imports import import_paths
from crossline.share.agreements import save_agreement
from crossline.share.partners import register_partner
from crossline.store import Store

DEMO = Path(str(resources.files("crossline") / "demo_data" / "synthetic"))
DEMO_FILES = [DEMO / "ncrp_complaints.csv", DEMO / "sentinel_reports.csv"]
VALIDATOR_OPTIONS = {"strict": True, "disabled": ["103"], "version": "2.1"}


def load_demo(settings: Settings, store: Store) -> None:
    """The bundled synthetic complaints (Indian and US), imported and linked."""
    import_paths(settings, DEMO_FILES, store=store)


def public_key(private: Ed25519PrivateKey | None = None) -> str:
    key = (private or Ed25519PrivateKey.generate()).public_key()
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def add_partner(
    store: Store,
    name: str,
    *,
    org_id: str | None = None,
    country: str = "IN",
    key: Ed25519PrivateKey | None = None,
    **agreement: Any,
) -> Any:
    """A registered partner and (unless ``kinds`` is None) an agreement in force."""
    partner = register_partner(
        store, name=name, country=country, public_key=public_key(key), org_id=org_id
    )
    if agreement.get("kinds", ()) is not None:
        doc = {
            "id": f"{name}-agreement",
            "partner": name,
            "kinds": ["indicator", "campaign", "report"],
            "max_marking": "TLP:AMBER",
            **agreement,
        }
        save_agreement(store, doc)
    return partner


# The partner node ``in-node``'s signing key: what it POSTs must be signed with it.
PARTNER_KEY = Ed25519PrivateKey.generate()


def partner_signature(
    body: bytes, *, path: str, method: str = "POST", query: str = ""
) -> dict[str, str]:
    """The headers ``in-node`` signs a request with (fresh time and nonce each call)."""
    from crossline.share.identity import NodeIdentity
    from crossline.share.request_signing import sign_request

    return sign_request(NodeIdentity("in-node", "IN", PARTNER_KEY), method, path, query, body)


class BearerAuth(requests.auth.AuthBase):
    """``Authorization: Bearer <token>`` for requests (and so for taxii2-client); bodies
    are signed with ``in-node``'s key, as a partner node does."""

    def __init__(self, token: str) -> None:
        self.token = token

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        r.headers["Authorization"] = f"Bearer {self.token}"
        if r.body:
            body = r.body if isinstance(r.body, bytes) else str(r.body).encode()
            url = urlsplit(r.url or "")
            r.headers.update(
                partner_signature(body, path=url.path, method=r.method or "", query=url.query)
            )
        return r


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """Serve ``app`` on a loopback port in a thread; yields its base URL."""
    import uvicorn

    port = free_port()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="off",
        timeout_graceful_shutdown=1,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:  # pragma: no cover - machine far too slow
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@dataclass
class Node:
    """A node's app with organisations, tokens and the partner's agreement."""

    app: Any
    settings: Settings
    tokens: dict[str, str] = field(default_factory=dict)
    orgs: dict[str, str] = field(default_factory=dict)

    @property
    def store(self) -> Store:
        return self.app.state.node.store

    def headers(
        self, who: str, *, sign: bytes | None = None, path: str = "", **extra: str
    ) -> dict[str, str]:
        """Bearer headers for token ``who``; with ``sign``, the partner's signature of a POST
        of that body to ``path``."""
        signed = partner_signature(sign, path=path) if sign is not None else {}
        return {"Authorization": f"Bearer {self.tokens[who]}", **signed, **extra}


TOKENS = {
    # name: (organisation, role, scopes)
    "analyst": ("home", "analyst", ["read", "sharing"]),
    "viewer": ("home", "viewer", ["read"]),
    "partner": ("partner", "partner", ["share"]),
    "partner_read": ("partner", "partner", ["read"]),
    "stranger": ("stranger", "partner", ["share"]),
    "expired": ("expired", "partner", ["share"]),
}


def build_node(settings: Settings, **agreement: Any) -> Node:
    """The demo node with partner ``in-node`` (agreement as given) and tokens."""
    from crossline.api.app import create_app

    app = create_app(settings, audit_background=False)
    node = Node(app=app, settings=settings)
    store = app.state.node.store
    load_demo(settings, store)
    acc = app.state.node.accounts
    for org, country in (("home", "US"), ("partner", "IN"), ("stranger", "GB"), ("expired", "IN")):
        node.orgs[org] = acc.create_org(f"{org} agency", country=country)["id"]
    add_partner(store, "in-node", org_id=node.orgs["partner"], key=PARTNER_KEY, **agreement)
    add_partner(store, "gb-node", org_id=node.orgs["stranger"], country="GB", kinds=None)
    add_partner(
        store,
        "old-node",
        org_id=node.orgs["expired"],
        valid_from="2020-01-01T00:00:00Z",
        expires_at="2021-01-01T00:00:00Z",
    )
    for name, (org, role, scopes) in TOKENS.items():
        user = acc.create_user(node.orgs[org], f"{name}-user", "correct horse battery staple", role)
        token, _ = acc.create_token(
            creator=None, user_id=user["id"], org_id=node.orgs[org], name=name, role=role,
            scopes=scopes,
        )  # fmt: skip
        node.tokens[name] = token
    return node


def close(node: Node) -> None:
    n = node.app.state.node
    n.jobs.close()
    n.audit.close()
    n.store.close()


@pytest.fixture(scope="module", autouse=True)
def cheap_hashing() -> Iterator[None]:
    """Argon2 at minimum cost: tokens' users need passwords, their strength is not tested here."""
    from argon2 import PasswordHasher

    from crossline.node import security

    saved = security._HASHER
    security._HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    security._HASHER = saved


def bundle_of(store: Store, settings: Settings, **feed_kw: Any) -> dict[str, Any]:
    """The local export of ``store`` as a dict."""
    from crossline.share.stix.export import bundle_dict, local_feed

    return bundle_dict(local_feed(store, **feed_kw), settings)


def by_type(bundle: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for obj in bundle["objects"]:
        out.setdefault(obj["type"], []).append(obj)
    return out
