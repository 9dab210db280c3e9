"""The CLI and the API show the same campaign: one read function behind both faces."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

from crossline.cli import cli
from crossline.config import Settings
from support.api_env import Env


def _cli_json(settings: Settings, *args: str) -> Any:
    result = CliRunner().invoke(
        cli, ["--home", str(settings.home), "--db", settings.database_url, *args, "--json"]
    )
    assert result.exit_code == 0, result.output + repr(result.exception)
    return json.loads(result.output)


@pytest.mark.parametrize(
    ("campaign", "ref_len", "limit", "offset"),
    [
        ("cross_border", 36, 100, 0),
        ("cross_border", 8, 2, 0),
        ("cross_border", 8, 2, 2),
        ("toll", 12, 1, 1),
        ("toll", 36, 0, 0),
    ],
    ids=["full-id", "prefix-first-page", "prefix-second-page", "other-campaign", "no-reports"],
)
def test_cli_and_api_show_the_same_campaign(
    fresh_env: Env, settings: Settings, campaign: str, ref_len: int, limit: int, offset: int
) -> None:
    ref = fresh_env.ids[campaign][:ref_len]
    api = fresh_env.get(
        "analyst",
        f"/api/v1/campaigns/{ref}",
        params={"reports_limit": limit, "reports_offset": offset},
    )
    assert api.status_code == 200, api.text
    cli_item = _cli_json(
        settings, "campaign", ref, "--reports", str(limit), "--offset", str(offset)
    )
    assert cli_item == api.json()
    assert cli_item["id"] == fresh_env.ids[campaign]
    assert len(cli_item["reports"]) == max(0, min(limit, cli_item["report_count"] - offset))


def test_cli_and_api_pages_of_one_campaign_differ_only_in_reports(
    fresh_env: Env, settings: Settings
) -> None:
    cid = fresh_env.ids["cross_border"]
    api = fresh_env.get("analyst", f"/api/v1/campaigns/{cid}").json()  # the API's default page
    cli_item = _cli_json(settings, "campaign", cid)  # the CLI's default page
    assert {k: v for k, v in cli_item.items() if k != "reports"} == {
        k: v for k, v in api.items() if k != "reports"
    }
    every = cli_item["reports"]
    assert api["reports"] == every[: len(api["reports"])]


@pytest.mark.parametrize(
    "filters",
    [{}, {"cross_border": True}, {"jurisdiction": "IN"}, {"label": "tech_support"}],
    ids=["all", "cross-border", "jurisdiction", "scam-type"],
)
def test_cli_and_api_list_the_same_campaigns(
    fresh_env: Env, settings: Settings, filters: dict[str, Any]
) -> None:
    api = fresh_env.get("analyst", "/api/v1/campaigns", params=filters).json()
    flags = [
        arg
        for key, value in filters.items()
        for arg in ([f"--{key.replace('_', '-')}"] if value is True else [f"--{key}", str(value)])
    ]
    cli_items = _cli_json(settings, "campaigns", "--reports", "0", *flags)
    assert cli_items == api["items"]
    assert api["total"] == len(api["items"]) > 0
