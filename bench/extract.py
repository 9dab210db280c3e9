"""Benchmark of the indicator extractor on generated, realistic fraud text.

Generates (seeded) complaint narratives, scam SMS and call transcripts, US and Indian,
with indicators at realistic density and heavy repetition (a few thousand callback
numbers, handles and sites shared by many messages, as in real campaigns), plus the
usual noise: amounts, dates, times, order and reference numbers, OTPs, masked digits.

Prints, for the batch path (``extract_many``) and the candidate scan alone, MB/s and
messages/s, how many candidates were read and how many distinct ones (each is read
once), and the latency of ``extract`` on single messages.

    PYTHONPATH=src python bench/extract.py            # ~200 MB
    PYTHONPATH=src python bench/extract.py --mb 20    # quick run
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time

from crossline.indicators import extract, extract_many
from crossline.indicators.classify import cache_clear, cache_stats
from crossline.indicators.scan import fold, scan_batch, scan_batch_matches

_PROSE = (
    "the your account has been we are calling from about a recent order please to verify "
    "immediately or it will be suspended today customer support team refund department "
    "amount charged on card dear sir madam kindly note that payment was received through "
    "bank transfer and they asked me for the code after which money was debited I lost "
    "all my savings police complaint filed with cyber cell regarding fraud call received "
    "from unknown number claiming to be officer of the government agency warrant arrest"
)
WORDS = _PROSE.split()
PSPS = ["ybl", "okaxis", "paytm", "oksbi", "ibl"]


def _phone_us(rng: random.Random) -> str:
    area = rng.choice(["833", "844", "855", "877", "888", "202", "415", "714", "949", "312"])
    ex = rng.randint(200, 999)
    line = rng.randint(0, 9999)
    form = rng.randint(0, 4)
    if form == 0:
        return f"{area}-{ex}-{line:04d}"
    if form == 1:
        return f"({area}) {ex}-{line:04d}"
    if form == 2:
        return f"+1 {area} {ex} {line:04d}"
    if form == 3:
        return f"1-{area}-{ex}-{line:04d}"
    return f"{area}{ex}{line:04d}"


def _phone_in(rng: random.Random) -> str:
    head = rng.choice("6789") + f"{rng.randint(0, 9999):04d}"
    tail = f"{rng.randint(0, 99999):05d}"
    form = rng.randint(0, 4)
    if form == 0:
        return f"{head}{tail}"
    if form == 1:
        return f"+91 {head} {tail}"
    if form == 2:
        return f"0{head} {tail}"
    if form == 3:
        return f"+91-{head}-{tail}"
    return f"{head} {tail}"


def _site(rng: random.Random) -> str:
    brand = rng.choice(
        ["amazon", "paytm", "sbi", "usps", "irs", "chase", "kyc", "refund", "parcel"]
    )
    word = rng.choice(["verify", "update", "secure", "help", "support", "claim", "login"])
    tld = rng.choice(["com", "in", "xyz", "top", "online", "info", "live", "co.in"])
    return f"{brand}-{word}{rng.randint(1, 99)}.{tld}"


def _pools(rng: random.Random) -> dict[str, list[str]]:
    return {
        "us": [_phone_us(rng) for _ in range(3000)],
        "in": [_phone_in(rng) for _ in range(3000)],
        "site": [_site(rng) for _ in range(2000)],
        "upi": [
            f"{rng.choice(WORDS)}{rng.randint(1, 999)}@{rng.choice(PSPS)}" for _ in range(1500)
        ],
        "email": [
            f"{rng.choice(WORDS)}.{rng.choice(WORDS)}{rng.randint(1, 99)}@gmail.com"
            for _ in range(1500)
        ],
    }


def _pick(rng: random.Random, pool: list[str]) -> str:
    # Zipf-like reuse: a few campaigns account for most messages.
    return pool[min(len(pool) - 1, int(rng.paretovariate(1.2)) - 1)]


def _noise(rng: random.Random) -> str:
    return rng.choice(
        [
            f"Rs. {rng.randint(1, 99)},{rng.randint(0, 99):02d},000",
            f"${rng.randint(10, 5000)}.{rng.randint(0, 99):02d}",
            f"on {rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2023",
            f"at {rng.randint(1, 12)}:{rng.randint(0, 59):02d} pm",
            f"order #{rng.randint(100, 999)}-{rng.randint(10**6, 10**7 - 1)}-"
            f"{rng.randint(10**6, 10**7 - 1)}",
            f"OTP {rng.randint(100000, 999999)}",
            f"ref no {rng.randint(10**9, 10**10 - 1)}",
            f"card XXXX XXXX XXXX {rng.randint(1000, 9999)}",
            f"{rng.randint(1, 9)} lakh",
        ]
    )


def message(rng: random.Random, pools: dict[str, list[str]]) -> tuple[str, str]:
    """One generated message and its region."""
    region = "IN" if rng.random() < 0.5 else "US"
    kind = rng.random()
    n_words = rng.randint(20, 120) if kind < 0.5 else rng.randint(8, 30)
    parts = [rng.choice(WORDS) for _ in range(n_words)]
    inserts = []
    if rng.random() < 0.7:
        inserts.append("call " + _pick(rng, pools["in" if region == "IN" else "us"]))
    if rng.random() < 0.35:
        site = _pick(rng, pools["site"])
        inserts.append(
            rng.choice(
                [f"visit https://{site}/login", f"hxxp://{site.replace('.', '[.]')}", f"www.{site}"]
            )
        )
    if region == "IN" and rng.random() < 0.25:
        inserts.append("pay to " + _pick(rng, pools["upi"]))
    if rng.random() < 0.15:
        inserts.append("email " + _pick(rng, pools["email"]))
    for _ in range(rng.randint(0, 3)):
        inserts.append(_noise(rng))
    for item in inserts:
        parts.insert(rng.randint(0, len(parts)), item)
    return " ".join(parts) + ".", region


def generate(megabytes: float, seed: int = 7) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    pools = _pools(rng)
    texts: list[str] = []
    regions: list[str] = []
    size = 0
    target = megabytes * 1_000_000
    while size < target:
        text, region = message(rng, pools)
        texts.append(text)
        regions.append(region)
        size += len(text.encode())
    return texts, regions


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=200.0, help="size of generated text (MB)")
    parser.add_argument("--chunk", type=int, default=200_000, help="messages per extract_many call")
    parser.add_argument("--single", type=int, default=2000, help="messages timed one by one")
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    texts, regions = generate(args.mb)
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    print(
        f"generated {len(texts):,} messages, {megabytes:.1f} MB in {time.perf_counter() - t0:.1f} s"
    )
    load = os.getloadavg()[0]
    print(f"cores available: {len(os.sched_getaffinity(0))}, load average now {load:.1f}")

    folded = [fold(t) for t in texts]
    t0, c0 = time.perf_counter(), time.process_time()
    for lo in range(0, len(folded), args.chunk):
        scan_batch_matches(folded[lo : lo + args.chunk])
    regex_s, regex_cpu = time.perf_counter() - t0, time.process_time() - c0
    print(
        f"  regex passes only {megabytes / regex_s:8.1f} MB/s  {len(texts) / regex_s:12,.0f} msg/s"
        f"  (cpu {megabytes / regex_cpu:.0f} MB per cpu-second)"
    )
    t0, c0 = time.perf_counter(), time.process_time()
    tokens = 0
    for lo in range(0, len(folded), args.chunk):
        tokens += sum(len(x) for x in scan_batch(folded[lo : lo + args.chunk]))
    scan_s, scan_cpu = time.perf_counter() - t0, time.process_time() - c0
    print(
        f"candidate scan      {megabytes / scan_s:8.1f} MB/s  {len(texts) / scan_s:12,.0f} msg/s"
        f"  ({tokens:,} candidates with offsets; cpu {megabytes / scan_cpu:.0f} MB per cpu-second)"
    )

    cache_clear()
    t0, c0 = time.perf_counter(), time.process_time()
    found = 0
    for lo in range(0, len(texts), args.chunk):
        batch = extract_many(texts[lo : lo + args.chunk], regions[lo : lo + args.chunk])
        found += sum(len(x) for x in batch)
    full_s, full_cpu = time.perf_counter() - t0, time.process_time() - c0
    hits, misses, _ = cache_stats()
    print(
        f"extract_many        {megabytes / full_s:8.1f} MB/s  {len(texts) / full_s:12,.0f} msg/s"
        f"  ({found:,} indicators, {full_s:.1f} s;"
        f" cpu {megabytes / full_cpu:.0f} MB per cpu-second)"
    )
    print(
        f"distinct candidates read: {misses:,} of {hits + misses:,} "
        f"({hits / max(1, hits + misses):.1%} served from the cache)"
    )
    print(f"scan share of extract_many time: {scan_s / full_s:.0%}")

    sample = texts[: args.single]
    sample_regions = regions[: args.single]
    cache_clear()
    latencies = []
    for text, region in zip(sample, sample_regions, strict=True):
        t1 = time.perf_counter()
        extract(text, region)
        latencies.append((time.perf_counter() - t1) * 1e6)
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(
        f"extract (one message, cold cache) median {statistics.median(latencies):7.0f} us"
        f"  p95 {p95:7.0f} us  (mean length {sum(map(len, sample)) / len(sample):.0f} chars)"
    )
    latencies = []
    for text, region in zip(sample, sample_regions, strict=True):
        t1 = time.perf_counter()
        extract(text, region)
        latencies.append((time.perf_counter() - t1) * 1e6)
    print(f"extract (one message, warm cache) median {statistics.median(latencies):7.0f} us")


if __name__ == "__main__":
    sys.exit(main())
