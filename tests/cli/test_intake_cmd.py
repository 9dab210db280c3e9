"""CLI: warnings of stored rows, and a report's history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import testdb
from crossline.cli import cli

MESSY = Path(__file__).resolve().parents[1] / "data" / "ingest" / "messy"


@pytest.fixture
def run(tmp_path: Path):
    runner = CliRunner()
    db = testdb.database_url(tmp_path / "home", "x.db")

    def invoke(*args: str) -> str:
        result = runner.invoke(cli, ["--home", str(tmp_path / "home"), "--db", db, *args])
        assert result.exit_code == 0, result.output + repr(result.exception)
        return result.output

    yield invoke
    testdb.release(db)


def test_warnings_are_listed_and_counted(run) -> None:
    out = json.loads(run("ingest", str(MESSY / "sentinel_us.csv"), "--json"))
    assert out["warnings"] == 3 and out["rows_read"] == 8
    assert out["rows_read"] == out["stored"] + out["duplicates"] + out["quarantined"]
    listed = json.loads(run("quarantine", "list", "--warnings", "--json"))
    assert sorted((w["line"], w["field"]) for w in listed) == [
        (4, "Date Received"),
        (7, "Date Received"),
        (8, "Amount Paid"),
    ]
    table = run("quarantine", "list", "--warnings")
    assert "a lot" in table and "sentinel_us.csv" in table
    quarantined = json.loads(run("quarantine", "list", "--json"))
    assert [q["line"] for q in quarantined] == [9]


def test_report_history_shows_what_changed(run, tmp_path: Path) -> None:
    header = "acknowledgement_no,complaint_date,suspect_mobile,suspect_upi_id\n"
    first = tmp_path / "a.csv"
    first.write_text(header + "990001,14/04/2021,9876500001,old@ybl\n")
    second = tmp_path / "b.csv"
    second.write_text(header + "990001,14/04/2021,9876500001;9876500002,new@okaxis\n")
    run("ingest", str(first))
    out = json.loads(run("ingest", str(second), "--json"))
    assert (out["stored"], out["updated"]) == (1, 1)
    history = json.loads(run("report", "990001", "--history", "--json"))
    assert history["version"] == 2
    change = history["versions"][1]["changes"]
    assert change["values_added"] == ["phone:+919876500002", "upi:new@okaxis"]
    assert change["values_removed"] == ["upi:old@ybl"]
    assert set(change["fields"]) == {"suspects"}
    text = run("report", "990001", "--history")
    assert "+ upi:new@okaxis" in text and "- upi:old@ybl" in text
