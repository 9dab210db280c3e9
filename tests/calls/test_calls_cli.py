from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from crossline.cli import cli


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("home")
    result = CliRunner().invoke(
        cli,
        [
            "--home",
            str(home),
            "calls",
            "generate",
            "--rows",
            "80000",
            "--days",
            "2",
            "--seed",
            "21",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    return home


def _run(home: Path, *args: str) -> tuple[int, object]:
    result = CliRunner().invoke(cli, ["--home", str(home), *args, "--json"])
    try:
        return result.exit_code, json.loads(result.output)
    except json.JSONDecodeError:  # pragma: no cover - shows what went wrong
        raise AssertionError(result.output) from None


def test_campaigns_then_carrier_then_request(home: Path) -> None:
    code, out = _run(home, "calls", "campaigns")
    assert code == 0
    campaigns = out["campaigns"]
    assert campaigns and out["run"]["campaigns"]["campaigns"] == len(campaigns)
    top = campaigns[0]
    carrier = top["carriers"].split("; ")[0]
    code, profile = _run(home, "calls", "carrier", carrier)
    assert code == 0
    assert any(c["campaign_id"] == top["campaign_id"] for c in profile["campaigns"])
    code, reqs = _run(home, "traceback", "request", top["campaign_id"], "--calls", "3")
    assert code == 0
    assert {r["to_provider"] for r in reqs} == set(top["carriers"].split("; "))
    assert all(len(r["calls"]) <= 3 for r in reqs)
    code, detail = _run(home, "calls", "campaign", top["campaign_id"])
    assert code == 0 and detail["calls"] == top["calls"]


def test_features_json(home: Path) -> None:
    code, out = _run(home, "calls", "features", "--top", "3")
    assert code == 0
    assert out["features"]["rows"] == 80_000
    assert len(out["carriers"]) == 3


@pytest.mark.parametrize(
    "args",
    [
        ("calls", "carrier", "No Such Carrier"),
        ("calls", "campaign", "no-such-campaign"),
        ("traceback", "request", "no-such-campaign"),
    ],
    ids=["carrier", "campaign", "request"],
)
def test_not_found_errors_have_the_json_shape(home: Path, args: tuple[str, ...]) -> None:
    code, out = _run(home, *args)
    assert code == 2
    assert out["error"]["code"] == "not_found"


def test_traceback_commands(home: Path, tmp_path: Path) -> None:
    csv_path = tmp_path / "tb.csv"
    csv_path.write_text(
        "traceback_id,hop,provider,upstream,status,response_hours,campaign\n"
        "T1,1,Bell,Tandem,responded,2,C1\n"
        "T1,2,Tandem,Meridian Gateway,responded,4,C1\n"
        "T1,3,Meridian Gateway,,foreign point of entry,20,C1\n"
        "T2,1,Bell,Shady,responded,1,C1\n"
        "T2,2,Shady,,no response,,C1\n"
        "T3,x,Bell,,responded,,C1\n",
        encoding="utf-8",
    )
    code, imported = _run(home, "traceback", "import", str(csv_path))
    assert code == 0 and (imported["stored"], imported["quarantined"]) == (5, 1)
    code, chains = _run(home, "traceback", "chains", "--campaign", "C1")
    assert [c["outcome"] for c in chains] == ["foreign_point_of_entry", "no_response"]
    code, card = _run(home, "traceback", "scorecard")
    by = {row["provider"]: row for row in card}
    assert by["Meridian Gateway"]["foreign_point_of_entry"] == 1
    assert by["Shady"]["no_response"] == 1
    code, again = _run(home, "traceback", "import", str(csv_path))
    assert again["skipped"] is True
    # the carrier profile needs the campaign features, whichever test ran first
    _run(home, "calls", "campaigns")
    code, profile = _run(home, "calls", "carrier", "Meridian Gateway")
    assert profile["traceback"]["foreign_point_of_entry"] == 1


def test_import_command(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(
        "call_id,start_utc,caller,callee,duration_s,orig_carrier\n"
        "a,2024-03-01T10:00:00Z,+14155550100,+12125550100,3,Acme\n"
        "b,yesterday,+14155550100,+12125550100,3,Acme\n",
        encoding="utf-8",
    )
    code, out = _run(tmp_path / "h", "calls", "import", str(path))
    assert code == 0
    assert (out["rows_in"], out["stored"], out["quarantined"]) == (2, 1, 1)
    assert out["reasons"] == {"start_utc": 1}


def test_transcripts_command(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    script = (
        "this call is from the department of social security administration to inform "
        "you that your social security number has been suspended press one now"
    )
    path.write_text(
        "id,text\n"
        f"a,{script}\n"
        f"b,{script[30:]}\n"
        "c,hi grandma it is me call me back at 415 555 0100\n"
        "d,this is your pharmacy your prescription is ready call 415 555 0100\n",
        encoding="utf-8",
    )
    code, out = _run(tmp_path, "calls", "transcripts", str(path))
    assert code == 0
    assert sorted(map(sorted, out["clusters"])) == [["a", "b"], ["c", "d"]]
    methods = {link["method"] for link in out["links"]}
    assert methods == {"char5-containment", "callback:+14155550100"}
