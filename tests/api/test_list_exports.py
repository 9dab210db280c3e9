"""Campaign filters (scam type by its human name, dates, state), sorting by loss in any
currency without dropping rows, and exports of whole filtered lists as CSV and XLSX."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from openpyxl import load_workbook

from support import testdb
from support.api_env import PASSWORD, Env
from support.workspace_env import build_workspace


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    tmp = tmp_path_factory.mktemp("lists")
    for env, _sliced in build_workspace(tmp, testdb.database_url(tmp)):
        # The analyst's machine token has no sharing scope: alerts need one that has.
        user = env.users["analyst"]
        token, _row = env.node.accounts.create_token(
            creator=None, user_id=user["id"], org_id=user["org_id"], name="sharer",
            role="analyst", scopes=["read", "export", "sharing"],
        )  # fmt: skip
        env.tokens["sharer"] = token
        yield env


def _page(env: Env, **params: Any) -> dict[str, Any]:
    r = env.get("analyst", "/api/v1/campaigns", params={"limit": 200, **params})
    assert r.status_code == 200, r.text
    return r.json()


def _all(env: Env, **params: Any) -> list[dict[str, Any]]:
    return _page(env, **params)["items"]


@pytest.mark.parametrize(
    "name", ["Tech Support", "tech support", "tech_support", "TECH-SUPPORT"], ids=str
)
def test_a_scam_type_is_found_by_its_human_or_internal_name(world: Env, name: str) -> None:
    listed = _all(world, label=name)
    assert listed and {c["label"] for c in listed} == {"tech_support"}
    assert all(c["label_name"] == "Tech Support" for c in listed)


# Each range keeps some campaigns and drops others on the node with or without the
# shared-data slices (without them, every campaign is still active after 2021-04-01).
@pytest.mark.parametrize(
    ("since", "until"),
    [("2021-05-01", "2021-05-31"), ("2021-06-09", None), (None, "2021-04-15")],
    ids=["window", "from", "to"],
)
def test_a_date_range_keeps_campaigns_active_in_it(
    world: Env, since: str | None, until: str | None
) -> None:
    every = _all(world)
    params = {k: v for k, v in (("since", since), ("until", until)) if v}
    listed = _all(world, **params)
    expected = [
        c["id"] for c in every
        if (not since or (c["last_seen"] or "")[:10] >= since)
        and (not until or (c["first_seen"] or "9999")[:10] <= until)
    ]  # fmt: skip
    assert [c["id"] for c in listed] == expected and 0 < len(listed) < len(every)


def test_a_bad_date_names_the_field(world: Env) -> None:
    r = world.get("analyst", "/api/v1/campaigns", params={"since": "2021-13-40"})
    error = r.json()["error"]
    assert r.status_code == 422 and [f["field"] for f in error["fields"]] == ["query.since"]


def test_a_state_filter_keeps_campaigns_with_victims_there(world: Env) -> None:
    every = _all(world, jurisdiction="IN")
    listed = _all(world, state="bihar")
    assert listed and len(listed) < len(every)
    detail = world.get("analyst", f"/api/v1/campaigns/{listed[0]['id']}/geography").json()
    assert "Bihar" in {p["state"] for p in detail["places"]}


def test_sorting_by_loss_converts_currencies_and_drops_no_campaign(world: Env) -> None:
    every = _page(world)
    by_loss = _page(world, sort="loss")
    assert by_loss["total"] == every["total"] == len(by_loss["items"])
    assert {c["id"] for c in by_loss["items"]} == {c["id"] for c in every["items"]}
    usd = [float(c["loss_usd"]) if c["loss_usd"] else None for c in by_loss["items"]]
    known = [u for u in usd if u]
    assert known == sorted(known, reverse=True)
    assert usd[: len(known)] == known  # no-loss campaigns last
    assert any(set(c["total_loss"]) == {"INR"} for c in by_loss["items"][: len(known)])
    assert any(set(c["total_loss"]) == {"USD"} for c in by_loss["items"][: len(known)])


def _download(env: Env, table: str, fmt: str, **params: Any) -> Any:
    who = "sharer" if table == "alerts" else "analyst"
    r = env.get(who, f"/api/v1/exports/{table}", params={"format": fmt, **params})
    assert r.status_code == 200, r.text
    return r


def test_the_filtered_campaign_list_exports_whole_as_xlsx(world: Env) -> None:
    listed = _all(world, jurisdiction="IN", sort="recent")
    r = _download(world, "campaigns", "xlsx", jurisdiction="IN", sort="recent")
    assert "campaigns.xlsx" in r.headers["content-disposition"]
    rows = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("campaign", "scam type", "reports")
    assert [row[0] for row in rows[1:]] == [c["id"] for c in listed]
    assert [row[2] for row in rows[1:]] == [c["report_count"] for c in listed]


@pytest.mark.parametrize(
    ("table", "params", "column"),
    [
        ("campaigns", {"label": "Tech Support"}, "campaign"),
        ("search", {"q": "SYN-2021-000005"}, "reference"),
        ("imports", {}, "id"),
        ("quarantine", {}, "id"),
        ("alerts", {}, "id"),
    ],
    ids=["campaigns", "search", "imports", "quarantine", "alerts"],
)
def test_every_list_exports_as_csv_and_xlsx_with_the_same_rows(
    world: Env, table: str, params: dict[str, str], column: str
) -> None:
    text = _download(world, table, "csv", **params).text
    as_csv = list(csv.reader(io.StringIO(text)))
    book = _download(world, table, "xlsx", **params).content
    as_xlsx = list(load_workbook(io.BytesIO(book)).active.iter_rows(values_only=True))
    assert as_csv[0] == list(as_xlsx[0]) and column in as_csv[0]
    assert len(as_csv) == len(as_xlsx)
    if table in ("campaigns", "search"):
        assert len(as_csv) > 1


def test_a_campaigns_reports_export_holds_every_report(world: Env) -> None:
    biggest = _all(world)[0]
    r = _download(world, "campaign-reports", "xlsx", campaign=biggest["id"][:8])
    rows = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    assert len(rows) - 1 == biggest["report_count"]


@pytest.mark.parametrize(
    ("who", "table"), [("viewer", "campaigns"), ("analyst", "alerts")], ids=["viewer", "no-sharing"]
)
def test_an_export_needs_the_right_to_export_and_to_read_the_list(
    world: Env, who: str, table: str
) -> None:
    r = world.get(who, f"/api/v1/exports/{table}", params={"format": "csv"})
    assert r.status_code == 403


@pytest.mark.parametrize(
    ("path", "export"),
    [
        ("/campaigns?label=Tech+Support", "/exports/campaigns?format=xlsx"),
        ("/imports", None),  # files imported on the node itself: no upload job
        ("/quarantine", "/exports/quarantine?format=xlsx"),
        ("/alerts", None),  # no alert on this node: nothing to export, the total says 0
    ],
    ids=["campaigns", "imports", "quarantine", "alerts"],
)
def test_every_list_page_shows_its_total_and_offers_the_export(
    world: Env, path: str, export: str | None
) -> None:
    c = world.client
    r = c.post("/login", data={"username": "analyst", "password": PASSWORD}, follow_redirects=False)
    assert r.status_code == 303
    try:
        html = c.get(path).text
        assert re.search(r'list-count">[0-9,–]+( of [0-9,]+)? [a-z]+<', html), html[-3000:]
        if export:
            assert export.split("?")[0] in html
            assert c.get(export).status_code == 200
        else:
            assert re.search(r'list-count">0 (alerts|jobs)<', html)
    finally:
        c.cookies.clear()


def test_the_campaign_export_keeps_the_lists_casework_filters(world: Env) -> None:
    user = world.users["analyst"]
    token, _row = world.node.accounts.create_token(
        creator=None, user_id=user["id"], org_id=user["org_id"], name="caseworker",
        role="analyst", scopes=["read", "export", "casework"],
    )  # fmt: skip
    h = {"Authorization": f"Bearer {token}"}
    cid = _all(world)[0]["id"]
    r = world.client.post(
        f"/api/v1/campaigns/{cid}/status", headers=h, json={"status": "under_investigation"}
    )
    assert r.status_code == 200, r.text
    listed = world.client.get(
        "/api/v1/campaigns", headers=h, params={"status": "under_investigation"}
    ).json()
    assert [c["id"] for c in listed["items"]] == [cid]
    r = world.client.get(
        "/api/v1/exports/campaigns", headers=h,
        params={"format": "xlsx", "status": "under_investigation"},
    )  # fmt: skip
    rows = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == [cid]
    assert rows[0][-2:] == ("status", "assignee") and rows[1][-2] == "under_investigation"
