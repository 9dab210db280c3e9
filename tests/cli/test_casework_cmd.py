"""``crossline campaign note|assign|status|tag|rename|merge|split|activity`` through
click's runner; ``crossline campaign ID`` still shows a campaign."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from crossline.cli import cli
from crossline.config import Settings
from crossline.node.auth import Accounts
from crossline.store import open_store
from support import testdb
from support.api_seed import seed


@pytest.fixture
def node(tmp_path: Path) -> Iterator[tuple[Any, dict[str, str]]]:
    home = tmp_path / "home"
    db = testdb.database_url(home, "x.db")
    store = open_store(Settings(home=home, database_url=db))
    ids = seed(store)
    acc = Accounts(store)
    home_org = acc.create_org("US Consumer Protection", country="US")
    other = acc.create_org("State AG", country="US")
    for name, org in (("alice", home_org), ("bob", home_org), ("carol", other)):
        acc.create_user(org["id"], name, "correct horse battery staple", "analyst")
    store.close()
    runner = CliRunner()

    def run(*args: str, ok: bool = True) -> str:
        result = runner.invoke(cli, ["--home", str(home), "--db", db, *args])
        assert (result.exit_code == 0) == ok, result.output + repr(result.exception)
        return result.output

    yield run, ids
    testdb.release(db)


def test_show_is_still_the_default(node) -> None:
    run, ids = node
    shown = json.loads(run("campaign", ids["toll"][:8], "--json"))
    assert shown["id"] == ids["toll"] and shown["report_count"] == 2


def test_casework_from_the_command_line(node) -> None:
    run, ids = node
    cid = ids["toll"]
    out = json.loads(run("campaign", "note", cid, "Same SMS template, @bob", "--as", "alice",
                         "--json"))  # fmt: skip
    assert out["mentions"] == ["bob"] and out["author"] == "alice"
    state = json.loads(run("campaign", "assign", cid, "bob", "--as", "alice", "--json"))
    assert state["assignee"] == "bob"
    err = run("campaign", "assign", cid, "carol", "--as", "alice", ok=False)
    assert "no active user of your organisation" in err
    run("campaign", "status", cid, "under_investigation", "--as", "alice")
    err = json.loads(run("campaign", "status", cid, "open", "--as", "alice", "--json", ok=False))
    assert err["error"]["code"] == "conflict" and "allowed: referred, closed" in err[
        "error"]["message"]  # fmt: skip
    assert "toll-text" in run("campaign", "tag", cid, "Toll-Text", "--as", "alice")
    said = run("campaign", "rename", cid, "--name", "E-ZPass texts", "--label",
               "delivery_shopping", "--as", "alice")  # fmt: skip
    assert "E-ZPass texts" in said and "delivery_shopping" in said
    theirs = json.loads(run("campaign", "activity", cid, "--as", "carol", "--json"))
    assert {i["kind"] for i in theirs["items"]} == {"report_linked"}
    mine = json.loads(run("campaign", "activity", cid, "--as", "alice", "--json"))
    assert [i["kind"] for i in mine["items"][:5]] == ["rename", "tag", "status", "assignment",
                                                       "note"]  # fmt: skip


def test_merge_and_split_hold_through_relink(node) -> None:
    run, ids = node
    a, b = ids["cross_border"], ids["toll"]
    err = run("campaign", "merge", a, b, "--as", "alice", ok=False)
    assert "--reason" in err
    merged = json.loads(run("campaign", "merge", a[:8], b[:8], "--reason", "same crew",
                            "--as", "alice", "--json"))  # fmt: skip
    into = merged["into"]
    assert json.loads(run("campaign", into, "--json"))["report_count"] == 6
    run("relink")
    assert json.loads(run("campaign", into, "--json"))["report_count"] == 6
    run("campaign", "split", into, "--report", ids["us-3"], "--report", ids["us-4"],
        "--reason", "another scheme after all", "--as", "alice")  # fmt: skip
    run("relink")
    assert json.loads(run("campaign", a, "--json"))["report_count"] == 4
    assert json.loads(run("campaign", b, "--json"))["report_count"] == 2
