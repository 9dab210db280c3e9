"""CLI: ``crossline ingest`` picks the bulk path for large files by itself, and
``--bulk/--no-bulk`` force a path; both reconcile."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from crossline.cli import cli
from support import testdb

MESSY = Path(__file__).resolve().parents[1] / "data" / "ingest" / "messy" / "sentinel_us.csv"


@pytest.fixture
def ingest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    runner = CliRunner()
    db = testdb.database_url(tmp_path / "home", "x.db")

    def invoke(*args: str, min_bytes: int | None = None) -> dict:
        if min_bytes is not None:
            monkeypatch.setenv("CROSSLINE_BULK_MIN_BYTES", str(min_bytes))
        result = runner.invoke(
            cli, ["--home", str(tmp_path / "home"), "--db", db, "ingest", *args, "--json"]
        )
        assert result.exit_code == 0, result.output + repr(result.exception)
        return json.loads(result.output)

    yield invoke
    testdb.release(db)


SIZE = MESSY.stat().st_size
CASES = [
    # (flags, threshold in bytes, the path taken)
    ((), SIZE + 1, "row"),  # smaller than the threshold
    ((), SIZE, "bulk"),  # as large as the threshold
    (("--no-bulk",), 1, "row"),
    (("--bulk",), 10**9, "bulk"),
]


@pytest.mark.parametrize(
    ("flags", "min_bytes", "mode"), CASES, ids=["small", "large", "no-bulk", "bulk"]
)
def test_path_is_picked_by_size_or_forced(
    ingest, flags: tuple[str, ...], min_bytes: int, mode: str
) -> None:
    out = ingest(str(MESSY), *flags, min_bytes=min_bytes)
    assert [f["mode"] for f in out["files"]] == [mode]
    assert out["reconciles"] and out["rows_read"] == 8 and out["warnings"] == 3


def test_bulk_import_then_row_reimport_adds_nothing(ingest) -> None:
    first = ingest(str(MESSY), "--bulk")
    again = ingest(str(MESSY), "--no-bulk")
    assert first["stored"] == again["duplicates"] and again["stored"] == 0
    assert again["rows_read"] == again["duplicates"] + again["quarantined"]


def test_bad_threshold_is_refused(ingest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CROSSLINE_BULK_MIN_BYTES", "lots")
    result = CliRunner().invoke(cli, ["--home", "/nonexistent-home", "ingest", str(MESSY)])
    assert result.exit_code != 0
    assert "CROSSLINE_BULK_MIN_BYTES" in result.output + str(result.exception)
