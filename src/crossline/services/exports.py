"""Exports for people who fix data: quarantined rows as CSV or JSON Lines."""

from __future__ import annotations

import json
from typing import Any

from crossline.csvsafe import csv_text

QUARANTINE_COLUMNS = ["id", "file", "format", "line", "field", "reason", "raw"]


def export_quarantine(rows: list[dict[str, Any]], fmt: str) -> str:
    """Quarantined rows as CSV (cells a spreadsheet would evaluate neutralised) or JSON
    Lines, for fixing and re-importing."""
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    return csv_text(rows, QUARANTINE_COLUMNS)
