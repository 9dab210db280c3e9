"""``crossline classify`` through the click runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from crossline.cli import cli

FIXTURES = Path(__file__).parent / "fixtures" / "shared"


def _run(args: list[str], stdin: str = "", tmp_path: Path | None = None):  # noqa: ANN202
    home = ["--home", str(tmp_path)] if tmp_path else []
    return CliRunner().invoke(cli, [*home, "classify", *args], input=stdin)


def test_plain_text_prints_a_table(tmp_path: Path) -> None:
    res = _run(
        [], "Your SSN is suspended, press 1 to speak to an officer\nsee you at 6 lol\n", tmp_path
    )
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[0].split()[:3] == ["label", "conf", "review"]
    assert lines[1].startswith("government_impersonation")
    assert lines[2].startswith("not_fraud")


def test_jsonl_keeps_order_and_shape(tmp_path: Path) -> None:
    stdin = "\n".join(
        json.dumps(o)
        for o in (
            {"text": "aapka KYC update nahi hua to account band ho jayega"},
            {"text": "", "source": "ftc_dnc"},
            {"text": "car warranty final notice, press 1", "channel": "robocall"},
        )
    )
    res = _run(["--jsonl"], stdin, tmp_path)
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.output.splitlines()]
    assert [r["label"] for r in rows] == ["account_phishing", "telemarketing", "telemarketing"]
    assert set(rows[0]) == {"label", "confidence", "evidence", "tags", "needs_review"}
    assert rows[1]["needs_review"] is True
    assert rows[2]["tags"]["channel"] == "robocall"


@pytest.mark.parametrize(
    ("stdin", "message"),
    [("{not json}\n", "stdin line 1: not JSON"), ('{"x": 1}\n[1]\n', "stdin line 2: expected")],
    ids=["syntax", "shape"],
)
def test_jsonl_errors_name_the_line(tmp_path: Path, stdin: str, message: str) -> None:
    res = _run(["--jsonl"], stdin, tmp_path)
    assert res.exit_code == 2
    assert message in res.output


def test_eval_prints_scores(tmp_path: Path) -> None:
    csv_path = tmp_path / "gold.csv"
    csv_path.write_text(
        "text,label\n"
        '"Your social security number has been suspended, press 1",government_impersonation\n'
        '"Complete your Paytm KYC or your wallet will be blocked",account_phishing\n'
        "see you tomorrow at lunch,not_fraud\n"
    )
    res = _run(["eval", str(csv_path), "--min-support", "1"], tmp_path=tmp_path)
    assert res.exit_code == 0, res.output
    assert "macro-F1 (labels present)    1.000" in res.output
    assert "fraud vs not_fraud accuracy  1.000" in res.output
    assert "confusion matrix" in res.output


def test_eval_bad_label_exits_with_message(tmp_path: Path) -> None:
    csv_path = tmp_path / "gold.csv"
    csv_path.write_text("text,label\nhello,ham\n")
    res = _run(["eval", str(csv_path)], tmp_path=tmp_path)
    assert res.exit_code == 2
    assert "line 2: label 'ham'" in res.output


@pytest.mark.slow
def test_train_builds_a_loadable_model(tmp_path: Path) -> None:
    """A small build on fixture data (a slice of the public-domain FTC set and UCI SMS)."""
    from crossline.classify import classify_many

    out = tmp_path / "m.npz"
    res = _run(
        [
            "train",
            "--out",
            str(out),
            "--shared",
            str(FIXTURES),
            "--data-out",
            str(tmp_path / "data"),
            "--per-template",
            "2",
        ],
        tmp_path=tmp_path,
    )
    assert res.exit_code == 0, res.output
    assert "wrote" in res.output and out.exists()
    assert (tmp_path / "data" / "eval.csv").exists()
    got = classify_many(["Your social security number has been suspended, press 1"], model_path=out)
    assert got[0].label == "government_impersonation"
