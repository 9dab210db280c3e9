"""A node for the analysts' workspace tests: the seeded node of ``api_env`` plus real
imports (the demo NCRP complaints and Sentinel reports shipped with the package, a slice
of the public CFPB sample and of the FTC robocall transcripts from the shared data) and
a small JSON Lines file of its own (a report filed under a number that is also a known
phone, and a report whose victim's own phone must never be matched)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from crossline.config import Settings
from crossline.services.imports import import_paths
from support import testdb
from support.api_env import Env, build_env
from support.shared_data import SHARED

DEMO = Path(str(resources.files("crossline") / "demo_data" / "synthetic"))
CFPB = SHARED / "data" / "cfpb-complaints-sample" / "complaints_sample.csv"
TRANSCRIPTS = SHARED / "data" / "ftc-robocall-transcripts" / "metadata.csv"
SLICE = 25
#: A Sentinel callback number that is also the reference of a report of its own.
PHONE_AND_REF = "3152328257"
VICTIM_PHONE = "+15125550187"
EXTRA = [
    {"source": "partner_us", "source_ref": PHONE_AND_REF, "jurisdiction": "US",
     "received_at": "2021-06-01T10:00:00Z", "text": "Caller claimed to be Apple Support"},
    {"source": "partner_us", "source_ref": "WS-VICTIM-1", "jurisdiction": "US",
     "received_at": "2021-06-02T10:00:00Z", "text": "Gift card scam, no number given",
     "victim": {"name": "Pat Doe", "phone": VICTIM_PHONE}},
]  # fmt: skip


def head_rows(src: Path, dst: Path, n: int) -> list[dict[str, str]]:
    """The header and first ``n`` rows of a CSV file, written to ``dst``; the rows."""
    with src.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        rows = [row for _i, row in zip(range(n), reader, strict=False)]
        fields = reader.fieldnames or []
    with dst.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return rows


def build_workspace(
    tmp: Path, database_url: str
) -> Iterator[tuple[Env, dict[str, list[dict[str, str]]]]]:
    """The node on ``database_url`` (from :func:`support.testdb.database_url`, so that
    the PostgreSQL pass runs it there), and the rows of the shared-data slices it
    imported (by file)."""
    settings = Settings(home=tmp / "home", database_url=database_url)
    for env in build_env(settings):
        files = [DEMO / "ncrp_complaints.csv", DEMO / "sentinel_reports.csv"]
        sliced: dict[str, list[dict[str, str]]] = {}
        if CFPB.is_file():
            sliced["cfpb"] = head_rows(CFPB, tmp / "cfpb.csv", SLICE)
            files.append(tmp / "cfpb.csv")
        if TRANSCRIPTS.is_file():
            sliced["transcripts"] = head_rows(TRANSCRIPTS, tmp / "transcripts.csv", SLICE)
            files.append(tmp / "transcripts.csv")
        extra = tmp / "extra.jsonl"
        extra.write_text("".join(json.dumps(r) + "\n" for r in EXTRA), encoding="utf-8")
        files.append(extra)
        import_paths(settings, files, store=env.node.store)
        yield env, sliced
    testdb.release(settings.database_url)
