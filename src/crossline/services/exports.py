"""Exports for people who fix data: quarantined rows as CSV or JSON Lines."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

QUARANTINE_COLUMNS = ["id", "file", "format", "line", "field", "reason", "raw"]


def export_quarantine(rows: list[dict[str, Any]], fmt: str) -> str:
    """Quarantined rows as CSV or JSON Lines, for fixing and re-importing."""
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=QUARANTINE_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()
