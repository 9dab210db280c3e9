"""The counters an import keeps on its record while it runs, per kind of import."""

from __future__ import annotations

from typing import Any

import pytest

from crossline.ingest.pipeline import ImportSummary
from crossline.money.service import TransferImport

COUNTS = {"rows_read": 7, "stored": 3, "duplicates": 2, "quarantined": 2}


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        (TransferImport("i", "p", "f", **COUNTS, freeze_requests=4, seconds=1.5), COUNTS),
        (
            ImportSummary("i", "p", "f", "s", **COUNTS, warnings=5, updated=1, indicators=9),
            {**COUNTS, "warnings": 5, "updated": 1},
        ),
        (ImportSummary("i", "p", "f", "s"), dict.fromkeys([*COUNTS, "warnings", "updated"], 0)),
    ],
    ids=["trail", "reports", "reports-fresh"],
)
def test_progress_is_the_record_counters(summary: Any, expected: dict[str, int]) -> None:
    assert summary.progress() == expected
    assert "PROGRESS" not in summary.to_dict()  # a class constant, not a summary field
