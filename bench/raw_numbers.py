"""How many Do-Not-Call complaints carry a caller number no numbering plan accepts, and
are therefore findable only as reported (``phone_raw``).

Reads the FTC DNC files (the bundled eight days by default, or the files given), runs
each complaint through the same extraction stage the importer uses, and prints: the
complaints, those with a valid phone number, those with a raw (invalid, as reported)
number, those with neither (``830Unknown``, ``1800number``), the distinct raw numbers and
the most repeated ones (which link their complaints).

    PYTHONPATH=src python bench/raw_numbers.py
    PYTHONPATH=src python bench/raw_numbers.py ../shared/data/ftc-dnc-reported-numbers/*.json
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

from crossline.demo_data import DEMO_DIR
from crossline.domain import Report
from crossline.ingest.base import ReadOptions
from crossline.ingest.formats import detect
from crossline.ingest.stages import extract_reports


def main(argv: list[str]) -> int:
    files = [Path(a) for a in argv] or sorted(
        (DEMO_DIR / "ftc-dnc-reported-numbers").glob("*.json")
    )
    started = time.perf_counter()
    complaints = valid = raw = neither = 0
    repeats: Counter[str] = Counter()
    for path in files:
        reader = detect(path)
        items = [i for i in reader.read(path, ReadOptions()) if isinstance(i, Report)]
        for found in extract_reports(items, None):
            complaints += 1
            kinds = {s.found.kind for s in found.seen}
            if "phone" in kinds:
                valid += 1
            elif "phone_raw" in kinds:
                raw += 1
                repeats.update(s.found.value for s in found.seen if s.found.kind == "phone_raw")
            else:
                neither += 1
    seconds = time.perf_counter() - started
    print(f"files: {len(files)}  complaints: {complaints:,}  ({seconds:.1f} s)")
    print(f"valid phone number:            {valid:,}")
    print(f"raw number (findable as typed): {raw:,}")
    print(f"no number at all:              {neither:,}")
    print(
        f"distinct raw numbers: {len(repeats):,}; repeated (they link): "
        f"{sum(1 for n in repeats.values() if n > 1):,} numbers, "
        f"{sum(n for n in repeats.values() if n > 1):,} complaints"
    )
    for value, n in repeats.most_common(5):
        print(f"  {value}: {n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
