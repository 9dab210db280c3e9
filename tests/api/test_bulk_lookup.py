"""Bulk lookup: a pasted list of up to 10,000 values, a table of hits with totals,
downloadable as CSV and XLSX; more than 10,000 is refused with a clear error."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from openpyxl import load_workbook

from support import testdb
from support.api_env import PASSWORD, Env
from support.workspace_env import PHONE_AND_REF, VICTIM_PHONE, build_workspace


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    tmp = tmp_path_factory.mktemp("bulk")
    for env, _sliced in build_workspace(tmp, testdb.database_url(tmp)):
        yield env


# (value as pasted, what it must be found as, risk) -- "" found as: not found
CASES = [
    ("ncrp-acknowledgement", "19113042100198", "reference", None),
    ("sentinel-reference", "SYN-2021-000005", "reference", None),
    ("phone-as-typed", "(315) 232-8257", "phone", "high"),
    ("upi-handle", "fraudster@okaxis", "upi", "high"),
    ("reference-and-phone", PHONE_AND_REF, "reference", "high"),
    ("victims-own-phone", VICTIM_PHONE, "", ""),
    ("unknown", "+12025559999", "", ""),
    ("formula", '=HYPERLINK("x")', "", ""),
]


def _bulk(env: Env, values: list[str], fmt: str = "json") -> object:
    return env.client.post(
        "/api/v1/lookup/bulk", params={"format": fmt}, json={"values": values},
        headers=env.as_("analyst"),
    )  # fmt: skip


def test_every_value_gets_its_row_in_order(world: Env) -> None:
    values = [c[1] for c in CASES]
    r = _bulk(world, values)
    assert r.status_code == 200, r.text
    body = r.json()
    assert [row["value"] for row in body["items"]] == values
    for (name, _v, found_as, risk), row in zip(CASES, body["items"], strict=True):
        if found_as:
            assert found_as in row["found_as"], name
            assert row["reports"] >= 1 and row["first_seen"], name
        else:
            assert row["found_as"] == [] and row["reports"] == 0 and row["risk"] == "", name
        if risk:
            assert row["risk"] == risk, name
    assert body["total"] == len(values)
    assert body["found"] == sum(1 for c in CASES if c[2]) == body["total"] - body["not_found"]


def test_more_than_ten_thousand_values_are_refused_naming_the_count(world: Env) -> None:
    values = [f"+1202555{n:04d}" for n in range(10_001)]
    r = _bulk(world, values)
    assert r.status_code == 413, r.text
    assert "10,001 values" in r.json()["error"]["message"]
    assert _bulk(world, values[:10_000]).status_code == 200


def test_the_web_page_refuses_10001_pasted_values(world: Env) -> None:
    c = world.client
    assert (
        c.post("/api/v1/auth/login", json={"username": "analyst", "password": PASSWORD}).status_code
        == 200
    )
    token = c.get("/api/v1/me").json().get("csrf_token")
    page = c.get("/lookup")
    assert page.status_code == 200 and 'for="bulk-values"' in page.text
    text = "\n".join(f"+1202555{n:04d}" for n in range(10_001))
    r = c.post("/lookup", data={"values": text, "csrf_token": token or ""})
    assert r.status_code == 413 and "10,001 values" in r.text
    r = c.post("/lookup", data={"values": "fraudster@okaxis\nnothing-here.invalid",
                                "csrf_token": token or ""})  # fmt: skip
    assert r.status_code == 200 and "1 of 2 values found" in r.text
    c.cookies.clear()


def test_the_table_downloads_as_csv_with_cells_neutralised(world: Env) -> None:
    r = _bulk(world, [c[1] for c in CASES], "csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [row["value"] for row in rows][:2] == ["19113042100198", "SYN-2021-000005"]
    assert rows[-1]["value"].startswith("'=")


def test_the_table_downloads_as_xlsx_that_opens_with_its_rows(world: Env) -> None:
    r = _bulk(world, [c[1] for c in CASES], "xlsx")
    assert r.status_code == 200
    sheet = load_workbook(io.BytesIO(r.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("value", "found as", "matched")
    # A spreadsheet would run a cell starting with = + - @: such text gets a leading quote.
    assert [row[0] for row in rows[1:]] == [
        "'" + c[1] if c[1][0] in "=+-@" else c[1] for c in CASES
    ]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert rows[1][1] == "reference" and rows[4][7] == "high"
