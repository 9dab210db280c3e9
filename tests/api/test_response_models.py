"""Every route declares what it answers, so the OpenAPI document is complete and the
schema tests hold each answer to it."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from crossline.api.responses.read import CampaignDetail, ReportBrief
from support.api_env import Env


def _declares(response: dict[str, Any], status: str) -> bool:
    """A 2xx answer is declared by a JSON schema with properties (a model, a list or a
    union of models), by another media type (files, CSV, metrics), or is a bare 204."""
    content = response.get("content")
    if not content:
        return status == "204"
    for media, body in content.items():
        if media != "application/json":
            return True
        schema = body.get("schema") or {}
        if "$ref" in schema or "$ref" in schema.get("items", {}) or "anyOf" in schema:
            return True
    return False


def test_every_operation_declares_its_answer(env: Env) -> None:
    spec = env.app.openapi()
    untyped = [
        f"{method.upper()} {path} {status}"
        for path, ops in spec["paths"].items()
        for method, op in ops.items()
        for status, response in op["responses"].items()
        if status.startswith("2") and not _declares(response, status)
    ]
    assert len(spec["paths"]) > 60
    assert untyped == []


@pytest.mark.parametrize(
    ("broken", "field"),
    [
        ({"report_count": "many"}, "report_count"),
        ({"reports": [{"id": "r1"}]}, "reports"),
        ({"jurisdictions": ["US"]}, "jurisdictions"),
    ],
    ids=["wrong-type", "report-missing-fields", "list-for-object"],
)
def test_campaign_model_refuses_answers_outside_the_schema(
    env: Env, broken: dict[str, Any], field: str
) -> None:
    good = env.get("analyst", f"/api/v1/campaigns/{env.ids['cross_border']}").json()
    CampaignDetail.model_validate(good)
    with pytest.raises(ValidationError) as caught:
        CampaignDetail.model_validate({**good, **broken})
    assert field in str(caught.value)


def test_report_brief_is_the_shape_every_face_lists(env: Env) -> None:
    page = env.get("analyst", "/api/v1/reports", params={"limit": 5}).json()
    assert page["items"]
    for item in page["items"]:
        assert set(ReportBrief.model_fields) <= set(item)
