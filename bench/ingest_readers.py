"""Reader throughput: rows/s and MB/s of each source-format reader, peak memory.

    PYTHONPATH=src python bench/ingest_readers.py            # 1,000,000 rows per format
    PYTHONPATH=src python bench/ingest_readers.py -n 100000  # quicker

For each format a file of N synthetic complaints (~300-character narratives, 1-4
identifiers each, values repeated as in real data) is written to a temporary
folder, then read end to end (decode, parse, dates, ids) with the reader that
``detect`` picks. Prints one line per format and the ratio to the 50,000 reports/s
that the whole import (read -> extract -> store -> link) must reach. Rates are per
CPU-second of this process (one core), so other work on the machine does not
skew them; wall time is shown too.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from crossline.domain import Report
from crossline.ingest.base import ReadOptions
from crossline.ingest.formats import detect

STORY = (
    "caller said my account is blocked and asked me to pay a fee to unlock it then sent a "
    "link and told me not to tell anyone because the police would arrest me the agent was "
    "polite and knew my name and address and kept me on the phone for two hours"
)
WORDS = STORY.split(" ")
TARGET = 50_000  # end-to-end reports/s the import must reach


def narrative(rng: random.Random) -> str:
    return " ".join(rng.choices(WORDS, k=55))[:300]


def pools(rng: random.Random) -> dict[str, list[str]]:
    # Few values used many times, as in real complaint data.
    return {
        "phone": [f"9{rng.randrange(10**8, 10**9)}" for _ in range(20_000)],
        "upi": [f"pay{rng.randrange(10**6)}@ybl" for _ in range(20_000)],
        "account": [str(rng.randrange(10**10, 10**11)) for _ in range(10_000)],
    }


def ncrp_rows(n: int, rng: random.Random) -> tuple[list[str], Callable[[int], list[str]]]:
    p = pools(rng)
    header = ["acknowledgement_no", "complaint_date", "incident_datetime", "state", "district",
              "sub_category", "suspect_mobile", "suspect_upi_id", "suspect_bank_account",
              "suspect_ifsc", "amount", "description"]  # fmt: skip

    def row(i: int) -> list[str]:
        k = rng.randrange(1, 5)
        return [
            f"{31000000000000 + i}",
            f"{1 + i % 28:02d}/04/2021 {i % 24:02d}:{i % 60:02d}:00",
            f"{1 + i % 28:02d}-04-2021 {i % 24:02d}:05",
            "Maharashtra",
            "Pune",
            "UPI Related Frauds",
            rng.choice(p["phone"]),
            rng.choice(p["upi"]) if k > 1 else "",
            rng.choice(p["account"]) if k > 2 else "",
            "SBIN0001234" if k > 2 else "",
            f"{rng.randrange(100, 200000):,}",
            narrative(rng),
        ]

    return header, row


def sentinel_rows(n: int, rng: random.Random) -> tuple[list[str], Callable[[int], list[str]]]:
    p = pools(rng)
    header = ["Reference Number", "Date Received", "Contact Method", "Representative Phone",
              "Amount Paid", "Payment Method", "Narrative", "Consumer State"]  # fmt: skip

    def row(i: int) -> list[str]:
        return [f"SN-{i}", f"4/{1 + i % 28}/2021", "Phone call", rng.choice(p["phone"]),
                f"${rng.randrange(1, 5000):,}.00", "Gift card", narrative(rng), "TX"]  # fmt: skip

    return header, row


def dnc_rows(n: int, rng: random.Random) -> tuple[list[str], Callable[[int], list[str]]]:
    p = pools(rng)
    header = ["Company_Phone_Number", "Created_Date", "Violation_Date", "Consumer_City",
              "Consumer_State", "Consumer_Area_Code", "Subject",
              "Recorded_Message_Or_Robocall"]  # fmt: skip

    def row(i: int) -> list[str]:
        return [rng.choice(p["phone"]), f"2021-04-14 {i % 24:02d}:{i % 60:02d}:{i % 59:02d}",
                "2021-04-13 18:22:00", "Austin", "Texas", "512", "Imposters", "Y"]  # fmt: skip

    return header, row


def write_csv(path: Path, n: int, make: Callable) -> None:  # type: ignore[type-arg]
    header, row = make(n, random.Random(1))
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(row(i) for i in range(n))


def write_jsonl(path: Path, n: int) -> None:
    rng = random.Random(1)
    p = pools(rng)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            record = {
                "source": "bench", "source_ref": str(i), "jurisdiction": "IN",
                "received_at": "2021-04-14T05:00:00Z", "text": narrative(rng),
                "amount_lost": "1500.00", "currency": "INR",
                "suspects": [{"field": "suspect_mobile", "value": rng.choice(p["phone"]),
                              "kind": "phone"}],
            }  # fmt: skip
            fh.write(json.dumps(record) + "\n")


def measure(path: Path) -> tuple[str, int, int, float, float]:
    reader = detect(path)
    start, cpu = time.perf_counter(), time.process_time()
    good = bad = 0
    for item in reader.read(path, ReadOptions()):
        if isinstance(item, Report):
            good += 1
        else:
            bad += 1
    return reader.name, good, bad, time.perf_counter() - start, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=1_000_000, help="rows per format")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = {
            "ncrp.csv": lambda p: write_csv(p, args.n, ncrp_rows),
            "sentinel.csv": lambda p: write_csv(p, args.n, sentinel_rows),
            "dnc.csv": lambda p: write_csv(p, args.n, dnc_rows),
            "reports.jsonl": lambda p: write_jsonl(p, args.n),
        }
        print(f"rows per file: {args.n:,}")
        print(f"{'format':<22}{'reports':>10}{'rejected':>9}{'wall s':>8}{'cpu s':>7}"
              f"{'rows/cpu-s':>12}{'MB/cpu-s':>10}{'x 50k/s':>9}")  # fmt: skip
        for name, make in files.items():
            path = Path(tmp) / name
            make(path)
            size = path.stat().st_size / 1e6
            fmt, good, bad, seconds, cpu = measure(path)
            rate = (good + bad) / cpu
            print(f"{fmt:<22}{good:>10,}{bad:>9,}{seconds:>8.2f}{cpu:>7.2f}{rate:>12,.0f}"
                  f"{size / cpu:>10.1f}{rate / TARGET:>9.2f}")  # fmt: skip
            path.unlink()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS): {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
