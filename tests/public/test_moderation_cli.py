"""``crossline citizens``: the moderation queue from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from crossline.cli import cli
from crossline.config import Settings
from crossline.services import citizens
from crossline.store import open_store
from support import testdb


def test_list_confirm_reject(tmp_path: Path) -> None:
    home = tmp_path / "home"
    db = testdb.database_url(home, "x.db")
    settings = Settings(home=home, database_url=db)
    store = open_store(settings)
    try:
        refs = [
            citizens.submit_report(
                store,
                settings,
                citizens.CitizenReportIn(
                    what_happened=f"caller {i} asked for my UPI PIN",
                    reported_value="pin.collect@paytm",
                    region="IN",
                ),
                nonce=f"cli-{i}",
                origin="web",
                address="192.0.2.1",
            ).reference
            for i in range(2)
        ]
    finally:
        store.close()
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(cli, ["--home", str(home), "--db", db, "citizens", *args])
        assert result.exit_code == 0, result.output + repr(result.exception)
        return result.output

    listed = json.loads(run("list", "--json"))
    assert sorted(i["reference"] for i in listed) == sorted(refs)
    assert "asked for my UPI PIN" in run("list")
    assert json.loads(run("confirm", refs[0], "--json"))["status"] == "confirmed"
    assert run("reject", refs[1]).strip() == f"{refs[1]}: rejected"
    assert json.loads(run("list", "--json")) == []
    assert json.loads(run("show", refs[0], "--json"))["decided_by"] == "cli"
    bad = runner.invoke(
        cli, ["--home", str(home), "--db", db, "citizens", "show", "CR-AAAAA-AAAAA"]
    )
    assert bad.exit_code != 0 and "CR-AAAAA-AAAAA" in bad.output
    testdb.release(db)
