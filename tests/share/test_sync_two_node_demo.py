"""`crossline demo --two-nodes`: two real HTTP nodes on loopback, separate databases; a US
complaint and an Indian complaint sharing a number end up in one cross-border campaign on
both nodes, which a re-run does not duplicate."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import func, select

from crossline.cli import cli
from crossline.config import Settings, sqlite_url
from crossline.store import open_store
from crossline.store.schema import reports


def counts(home: Path, name: str) -> dict[str, int]:
    settings = Settings(home=home, database_url=sqlite_url(home / "crossline.db"), node_name=name)
    store = open_store(settings)
    try:
        with store.read() as conn:
            rows = conn.execute(select(reports.c.source, func.count()).group_by(reports.c.source))
            return {r[0]: r[1] for r in rows}
    finally:
        store.close()


def test_two_nodes_meet_in_one_cross_border_campaign(tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["--home", str(tmp_path), "demo", "--two-nodes", "--no-serve", "--ports", "0,0"]
    first = runner.invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert "Both nodes show cross-border campaigns" in first.output
    for name in ("us-node", "in-node"):
        block = first.output.split(f"{name}: cross-border campaigns")[1]
        assert re.search(r"IN,US", block), block
        assert "+13152328257" in block  # the callback number both sides' complaints name
    us = counts(tmp_path / "two-nodes" / "us-node", "us-node")
    ind = counts(tmp_path / "two-nodes" / "in-node", "in-node")
    assert us["sentinel"] and us["partner:in-node"] and ind["ncrp"] and ind["partner:us-node"]
    again = runner.invoke(cli, args)
    assert again.exit_code == 0, again.output
    assert counts(tmp_path / "two-nodes" / "us-node", "us-node") == us
    assert counts(tmp_path / "two-nodes" / "in-node", "in-node") == ind
    status = runner.invoke(
        cli, ["--home", str(tmp_path / "two-nodes" / "us-node"), "sync", "status", "--json"]
    )
    rows = json.loads(status.output)
    assert {(r["partner"], r["direction"]) for r in rows} >= {("in-node", "push")}
