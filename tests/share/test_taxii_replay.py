"""A partner's signed TAXII POST cannot be replayed, redirected or held back: the
signature covers method, path, query, body digest, time and nonce; nonces are remembered
in the database, so a second worker refuses what the first one took."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from stix_support import PARTNER_KEY, Node, build_node, cheap_hashing, close  # noqa: F401

import testdb
from crossline.api.taxii import create_taxii_app
from crossline.config import Settings
from crossline.share.agreements import get_agreement
from crossline.share.identity import NodeIdentity
from crossline.share.request_signing import sign_request
from crossline.share.taxii.collections import collection_id

MEDIA = "application/taxii+json;version=2.1"
PARTNER = NodeIdentity("in-node", "IN", PARTNER_KEY)
BODY = b'{"objects": []}'


@pytest.fixture(scope="module")
def node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Node]:
    tmp = tmp_path_factory.mktemp("replay")
    node = build_node(Settings(home=tmp / "h", database_url=testdb.database_url(tmp)))
    yield node
    close(node)
    testdb.release(node.settings.database_url)


@pytest.fixture(scope="module")
def client(node: Node) -> TestClient:
    return TestClient(node.app)


@pytest.fixture(scope="module")
def url(node: Node) -> str:
    agreement = get_agreement(node.store, "in-node")
    assert agreement is not None
    return f"/taxii2/api/collections/{collection_id(agreement.id)}/objects/"


def post(client: TestClient, node: Node, url: str, body: bytes, signed: dict[str, str]) -> Any:
    headers = {
        "Accept": MEDIA, "Content-Type": MEDIA,
        "Authorization": f"Bearer {node.tokens['partner']}", **signed,
    }  # fmt: skip
    return client.post(url, content=body, headers=headers)


def signed(url: str, body: bytes = BODY, **over: Any) -> dict[str, str]:
    """Headers signing a POST of ``body`` to ``url``; ``over`` changes what is signed."""
    return sign_request(
        PARTNER,
        over.get("method", "POST"),
        over.get("path", url),
        over.get("query", ""),
        over.get("body", body),
        now=datetime.now(UTC) + over.get("shift", timedelta(0)),
    )


def test_a_fresh_signed_post_is_taken_once_then_its_replay_is_401(
    client: TestClient, node: Node, url: str
) -> None:
    headers = signed(url)
    assert post(client, node, url, BODY, headers).status_code == 202
    again = post(client, node, url, BODY, headers)
    assert again.status_code == 401 and "already received" in again.json()["description"]


def test_a_replay_to_another_worker_is_401_too(client: TestClient, node: Node, url: str) -> None:
    """Two TAXII apps over one store stand for two workers of a node."""
    other = Starlette()
    other.mount("/taxii2", create_taxii_app(node.app.state.node))
    headers = signed(url)
    assert post(client, node, url, BODY, headers).status_code == 202
    r = post(TestClient(other), node, url, BODY, headers)
    assert r.status_code == 401 and "already received" in r.json()["description"]


@pytest.mark.parametrize(
    ("over", "why"),
    [
        ({"path": "/taxii2/api/collections/other/objects/"}, "does not verify"),
        ({"method": "PUT"}, "does not verify"),
        ({"query": "next=1"}, "does not verify"),
        ({"body": b'{"objects": [{"type": "x"}]}'}, "does not verify"),
        ({"shift": timedelta(minutes=-6)}, "minutes from this node's clock"),
        ({"shift": timedelta(minutes=6)}, "minutes from this node's clock"),
        ({"shift": timedelta(days=-400)}, "minutes from this node's clock"),
    ],
    ids=["tampered-path", "tampered-method", "tampered-query", "tampered-body", "old",
         "future", "a-year-old"],
)  # fmt: skip
def test_altered_or_stale_requests_are_401(
    client: TestClient, node: Node, url: str, over: dict[str, Any], why: str
) -> None:
    r = post(client, node, url, BODY, signed(url, **over))
    assert r.status_code == 401 and why in r.json()["description"], r.text


def test_a_request_within_the_clock_skew_is_taken(client: TestClient, node: Node, url: str) -> None:
    r = post(client, node, url, BODY, signed(url, shift=timedelta(minutes=-4)))
    assert r.status_code == 202, r.text


@pytest.mark.parametrize(
    ("header", "value"),
    [("X-Crossline-Nonce", "short"), ("X-Crossline-Timestamp", "yesterday")],
    ids=["short-nonce", "bad-timestamp"],
)
def test_malformed_signature_headers_are_401(
    client: TestClient, node: Node, url: str, header: str, value: str
) -> None:
    headers = {**signed(url), header: value}
    r = post(client, node, url, BODY, headers)
    assert r.status_code == 401 and "malformed" in r.json()["description"]


def deep(levels: int, inner: bytes = b"1") -> bytes:
    return b'{"objects": [' + b"[" * levels + inner + b"]" * levels + b"]}"


@pytest.mark.parametrize(
    "body",
    [
        deep(100_000),
        deep(5_000),
        deep(100),
        b'{"objects": [' + b'{"a":' * 3_000 + b"1" + b"}" * 3_000 + b"]}",
    ],
    ids=["100k-arrays", "5k-arrays", "100-arrays", "3k-objects"],
)
def test_deeply_nested_json_is_400_not_500(
    client: TestClient, node: Node, url: str, body: bytes
) -> None:
    r = post(client, node, url, body, signed(url, body))
    assert r.status_code == 400, r.text[:300]
    assert r.headers["content-type"] == MEDIA and "nests" in r.json()["description"]


def test_nesting_within_bounds_is_taken(client: TestClient, node: Node, url: str) -> None:
    body = deep(20, b'{"note": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}')
    r = post(client, node, url, body, signed(url, body))
    assert r.status_code == 202, r.text
