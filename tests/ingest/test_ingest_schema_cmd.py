"""``crossline schema report``."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from crossline.cli import cli
from crossline.ingest.jsonl import report_json_schema


@pytest.mark.parametrize("args", [[], ["--compact"]], ids=["indented", "compact"])
def test_schema_report_prints_the_schema(args: list[str]) -> None:
    result = CliRunner().invoke(cli, ["schema", "report", *args])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == report_json_schema()
    assert (result.output.count("\n") == 1) == bool(args)


def test_schema_group_lists_report() -> None:
    result = CliRunner().invoke(cli, ["schema", "--help"])
    assert result.exit_code == 0 and "report" in result.output
