from __future__ import annotations

from pathlib import Path

import pytest

from crossline.calls.schema import COLUMNS
from crossline.calls.traceback import STATUSES

DOC = Path(__file__).resolve().parents[2] / "docs" / "calls.md"


@pytest.mark.parametrize("name", [c.name for c in COLUMNS] + list(STATUSES))
def test_documented(name: str) -> None:
    assert f"`{name}`" in DOC.read_text(encoding="utf-8"), f"{name} missing from docs/calls.md"
