"""The CLI contracts scripts rely on, through click's runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import testdb
from crossline.cli import cli

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"


@pytest.fixture
def run(tmp_path: Path):
    runner = CliRunner()
    home = tmp_path / "home"
    urls: list[str] = []  # one database for every command of a test

    def invoke(*args: str, ok: bool = True) -> str:
        db = testdb.database_url(home, "x.db") if not urls else urls[0]
        urls[:] = [db]
        result = runner.invoke(cli, ["--home", str(home), "--db", db, *args])
        if ok:
            assert result.exit_code == 0, result.output + repr(result.exception)
        else:
            assert result.exit_code != 0
        return result.output

    yield invoke
    for db in urls:
        testdb.release(db)


def test_ingest_json_contract_and_reimport(run) -> None:
    out = json.loads(run("ingest", str(DATA / "ncrp.csv"), str(DATA / "sentinel.csv"), "--json"))
    for key in ("rows_read", "stored", "duplicates", "quarantined"):
        assert isinstance(out[key], int)
    assert out["rows_read"] == out["stored"] + out["duplicates"] + out["quarantined"]
    again = json.loads(run("ingest", str(DATA / "ncrp.csv"), "--json"))
    assert again["stored"] == 0 and again["duplicates"] + again["quarantined"] == again["rows_read"]


def test_failed_import_exits_non_zero(run, tmp_path: Path) -> None:
    bad = tmp_path / "garbage.bin"
    bad.write_bytes(b"\x00\xff\x00\xfe" * 1000)
    out = run("ingest", str(bad), "--json", ok=False)
    assert json.loads(out)["error"]["code"] in {"unreadable_file", "unknown_format"}
    stats = json.loads(run("stats", "--json"))
    assert stats["reports"] == 0 and stats["imports"] == 0


def test_campaigns_campaign_lookup(run) -> None:
    run("ingest", str(DATA / "sentinel.csv"), str(DATA / "transcripts.csv"), str(DATA / "ncrp.csv"))
    camps = json.loads(run("campaigns", "--json"))
    assert camps, "the fixtures share callback numbers"
    for c in camps:
        assert c["id"] and c["reports"]
        assert all({"source", "source_ref"} <= set(r) for r in c["reports"])
    detail = json.loads(run("campaign", camps[0]["id"][:8], "--json"))
    assert detail["id"] == camps[0]["id"] and len(detail["reports"]) == camps[0]["report_count"]
    found = json.loads(run("lookup", "(833) 304-1447", "--json"))
    assert {"kind": "phone", "value": "+18333041447"} in found["normalized"]
    assert found["indicators"][0]["value"] == "+18333041447"
    assert "+18333041447" in run("lookup", "833.304.1447", "--region", "US")
    assert "not known" in run("lookup", "+1 202 555 0143", ok=False)


def test_quarantine_list_show_export(run, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    header = (DATA / "ncrp.csv").read_text(encoding="utf-8").splitlines()[0]
    good = (DATA / "ncrp.csv").read_text(encoding="utf-8").splitlines()[1]
    path.write_text("\n".join([header, good, "1,2,3"]) + "\n", encoding="utf-8")
    out = json.loads(run("ingest", str(path), "--json"))
    assert out["quarantined"] == 1
    rows = json.loads(run("quarantine", "list", "--json"))
    assert len(rows) == 1 and rows[0]["line"] == 3 and rows[0]["reason"]
    shown = json.loads(run("quarantine", "show", rows[0]["id"][:8], "--json"))
    assert shown["raw"] == "1,2,3"
    exported = run("quarantine", "export", "--format", "csv")
    assert exported.splitlines()[0].startswith("id,file,format,line") and "1,2,3" in exported


def test_unknown_campaign_is_a_clear_error(run) -> None:
    out = run("campaign", "deadbeef00", "--json", ok=False)
    assert json.loads(out)["error"]["code"] == "not_found"


def test_reports_are_classified_on_import_and_reclassified(run) -> None:
    run("ingest", str(DATA / "ncrp.csv"), str(DATA / "transcripts.csv"))
    camps = json.loads(run("campaigns", "--json"))
    assert any(c["label"] for c in camps)
    out = json.loads(run("classify", "reclassify", "--json"))
    assert out["reports"] > 0 and out["changed"] == 0 and len(out["model"]) == 12
    after = json.loads(run("campaigns", "--json"))
    assert [c["label"] for c in after] == [c["label"] for c in camps]


NCRP_HEADER = (
    "acknowledgement_no,complaint_date,incident_datetime,state,district,category,"
    "sub_category,complainant_name,complainant_mobile,suspect_mobile,suspect_bank_account,"
    "suspect_ifsc,amount,description"
)


def test_lookup_account_by_number_and_spoofed_caller(run, tmp_path: Path) -> None:
    rows = [
        NCRP_HEADER,
        "41104202100001,14/04/2021 10:30:00,13-04-2021 19:40,Punjab,Mohali,Fraud,Vishing,"
        'Asha,9812345670,,5020 0011 2233,UTIB0002211,"Rs. 9,000",refund fee paid',
        "41104202100002,15/04/2021 10:30:00,14-04-2021 19:40,Punjab,Mohali,Fraud,Vishing,"
        'Ravi,9812345671,55512 34567,502000112233,UTIB0002211,"Rs. 4,000",same refund desk',
    ]
    path = tmp_path / "ncrp_accounts.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    run("ingest", str(path))
    for typed in ("502000112233", "UTIB0002211:502000112233", "0502000112233"):
        out = run("lookup", typed)
        assert "bank_account UTIB0002211:502000112233: 2 reports" in out, out
    out = run("lookup", "55512-34567")  # no numbering plan has it: a spoofed caller id
    assert "phone_raw 5551234567: 1 reports" in out and "likely spoofed" in out
    assert "not known" in run("lookup", "9812345670", ok=False)  # the complainant's own
