"""The sharing commands and markings at import, through click's runner (SQLite)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from crossline.cli import cli
from crossline.config import Settings
from crossline.share.identity import load_identity
from crossline.store import open_store
from crossline.store.schema import reports

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"


@pytest.fixture
def node(tmp_path: Path):
    runner = CliRunner()
    home = tmp_path / "home"
    db = f"sqlite:///{tmp_path}/x.db"

    def invoke(*args: str, ok: bool = True, stdin: str | None = None) -> str:
        result = runner.invoke(cli, ["--home", str(home), "--db", db, *args], input=stdin)
        assert (result.exit_code == 0) is ok, result.output + repr(result.exception)
        return result.output

    invoke.settings = Settings(home=home, database_url=db)  # type: ignore[attr-defined]
    return invoke


def markings(settings: Settings) -> dict[str, int]:
    store = open_store(settings)
    with store.read() as conn:
        rows = conn.execute(
            select(reports.c.source, reports.c.marking, func.count()).group_by(
                reports.c.source, reports.c.marking
            )
        )
        out = {f"{s} {m}": n for s, m, n in rows}
    store.close()
    return out


def test_import_marks_reports_by_source_or_flag(node) -> None:
    node("ingest", str(DATA / "ftc_dnc.csv"), str(DATA / "ncrp.csv"), "--json")
    got = markings(node.settings)
    assert got and all(k.endswith("TLP:CLEAR") for k in got if k.startswith("ftc_dnc"))
    assert all(k.endswith("TLP:AMBER") for k in got if k.startswith("ncrp"))
    node("ingest", str(DATA / "sentinel.csv"), "--marking", "red", "--pap", "green", "--json")
    assert all(k.endswith("TLP:RED") for k in markings(node.settings) if k.startswith("sentinel"))
    store = open_store(node.settings)
    with store.read() as conn:
        paps = dict(conn.execute(select(reports.c.source, reports.c.pap).distinct()).all())
    store.close()
    assert paps["sentinel"] == "PAP:GREEN" and paps["ncrp"] is None
    out = node("ingest", str(DATA / "cfpb.csv"), "--marking", "purple", "--json", ok=False)
    assert json.loads(out)["error"]["field"] == "marking"


def test_partners_agreements_preview_and_node_info(node, tmp_path: Path, monkeypatch) -> None:
    info = json.loads(node("node", "info", "--json"))
    assert set(info) == {"name", "country", "key_id", "public_key"}
    # Adding a partner before the node has its own organisation is refused.
    key = load_identity(Settings(home=tmp_path / "in", database_url="sqlite://")).public_key
    out = node("partners", "add", "in-i4c", "--country", "IN", "--key", key, "--json", ok=False)
    assert json.loads(out)["error"]["field"] == "organisation"
    node(
        "users", "create", "--org", "US FTC", "--country", "US", "--username", "root",
        "--role", "admin", "--password-stdin", stdin="a long enough password 123\n",
    )  # fmt: skip
    cred = tmp_path / "cred.txt"
    cred.write_text("their-bearer-token\n")
    add = ["partners", "add", "in-i4c", "--country", "IN", "--key", key, "--json"]
    refused = json.loads(node(*add, "--url", "http://127.0.0.1:9000", ok=False))
    assert refused["error"]["code"] == "egress_refused"  # loopback: not allowed by default
    monkeypatch.setenv("CROSSLINE_EGRESS_ALLOW", "127.0.0.1:9000")
    added = json.loads(
        node(
            "partners",
            "add",
            "in-i4c",
            "--country",
            "IN",
            "--key",
            key,
            "--url",
            "http://127.0.0.1:9000",
            "--credential-file",
            str(cred),
            "--issue-token",
            "--json",
        )  # fmt: skip
    )
    assert added["token"].startswith("cl_") and added["organisation"]["is_home"] is False
    listed = json.loads(node("partners", "list", "--json"))
    assert listed[0]["name"] == "in-i4c" and listed[0]["agreement"] is None
    assert "their-bearer-token" not in json.dumps(listed)
    assert "in-i4c" in node("partners", "list")

    node("ingest", str(DATA / "ncrp.csv"), str(DATA / "ftc_dnc.csv"), "--json")
    before = json.loads(node("share", "preview", "--json"))
    assert before[0]["agreement"] is None and before[0]["kinds"] == {}
    doc = tmp_path / "a.toml"
    doc.write_text(
        'partner = "in-i4c"\nkinds = ["indicator", "report"]\nmax_marking = "green"\n'
        'coarsen = { location = "state" }\n'
    )
    node("agreements", "set", str(doc))
    shown = json.loads(node("agreements", "show", "in-i4c", "--json"))
    assert shown["max_marking"] == "TLP:GREEN"
    assert json.loads(node("agreements", "list", "--json"))[0]["in_force"] is True
    prev = json.loads(node("share", "preview", "--partner", "in-i4c", "--json"))[0]
    reps = prev["kinds"]["report"]
    # ftc_dnc rows are CLEAR by default and may go; ncrp (AMBER) may not.
    assert reps["total"] > 0 and set(reps["by_marking"]) == {"TLP:CLEAR"}
    assert all(s["source"] == "ftc_dnc" and "victim_pii" not in s for s in reps["sample"])
    assert "campaign" not in prev["kinds"]
    text = node("share", "preview")
    assert "in-i4c (IN)" in text and "TLP:CLEAR" in text
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"partner": "in-i4c", "kinds": ["report"], "max_marking": "red"}))
    err = json.loads(node("agreements", "set", str(bad), "--json", ok=False))
    assert err["error"]["field"] == "max_marking"
