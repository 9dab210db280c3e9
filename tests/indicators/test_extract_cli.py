"""``crossline extract``: the table, the JSON Lines contract, and evaluation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from crossline.cli import cli


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CROSSLINE_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CROSSLINE_SECRET_KEY", raising=False)

    def invoke(args: list[str], stdin: str = "") -> tuple[int, str, str]:
        result = CliRunner().invoke(cli, ["extract", *args], input=stdin)
        return result.exit_code, result.stdout, result.stderr

    return invoke


def test_plain_text_gives_a_table(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(["--region", "US"], "Call 833-304-1447 or hxxps://evil[.]com/x")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["kind", "value", "start", "end"]
    assert lines[1].split()[:4] == ["phone", "+18333041447", "5", "17"]
    assert any(line.split()[:2] == ["domain", "evil.com"] for line in lines)


def test_plain_text_json(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(["--json", "--region", "IN"], "pay 9876543210@ybl")
    assert code == 0
    assert json.loads(out) == [
        {
            "kind": "upi",
            "value": "9876543210@ybl",
            "raw": "9876543210@ybl",
            "start": 4,
            "end": 18,
            "flags": [],
            "meta": {"phone": "+919876543210"},
        }
    ]


def test_jsonl_contract_keeps_order_and_reports_bad_lines(run) -> None:  # type: ignore[no-untyped-def]
    lines = [
        {"text": "call 9876543210", "region": "IN"},
        "not json",
        {"text": "call 833-304-1447"},
        {"text": 5},
        {"text": "x", "region": "XX"},
        {"text": "mail x@y.com", "region": None},
    ]
    stdin = "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n"
    code, out, err = run(["--jsonl", "--region", "US"], stdin)
    got = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and "3 line(s)" in err
    assert got[0] == {
        "indicators": [{"kind": "phone", "value": "+919876543210", "start": 5, "end": 15}]
    }
    assert got[1]["indicators"] == [] and "line 2" in got[1]["error"]["message"]
    assert got[2] == {
        "indicators": [{"kind": "phone", "value": "+18333041447", "start": 5, "end": 17}]
    }
    assert "line 4" in got[3]["error"]["message"]
    assert "region hint 'XX'" in got[4]["error"]["message"]
    assert got[5]["indicators"] == [{"kind": "email", "value": "x@y.com", "start": 5, "end": 12}]


def test_keyed_cards_use_the_node_secret(run, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CROSSLINE_SECRET_KEY", "n" * 40)
    _, plain, _ = run(["--jsonl"], json.dumps({"text": "card 4539578763621486"}))
    _, keyed, _ = run(["--jsonl", "--keyed"], json.dumps({"text": "card 4539578763621486"}))
    assert json.loads(plain)["indicators"][0]["value"] == "453957******1486"
    assert len(json.loads(keyed)["indicators"][0]["value"]) == 64
    assert "4539578763621486" not in plain + keyed


def test_eval_prints_scores(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    gold = [
        {"text": "call 833-304-1447", "region": "US",
         "indicators": [{"kind": "phone", "value": "+18333041447", "start": 5, "end": 17}]},
        {"text": "ref no 4455667788 and visit evil.com", "region": "US",
         "indicators": [{"kind": "domain", "value": "evil.com", "start": 28, "end": 36},
                        {"kind": "email", "value": "missed@example.com", "start": 0, "end": 1}]},
    ]  # fmt: skip
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(g) for g in gold) + "\n")
    code, out, _ = run(["--eval", str(path), "--errors"])
    assert code == 0
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines()[2:] if line.strip()}
    assert rows["phone"][:3] == ["1", "1", "1"]
    assert rows["email"][:3] == ["1", "0", "0"]
    assert "spans not compared" in out
    assert "missed" in out and "missed@example.com" in out


def test_eval_rejects_a_malformed_file(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "a", "indicators": [{"kind": "fax", "value": "1"}]}\n')
    code, _, err = run(["--eval", str(path)])
    assert code == 2 and "line 1: unknown kind 'fax'" in err


def test_bad_region_option(run) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(["--region", "Mars"], "hello")
    assert code == 2 and "region hint 'Mars'" in err
