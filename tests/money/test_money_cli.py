"""``crossline money ...`` and ``crossline registry check`` through the CLI runner."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from crossline.cli import cli
from crossline.config import Settings
from support.money_env import DATA, NCRP_JSON


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
def test_money_commands_end_to_end(settings: Settings) -> None:
    runner = CliRunner()
    base = ["--home", str(settings.home), "--db", settings.database_url]

    def run(*args: str) -> str:
        result = runner.invoke(cli, [*base, *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    run("ingest", str(NCRP_JSON))
    imported = json.loads(run("money", "import", str(DATA / "trail.csv"), "--json"))
    assert (imported["stored"], imported["quarantined"], imported["reconciles"]) == (5, 2, True)
    trail = json.loads(run("money", "trace", "31104202100010", "--json"))
    assert {n["status"] for n in trail["nodes"]} >= {"holding", "cashed_out"}
    assert "└ L2 upi:mule2@ybl" in run("money", "trace", "31104202100010")
    mules = json.loads(run("money", "mules", "--json"))
    assert mules["scored"] >= 4 and mules["items"][0]["reasons"]
    listed = json.loads(run("money", "freeze", "list", "--json"))
    assert len(listed["items"]) == 6 and listed["latency"]["p99_ms"] is not None
    run("money", "freeze", "bank", "SBIN", "--file")
    delivered = json.loads(run("money", "freeze", "deliver", "--json"))
    assert delivered["sent"] == 6
    assert json.loads(run("money", "freeze", "deliver", "--json"))["sent"] == 0
    sbi = next(i for i in listed["items"] if i["bank_code"] == "SBIN")
    acked = json.loads(run("money", "freeze", "ack", sbi["id"], "SBI-HOLD-1", "--json"))
    assert acked["status"] == "acked"
    answer = json.loads(run("registry", "check", "mule2@ybl", "--json"))
    assert answer["risk"] == "medium" and answer["mule_score"] is not None
    assert "MEDIUM" in run("registry", "check", "mule2@ybl")
    bad = runner.invoke(cli, [*base, "registry", "check", "   ", "--json"])
    assert bad.exit_code == 2 and json.loads(bad.output)["error"]["code"] == "invalid"
