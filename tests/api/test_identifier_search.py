"""Search that knows identifiers: complaint and reference numbers of every source,
campaign and report id prefixes, and one result header that matches what is listed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from crossline.services.imports import import_paths
from crossline.store.repository import utcnow
from crossline.store.schema import components, reports
from support import testdb
from support.api_env import PASSWORD, Env
from support.workspace_env import PHONE_AND_REF, build_workspace

Slices = dict[str, list[dict[str, str]]]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Env, Slices]]:
    tmp = tmp_path_factory.mktemp("ids")
    yield from build_workspace(tmp, testdb.database_url(tmp))


def _refs(answer: dict[str, Any]) -> list[dict[str, Any]]:
    return answer["lookup"]["identifiers"]["references"]


# (how the reference is typed, its source); references read from the shipped demo
# files and the public samples (CFPB complaint ids, FTC recordings' names).
CASES = [
    ("ncrp-acknowledgement", lambda s: "19113042100198", "ncrp"),
    ("ncrp-acknowledgement-2", lambda s: "21101042100025", "ncrp"),
    ("sentinel-reference", lambda s: "SYN-2021-000005", "sentinel"),
    ("sentinel-lower-case", lambda s: "syn-2021-000005", "sentinel"),
    ("cfpb-complaint-id", lambda s: s["cfpb"][3]["Complaint ID"], "cfpb"),
    ("ftc-recording", lambda s: s["transcripts"][2]["file_name"].rsplit("/", 1)[-1][:-4], None),
    # pasted from a spreadsheet cell or a message, with the spaces around it
    ("ncrp-acknowledgement-spaced", lambda s: " 19113042100198 ", "ncrp"),
    ("sentinel-reference-spaced", lambda s: "\tSYN-2021-000005  ", "sentinel"),
    ("cfpb-complaint-id-spaced", lambda s: f" {s['cfpb'][3]['Complaint ID']}\n", "cfpb"),
]


@pytest.mark.parametrize(("ref", "source"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_reference_of_any_source_finds_its_report(
    world: tuple[Env, Slices], ref: Any, source: str | None
) -> None:
    env, sliced = world
    if "cfpb" not in sliced and source == "cfpb" or "transcripts" not in sliced and not source:
        pytest.skip("shared data not present")
    typed = ref(sliced)
    answer = env.get("analyst", "/api/v1/search", params={"q": typed}).json()
    found = _refs(answer)
    assert found, answer["header"]
    assert {r["source_ref"].upper() for r in found} == {typed.strip().upper()}
    if source:
        assert {r["source"] for r in found} == {source}
    header = answer["header"]
    assert header["counts"]["references"] == len(found) and "reference" in header["read_as"]
    assert header["title"].startswith(f"{len(found)} report")


#: NCRP complaints as JSON: the acknowledgement number as a JSON number and as a string.
NCRP_JSON = [
    {"acknowledgement_no": 31504210099001, "incident_datetime": "02-11-2021 10:15",
     "state": "Goa", "suspect_upi_id": "jsonpay5501@ybl", "amount": 1500, "description": "Loan"},
    {"acknowledgement_no": "31504210099002", "incident_datetime": "03-11-2021 11:20",
     "state": "Goa", "suspect_upi_id": "jsonpay5501@ybl", "amount": 900, "description": "Loan"},
]  # fmt: skip


@pytest.mark.parametrize(
    "typed", ["31504210099001", "31504210099002", " 31504210099001 ", "31504210099002\t"]
)
def test_an_acknowledgement_number_from_an_ncrp_json_file_finds_its_report(
    world: tuple[Env, Slices], tmp_path: Path, typed: str
) -> None:
    env, _s = world
    path = tmp_path / "ncrp_complaints.json"
    path.write_text(json.dumps(NCRP_JSON), encoding="utf-8")
    (summary,) = import_paths(env.node.settings, [path], store=env.node.store)
    assert summary.format == "ncrp_json" and summary.quarantined == 0
    found = _refs(env.get("analyst", "/api/v1/search", params={"q": typed}).json())
    assert [(r["source"], r["source_ref"]) for r in found] == [("ncrp", typed.strip())]
    page = env.get("analyst", "/search", params={"q": typed}, follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == f"/reports/{found[0]['id']}"


def test_the_page_goes_straight_to_the_report_of_a_reference(world: tuple[Env, Slices]) -> None:
    env, _s = world
    page = env.get("analyst", "/search", params={"q": "SYN-2021-000005"}, follow_redirects=False)
    with env.node.store.read() as conn:
        rid = conn.execute(
            select(reports.c.id).where(reports.c.source_ref == "SYN-2021-000005")
        ).scalar_one()
    assert page.status_code == 303 and page.headers["location"] == f"/reports/{rid}"


def test_a_reference_that_is_also_a_known_phone_shows_both(world: tuple[Env, Slices]) -> None:
    env, _s = world
    answer = env.get("analyst", "/api/v1/search", params={"q": PHONE_AND_REF}).json()
    kinds = {i["kind"] for i in answer["lookup"]["indicators"]}
    assert "phone" in kinds and [r["source_ref"] for r in _refs(answer)] == [PHONE_AND_REF]
    html = env.get("analyst", "/search", params={"q": PHONE_AND_REF}, follow_redirects=False)
    assert html.status_code == 200
    assert "Filed under reference" in html.text and "Open campaign" in html.text


def test_a_campaign_id_prefix_finds_the_campaign(world: tuple[Env, Slices]) -> None:
    env, _s = world
    with env.node.store.read() as conn:
        cid = conn.execute(
            select(components.c.id).where(components.c.report_count >= 2).limit(1)
        ).scalar_one()
    answer = env.get("viewer", "/api/v1/search", params={"q": cid[:8]}).json()
    assert [c["id"] for c in answer["lookup"]["identifiers"]["campaigns"]] == [cid]
    page = env.get("analyst", "/search", params={"q": cid[:8]}, follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == f"/campaigns/{cid}"


def test_an_ambiguous_campaign_prefix_lists_every_match(world: tuple[Env, Slices]) -> None:
    env, _s = world
    ids = ["abcdef01-0000-5000-8000-000000000001", "abcdef02-0000-5000-8000-000000000002"]
    with env.node.store.transaction() as conn:
        conn.execute(
            components.insert(),
            [{"id": i, "min_report_id": i, "report_count": 2, "victim_count": 2,
              "jurisdictions": {"US": 2}, "total_loss": {}, "updated_at": utcnow()}
             for i in ids],
        )  # fmt: skip
    answer = env.get("analyst", "/api/v1/search", params={"q": "abcdef0"}).json()
    assert sorted(c["id"] for c in answer["lookup"]["identifiers"]["campaigns"]) == ids
    page = env.get("analyst", "/search", params={"q": "abcdef0"}, follow_redirects=False)
    assert page.status_code == 200 and "ambiguous" in page.text
    assert all(f"/campaigns/{i}" in page.text for i in ids)


def test_a_report_id_prefix_finds_the_report(world: tuple[Env, Slices]) -> None:
    env, _s = world
    with env.node.store.read() as conn:
        rid = conn.execute(
            select(reports.c.id).where(reports.c.source == "sentinel").limit(1)
        ).scalar_one()
    answer = env.get("analyst", "/api/v1/search", params={"q": rid[:13]}).json()
    assert [r["id"] for r in answer["lookup"]["identifiers"]["reports"]] == [rid]


@pytest.mark.parametrize(
    ("q", "kind", "absent"),
    [
        ("URGENT", "text", "Not seen on this node"),
        ("zz-no-such-thing", "none", "found"),
        ("SYN-2021-000005", "found", "Not seen"),
    ],
    ids=["text-only", "nothing", "reference"],
)
def test_one_header_says_what_was_searched_and_what_is_listed(
    world: tuple[Env, Slices], q: str, kind: str, absent: str
) -> None:
    env, _s = world
    answer = env.get("analyst", "/api/v1/search", params={"q": q}).json()
    header = answer["header"]
    listed = (answer["mentions"] or {}).get("total", 0) + len(_refs(answer))
    listed += len(answer["lookup"]["indicators"])
    assert header["kind"] == kind and header["found"] == listed
    assert absent not in header["title"] + header["detail"]
    assert header["page"] == 1 and header["pages"] >= 1


def test_the_web_header_names_the_query_its_kinds_and_the_page(world: tuple[Env, Slices]) -> None:
    env, _s = world
    r = env.client.post("/api/v1/auth/login", json={"username": "analyst", "password": PASSWORD})
    assert r.status_code == 200
    html = env.client.get("/search", params={"q": "URGENT <b>"}).text
    assert "Searched for" in html and "page 1 of" in html
    assert "URGENT &lt;b&gt;" in html and "URGENT <b>" not in html
