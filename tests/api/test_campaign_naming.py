"""Naming: a campaign's new display name and/or label, normalised and checked as one value."""

from __future__ import annotations

from typing import Any

import pytest

from crossline.errors import ValidationError
from crossline.services.casework import Naming


@pytest.mark.parametrize(
    ("naming", "change"),
    [
        (Naming(display_name="  Toll   scam "), {"display_name": "Toll scam"}),
        (Naming(display_name=""), {"display_name": None}),
        (Naming(label="Tech Support"), {"label": "tech_support"}),
        (Naming(label="job-task"), {"label": "job_task"}),
        (Naming(label=""), {"label": None}),
        (
            Naming(display_name="E-ZPass texts", label="government_impersonation"),
            {"display_name": "E-ZPass texts", "label": "government_impersonation"},
        ),
    ],
)
def test_change_is_normalised(naming: Naming, change: dict[str, Any]) -> None:
    assert naming.change() == change


@pytest.mark.parametrize(
    ("naming", "field"),
    [
        (Naming(), None),
        (Naming(display_name="x" * 121), "display_name"),
        (Naming(label="not a scam type"), "label"),
    ],
)
def test_change_refuses(naming: Naming, field: str | None) -> None:
    with pytest.raises(ValidationError) as err:
        naming.change()
    assert err.value.context.get("field") == field
