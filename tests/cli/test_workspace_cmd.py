"""The command line's bulk lookup (``lookup --file``) and watchlists (``watch``)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from crossline.cli import cli
from support import testdb

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def run(tmp_path: Path):
    runner = CliRunner()
    home = tmp_path / "home"
    db = testdb.database_url(home, "x.db")

    def invoke(*args: str, ok: bool = True, stdin: str | None = None) -> str:
        result = runner.invoke(cli, ["--home", str(home), "--db", db, *args], input=stdin)
        if ok:
            assert result.exit_code == 0, result.output + repr(result.exception)
        else:
            assert result.exit_code != 0
        return result.output

    yield invoke
    testdb.release(db)


@pytest.mark.parametrize(
    ("value", "found_as"),
    [("SN-0001", "reference"), ("(315) 232-8257", "phone"), ("+19995550000", "")],
    ids=["reference", "phone", "unknown"],
)
def test_lookup_file_answers_each_value(run, tmp_path: Path, value: str, found_as: str) -> None:
    run("ingest", str(DATA / "sentinel.csv"))
    values = tmp_path / "values.txt"
    values.write_text(f"{value}\nfraud-nothing.invalid\n", encoding="utf-8")
    out = json.loads(run("lookup", "--file", str(values), "--json"))
    assert out["total"] == 2 and out["items"][0]["value"] == value
    assert (
        (found_as in out["items"][0]["found_as"]) if found_as else not out["items"][0]["found_as"]
    )


def test_lookup_file_writes_xlsx_and_refuses_10001_values(run, tmp_path: Path) -> None:
    run("ingest", str(DATA / "sentinel.csv"))
    out = tmp_path / "hits.xlsx"
    said = run("lookup", "--file", "-", "--out", str(out), stdin="SN-0002\n833-304-1447\n")
    assert "2 of 2 values found" in said
    rows = list(load_workbook(io.BytesIO(out.read_bytes())).active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == ["SN-0002", "833-304-1447"]
    many = "\n".join(f"+1202555{n:04d}" for n in range(10_001))
    err = run("lookup", "--file", "-", stdin=many, ok=False)
    assert "10,001 values" in err


def test_watch_add_list_remove_and_alert_after_ingest(run, tmp_path: Path) -> None:
    run("users", "create", "--org", "Home", "--country", "US", "--username", "ana",
        "--role", "analyst", "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip
    added = json.loads(run("watch", "add", "value", "315-232-8257", "--user", "ana", "--json"))
    run("ingest", str(DATA / "sentinel.csv"))
    listed = json.loads(run("watch", "list", "--user", "ana", "--json"))
    assert listed["total"] == 1 and listed["items"][0]["alert_count"] >= 1
    alerts = json.loads(run("alerts", "list", "--json"))
    assert any(a.get("watch_id") == added["id"] for a in alerts)
    run("watch", "remove", added["id"], "--user", "ana")
    assert json.loads(run("watch", "list", "--user", "ana", "--json"))["total"] == 0
    assert "no user named" in run("watch", "list", "--user", "nobody", ok=False)
