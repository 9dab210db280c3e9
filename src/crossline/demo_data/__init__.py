"""Demo data bundled with Crossline (see README.md beside this file).

Real public-domain US data (FTC robocall transcripts, eight days of FTC
Do-Not-Call reported numbers) and seeded synthetic sets (India-side NCRP-style
complaints, US-side Sentinel-style reports) that share numbers, handles and an
account with the real data, so that importing them all shows cross-border
campaigns.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DEMO_DIR = Path(__file__).resolve().parent


def demo_files() -> list[Path]:
    """The bundled files to import, in order: real US data first, then synthetic sets.

    Each file is detected by ``crossline.ingest.formats.detect``; no ``--format``
    is needed.
    """
    return [
        DEMO_DIR / "ftc-robocall-transcripts" / "metadata.csv",
        *sorted((DEMO_DIR / "ftc-dnc-reported-numbers").glob("*.json")),
        DEMO_DIR / "synthetic" / "sentinel_reports.csv",
        DEMO_DIR / "synthetic" / "ncrp_complaints.csv",
    ]


def planted_campaigns() -> dict[str, Any]:
    """Ground truth of the synthetic sets: each planted campaign's shared values and reports."""
    path = DEMO_DIR / "synthetic" / "planted_campaigns.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data
