"""Seeded generator of the synthetic demo sets bundled in ``crossline.demo_data``.

* An India-side NCRP-style complaint set: realistic fields (states, districts,
  NCRP categories, English and Hinglish narratives, +91 mobiles, UPI handles on
  real PSP suffixes, accounts with real banks' IFSC prefixes, INR amounts, UTRs)
  forming planted campaigns, plus unrelated complaints.
* A US-side Consumer-Sentinel-style set.

Both share values with the real public US data bundled beside them (callback
numbers spoken in the FTC robocall transcripts and complained about in the DNC
files: 833-304-1447, 315-232-8257, 407-351-3878, 833-631-7911 ...) and with each
other (a mule account paid from both sides), so cross-border campaigns appear.

Every row is marked ``synthetic=yes``. Identifiers other than those real public
numbers are random; they may coincide with real allocations and must never be
used operationally. Regenerate with ``python -m crossline.ingest.synthetic DIR``:
the same seed gives byte-identical files.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

from crossline.ingest.synthetic.base import NCRP_COLUMNS, SEED, SENTINEL_COLUMNS
from crossline.ingest.synthetic.india import generate_ncrp
from crossline.ingest.synthetic.us import generate_sentinel

__all__ = ["SEED", "generate_ncrp", "generate_sentinel", "main", "write_demo"]


def _csv_text(rows: list[dict[str, str]], columns: tuple[str, ...]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def write_demo(directory: Path, seed: int = SEED) -> list[Path]:
    """Write the synthetic sets and their ground truth into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    ncrp, ncrp_truth = generate_ncrp(seed)
    sentinel, sentinel_truth = generate_sentinel(seed)
    files = {
        "ncrp_complaints.csv": _csv_text(ncrp, NCRP_COLUMNS),
        "sentinel_reports.csv": _csv_text(sentinel, SENTINEL_COLUMNS),
        "planted_campaigns.json": json.dumps(
            {"seed": seed, "ncrp": ncrp_truth, "sentinel": sentinel_truth},
            indent=1,
            ensure_ascii=False,
        )
        + "\n",
    }
    paths = []
    for name, text in files.items():
        path = directory / name
        path.write_text(text, encoding="utf-8", newline="")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    """``python -m crossline.ingest.synthetic DIR [SEED]``."""
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("usage: python -m crossline.ingest.synthetic DIR [SEED]", file=sys.stderr)
        return 2
    for path in write_demo(Path(args[0]), int(args[1]) if len(args) > 1 else SEED):
        print(path)
    return 0
