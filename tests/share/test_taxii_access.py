"""TAXII access and errors: 401/403/404/406/413/415 in TAXII's shape, one collection per
agreement, what a partner token reads follows its agreement now, both store engines."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text, update
from starlette.applications import Starlette
from stix_support import Node, build_node, cheap_hashing, close  # noqa: F401

from crossline.api.taxii import create_taxii_app
from crossline.config import Settings
from crossline.share.agreements import get_agreement, save_agreement
from crossline.share.stix.mapping import campaign_id
from crossline.share.taxii.collections import collection_id
from crossline.share.taxii.publish import publish_all
from crossline.store.schema import reports

MEDIA = "application/taxii+json;version=2.1"
ROOT = "/taxii2/api"


@pytest.fixture(scope="module")
def node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Node]:
    tmp = tmp_path_factory.mktemp("access")
    node = build_node(Settings(home=tmp / "h", database_url=f"sqlite:///{tmp / 'db.sqlite'}"))
    publish_all(node.store, node.settings)
    yield node
    close(node)


@pytest.fixture(scope="module")
def client(node: Node) -> TestClient:
    return TestClient(node.app)


@pytest.fixture(scope="module")
def cid(node: Node) -> str:
    agreement = get_agreement(node.store, "in-node")
    assert agreement is not None
    return collection_id(agreement.id)


def taxii_error(r: Any, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == MEDIA
    body = r.json()
    assert body["http_status"] == str(status) and body["title"]
    return body


def paths(cid: str) -> list[str]:
    obj = "indicator--00000000-0000-4000-8000-000000000000"
    return [
        "/taxii2/",
        f"{ROOT}/",
        f"{ROOT}/collections/",
        f"{ROOT}/collections/{cid}/",
        f"{ROOT}/collections/{cid}/objects/",
        f"{ROOT}/collections/{cid}/manifest/",
        f"{ROOT}/collections/{cid}/objects/{obj}/",
        f"{ROOT}/collections/{cid}/objects/{obj}/versions/",
        f"{ROOT}/status/00000000-0000-4000-8000-000000000000/",
    ]


def test_every_route_refuses_anonymous(client: TestClient, cid: str) -> None:
    for path in paths(cid):
        r = client.get(path, headers={"Accept": MEDIA})
        taxii_error(r, 401)
        assert r.headers["WWW-Authenticate"].startswith("Bearer")
    taxii_error(client.post(f"{ROOT}/collections/{cid}/objects/", content=b"{}"), 401)


@pytest.mark.parametrize("who", ["viewer", "partner_read"], ids=["home-viewer", "read-scope"])
def test_tokens_without_sharing_rights_get_403(
    client: TestClient, node: Node, cid: str, who: str
) -> None:
    for path in paths(cid)[1:]:
        taxii_error(client.get(path, headers=node.headers(who, Accept=MEDIA)), 403)


@pytest.mark.parametrize("who", ["stranger", "expired"], ids=["no-agreement", "expired"])
def test_other_partners_cannot_find_the_collection(
    client: TestClient, node: Node, cid: str, who: str
) -> None:
    r = client.get(f"{ROOT}/collections/", headers=node.headers(who, Accept=MEDIA))
    assert r.json() == {"collections": []}
    for path in paths(cid)[3:8]:
        taxii_error(client.get(path, headers=node.headers(who, Accept=MEDIA)), 404)


@pytest.mark.parametrize(
    "accept",
    ["application/json", "text/html", "application/taxii+json;version=2.0"],
    ids=["json", "html", "taxii-2.0"],
)
def test_wrong_accept_is_406(client: TestClient, node: Node, cid: str, accept: str) -> None:
    taxii_error(
        client.get(
            f"{ROOT}/collections/{cid}/objects/", headers=node.headers("partner", Accept=accept)
        ),
        406,
    )


def test_post_checks_content_type_size_and_rights(client: TestClient, node: Node, cid: str) -> None:
    url = f"{ROOT}/collections/{cid}/objects/"
    ok = {"Accept": MEDIA, "Content-Type": MEDIA}
    r = client.post(
        url,
        content=b'{"objects": []}',
        headers=node.headers("partner", Accept=MEDIA, **{"Content-Type": "application/json"}),
    )
    taxii_error(r, 415)
    big = json.dumps({"objects": [{"type": "note", "pad": "x" * (11 * 1024 * 1024)}]}).encode()
    taxii_error(client.post(url, content=big, headers=node.headers("partner", **ok)), 413)
    unsigned = client.post(url, content=b'{"objects": []}', headers=node.headers("partner", **ok))
    assert "not signed" in taxii_error(unsigned, 401)["description"]
    forged = node.headers("partner", sign=b'{"objects": []}', path=url, **ok)
    r = client.post(url, content=b'{"objects": [1]}', headers=forged)
    assert "does not verify" in taxii_error(r, 401)["description"]
    bad = node.headers("partner", sign=b"not json", path=url, **ok)
    taxii_error(client.post(url, content=b"not json", headers=bad), 400)
    taxii_error(
        client.post(url, content=b'{"objects": []}', headers=node.headers("analyst", **ok)), 403
    )
    body = b'{"objects": []}'
    r = client.post(url, content=body, headers=node.headers("partner", sign=body, path=url, **ok))
    assert r.status_code == 202 and r.json()["total_count"] == 0


def test_small_limit_on_a_mounted_app(node: Node, cid: str) -> None:
    """max_content_length is the server's: a smaller one refuses smaller bodies."""
    app = Starlette()
    app.mount("/taxii2", create_taxii_app(node.app.state.node, max_content_length=100))
    client = TestClient(app)
    body = json.dumps({"objects": [{"type": "x", "pad": "y" * 200}]}).encode()
    r = client.post(
        f"{ROOT}/collections/{cid}/objects/",
        content=body,
        headers=node.headers("partner", Accept=MEDIA, **{"Content-Type": MEDIA}),
    )
    taxii_error(r, 413)


def test_bad_query_values_are_400(client: TestClient, node: Node, cid: str) -> None:
    url = f"{ROOT}/collections/{cid}/objects/"
    for params in (
        {"limit": "-5"},
        {"limit": "x"},
        {"added_after": "yesterday"},
        {"next": "%%%"},
        {"match[version]": "newest"},
    ):
        taxii_error(
            client.get(url, params=params, headers=node.headers("partner", Accept=MEDIA)), 400
        )


def test_only_the_home_agency_deletes(client: TestClient, node: Node, cid: str) -> None:
    url = f"{ROOT}/collections/{cid}/objects/"
    first = client.get(
        url,
        params={"match[type]": "sighting", "limit": 1},
        headers=node.headers("partner", Accept=MEDIA),
    ).json()["objects"][0]
    target = f"{url}{first['id']}/"
    taxii_error(client.delete(target, headers=node.headers("partner", Accept=MEDIA)), 403)
    r = client.delete(target, headers=node.headers("analyst", Accept=MEDIA))
    assert r.status_code == 200
    taxii_error(client.get(target, headers=node.headers("partner", Accept=MEDIA)), 404)


def test_reads_follow_the_agreement_as_it_is_now(client: TestClient, node: Node, cid: str) -> None:
    """Narrowing an agreement takes effect on the next read, before any republication."""
    url = f"{ROOT}/collections/{cid}/objects/"
    before = client.get(url, params={"limit": 10000}, headers=node.headers("partner", Accept=MEDIA))
    types = {o["type"] for o in before.json()["objects"]}
    assert {"observed-data", "campaign", "indicator"} <= types
    agreement = get_agreement(node.store, "in-node")
    doc = {**agreement.to_dict(), "kinds": ["indicator"], "max_marking": "TLP:GREEN"}
    save_agreement(node.store, doc)
    try:
        after = client.get(
            url, params={"limit": 10000}, headers=node.headers("partner", Accept=MEDIA)
        )
        objs = after.json()["objects"]
        amber = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"
        assert not {"observed-data", "campaign", "relationship"} & {o["type"] for o in objs}
        assert all(amber not in o.get("object_marking_refs", []) for o in objs)
    finally:
        save_agreement(node.store, agreement.to_dict())


def test_paging_versions_on_each_engine(settings: Settings) -> None:
    """Both engines: a second publication after a change adds versions, paging stays exact."""
    node = build_node(settings)
    try:
        first = publish_all(node.store, node.settings)[0]
        again = publish_all(node.store, node.settings)[0]
        assert again["added"] == 0 and again["unchanged"] == first["objects"]
        with node.store.transaction() as conn:  # a campaign's report is seen again
            cid_ = conn.execute(text("SELECT id FROM components WHERE report_count > 5")).scalar()
            conn.execute(
                update(reports)
                .where(reports.c.component_id == cid_)
                .values(seen_at=datetime(2030, 1, 1, tzinfo=UTC))
            )
        third = publish_all(node.store, node.settings)[0]
        assert third["added"] > 0
        client = TestClient(node.app)
        cid = first["collection"]
        url = f"{ROOT}/collections/{cid}/objects/"
        seen: list[str] = []
        nxt = None
        while True:
            params: dict[str, Any] = {"limit": 250, **({"next": nxt} if nxt else {})}
            page = client.get(
                url, params=params, headers=node.headers("partner", Accept=MEDIA)
            ).json()
            seen.extend(o["id"] for o in page["objects"])
            if not page["more"]:
                break
            nxt = page["next"]
        assert len(seen) == len(set(seen)) == first["objects"]  # latest versions only
        camp = campaign_id(cid_)
        assert camp in seen
        versions = client.get(
            f"{url}{camp}/versions/", headers=node.headers("partner", Accept=MEDIA)
        )
        assert len(versions.json()["versions"]) == 2
        every = client.get(
            url,
            params={"match[id]": camp, "match[version]": "all"},
            headers=node.headers("partner", Accept=MEDIA),
        ).json()["objects"]
        oldest = client.get(
            url,
            params={"match[id]": camp, "match[version]": "first"},
            headers=node.headers("partner", Accept=MEDIA),
        ).json()["objects"]
        assert len(every) == 2 and oldest[0]["modified"] == min(o["modified"] for o in every)
    finally:
        close(node)
