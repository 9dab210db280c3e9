"""TAXII 2.1 conformance with the OASIS taxii2-client against the node served by uvicorn."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from stix_support import (
    BearerAuth,
    Node,
    build_node,
    cheap_hashing,  # noqa: F401 - fixture
    close,
    serve,
)
from taxii2client.exceptions import AccessError
from taxii2client.v21 import ApiRoot, Collection, Server, as_pages

from crossline.config import Settings
from crossline.share.taxii.publish import publish_all

MEDIA = "application/taxii+json;version=2.1"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Node, str, int]]:
    tmp = tmp_path_factory.mktemp("taxii")
    settings = Settings(
        home=tmp / "home", database_url=f"sqlite:///{tmp / 'db.sqlite'}", node_name="us-node"
    )
    node = build_node(settings)
    published = publish_all(node.store, settings)
    assert [p["partner"] for p in published] == ["in-node"]
    with serve(node.app) as base:
        yield node, base, published[0]["objects"]
    close(node)


@pytest.fixture(scope="module")
def collection(served: tuple[Node, str, int]) -> Collection:
    node, base, _ = served
    server = Server(f"{base}/taxii2/", auth=BearerAuth(node.tokens["partner"]))
    (root,) = server.api_roots
    (col,) = root.collections
    return col


def test_discovery_and_api_root(served: tuple[Node, str, int]) -> None:
    node, base, _ = served
    server = Server(f"{base}/taxii2/", auth=BearerAuth(node.tokens["partner"]))
    assert server.title == "Crossline node us-node"
    assert server.default.url == f"{base}/taxii2/api/"
    root = ApiRoot(f"{base}/taxii2/api/", auth=BearerAuth(node.tokens["partner"]))
    assert root.versions == [MEDIA] and root.max_content_length > 0


def test_partner_sees_only_its_agreement_collection(
    served: tuple[Node, str, int], collection: Collection
) -> None:
    node, base, _ = served
    assert collection.can_read and collection.can_write
    assert "in-node" in collection.title
    analyst = Server(f"{base}/taxii2/", auth=BearerAuth(node.tokens["analyst"]))
    assert [c.id for c in analyst.api_roots[0].collections] == [collection.id]
    for who in ("stranger", "expired"):  # no agreement in force: nothing to see
        other = Server(f"{base}/taxii2/", auth=BearerAuth(node.tokens[who]))
        assert other.api_roots[0].collections == []


@pytest.mark.parametrize("per_page", [1000, 97], ids=["one-page", "many-pages"])
def test_get_objects_pages_through_everything_once(
    served: tuple[Node, str, int], collection: Collection, per_page: int
) -> None:
    _, _, published = served
    ids: list[tuple[str, Any]] = []
    pages = 0
    for envelope in as_pages(collection.get_objects, per_request=per_page):
        pages += 1
        ids.extend((o["id"], o.get("modified")) for o in envelope.get("objects", []))
    assert len(ids) == len(set(ids)) == published
    assert pages == -(-published // per_page)


def test_headers_and_added_after(collection: Collection) -> None:
    conn = collection._conn
    r = conn.session.get(collection.objects_url, params={"limit": 5}, headers={"Accept": MEDIA})
    first, last = r.headers["X-TAXII-Date-Added-First"], r.headers["X-TAXII-Date-Added-Last"]
    assert r.headers["Content-Type"] == MEDIA and first <= last
    after = collection.get_objects(added_after=last, limit=5)
    assert after.get("objects", []) == [] or all(
        o["id"] not in {x["id"] for x in r.json()["objects"]} for o in after["objects"]
    )


def test_match_filters(collection: Collection) -> None:
    inds = collection.get_objects(type="indicator", limit=10)["objects"]
    assert inds and {o["type"] for o in inds} == {"indicator"}
    one = collection.get_objects(id=inds[0]["id"])["objects"]
    assert [o["id"] for o in one] == [inds[0]["id"]]
    two = collection.get_objects(type="campaign,sighting", limit=50)["objects"]
    assert {o["type"] for o in two} == {"campaign", "sighting"}
    assert collection.get_objects(spec_version="2.0").get("objects") == []


def test_manifest_versions_and_get_object(collection: Collection) -> None:
    manifest = collection.get_manifest(limit=3)
    assert manifest["more"] is True and len(manifest["objects"]) == 3
    entry = manifest["objects"][0]
    assert entry["media_type"] == "application/stix+json;version=2.1"
    assert collection.object_versions(entry["id"])["versions"] == [entry["version"]]
    got = collection.get_object(entry["id"])["objects"]
    assert [o["id"] for o in got] == [entry["id"]]


def test_add_objects_returns_a_status_and_imports_them(
    served: tuple[Node, str, int], collection: Collection
) -> None:
    node, base, _ = served
    indicator = {
        "type": "indicator", "spec_version": "2.1",
        "id": "indicator--1c0f3d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
        "created": "2024-05-01T00:00:00.000Z", "modified": "2024-05-01T00:00:00.000Z",
        "name": "Phone", "description": "callback number",
        "pattern": "[phone-number:value = '+919812345678']", "pattern_type": "stix",
        "valid_from": "2024-05-01T00:00:00Z",
        "object_marking_refs": ["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"],
    }  # fmt: skip
    broken = {"type": "indicator", "id": "indicator--nope"}
    status = collection.add_objects({"objects": [indicator, broken]})
    assert status.status == "complete"
    assert (status.total_count, status.success_count, status.failure_count) == (2, 1, 1)
    assert status.failures[0]["id"] == "indicator--nope"
    again = requests.get(
        f"{base}/taxii2/api/status/{status.id}/",
        headers={"Accept": MEDIA, "Authorization": f"Bearer {node.tokens['partner']}"},
    )
    assert again.json()["success_count"] == 1
    stranger = requests.get(
        f"{base}/taxii2/api/status/{status.id}/",
        headers={"Accept": MEDIA, "Authorization": f"Bearer {node.tokens['stranger']}"},
    )
    assert stranger.status_code == 404
    from crossline.services.lookup import lookup

    found = lookup(node.store, "+91 98123 45678")["indicators"]
    assert found and found[0]["sightings"][0]["report"]["source"] == "partner:in-node"


def test_errors_reach_the_client(served: tuple[Node, str, int], collection: Collection) -> None:
    node, base, _ = served
    with pytest.raises(requests.HTTPError) as err:
        Server(f"{base}/taxii2/").refresh()
    assert err.value.response.status_code == 401
    with pytest.raises(requests.HTTPError) as err:
        collection.get_object("indicator--00000000-0000-4000-8000-000000000000")
    assert err.value.response.status_code == 404
    assert err.value.response.json()["http_status"] == "404"
    analyst = Collection(collection.url, auth=BearerAuth(node.tokens["analyst"]))
    with pytest.raises(AccessError):  # the home agency reads; partners write
        analyst.add_objects({"objects": []})


def test_served_objects_are_the_stored_texts(served: tuple[Node, str, int], tmp_path: Path) -> None:
    """The page is assembled from stored JSON text: byte for byte what was published."""
    node, base, _ = served
    from sqlalchemy import select

    from crossline.store.schema_stix import stix_objects

    with node.store.read() as conn:
        body = conn.execute(
            select(stix_objects.c.body).where(stix_objects.c.type == "campaign").limit(1)
        ).scalar()
    r = requests.get(
        f"{base}/taxii2/api/collections/",
        headers={"Accept": MEDIA, "Authorization": f"Bearer {node.tokens['partner']}"},
    )
    cid = r.json()["collections"][0]["id"]
    page = requests.get(
        f"{base}/taxii2/api/collections/{cid}/objects/",
        params={"match[type]": "campaign", "limit": 1000},
        headers={"Accept": MEDIA, "Authorization": f"Bearer {node.tokens['partner']}"},
    )
    assert body in page.text
