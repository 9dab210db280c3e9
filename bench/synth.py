"""Seeded synthetic complaints for benchmarks: realistic length, 1-4 indicators each,
values repeated as in real data (a few numbers and handles reported very often)."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass

import base58

B58_VERSION_P2PKH = b"\x00"

TEMPLATES = [
    "I got a call from {a} saying my Social Security number was suspended and a warrant "
    "would be issued unless I paid. The caller said to call back on {b} and buy gift cards. "
    "I paid before I realised it was a scam and my bank could not reverse it.",
    "Received SMS that my KYC is pending and account will be blocked today. Link {a} asked "
    "for card details and OTP. Then someone called from {b} and asked me to send Rs 15,000 "
    "to UPI {c} to reactivate. Money gone, please help.",
    "A man on WhatsApp {a} offered a part time job liking videos. After small payouts he "
    "asked me to deposit for a premium task to {b}; the app showed profits but I cannot "
    "withdraw. Total lost about 2 lakh in 5 transactions.",
    "Caller from {a} said he was from Microsoft and my computer had a virus. He installed "
    "remote software and asked for a refund fee. He told me to wire money to account {b} "
    "and email receipts to {c}. I called my bank the next day.",
    "They said I won a lottery and must pay taxes first. Payment to bitcoin wallet {a} and "
    "a follow-up call from {b}. The website {c} looked official but it was not.",
]


@dataclass(frozen=True, slots=True)
class Complaint:
    ref: str
    state: str
    narrative: str


def _btc(rng: random.Random) -> str:
    payload = B58_VERSION_P2PKH + rng.randbytes(20)
    check = hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    return base58.b58encode(payload + check).decode()


def _pools(rng: random.Random, size: int) -> dict[str, list[str]]:
    us = [
        f"({rng.randint(201, 989)}) {rng.randint(200, 999)}-{rng.randint(0, 9999):04d}"
        for _ in range(size)
    ]
    india = [
        f"+91 {rng.choice('6789')}{rng.randint(0, 9999):04d} {rng.randint(0, 99999):05d}"
        for _ in range(size)
    ]
    psp = ["ybl", "okaxis", "paytm", "okhdfcbank", "upi", "oksbi", "ibl", "axl"]
    upi = [
        f"{rng.choice(['raj', 'help', 'kyc', 'pay', 'amit', 'desk'])}{rng.randint(1, 99999)}"
        f"@{rng.choice(psp)}"
        for _ in range(size)
    ]
    emails = [
        f"support{rng.randint(1, 10**6)}@{rng.choice(['refund-desk.com', 'helpmail.net'])}"
        for _ in range(size)
    ]
    urls = [
        f"https://kyc-{rng.randint(1, 10**6)}.{rng.choice(['com', 'in', 'xyz', 'top'])}/verify"
        for _ in range(size)
    ]
    ifsc = ["HDFC0001234", "SBIN0004567", "ICIC0007890", "UTIB0000123"]
    accounts = [f"{rng.randint(10**10, 10**14)} IFSC {rng.choice(ifsc)}" for _ in range(size)]
    btc = [_btc(rng) for _ in range(size // 4)]
    return {
        "us": us,
        "in": india,
        "upi": upi,
        "email": emails,
        "url": urls,
        "account": accounts,
        "btc": btc,
    }


def _pick(rng: random.Random, pool: list[str]) -> str:
    # Heavy-tailed reuse: most values are seen once, a few very often.
    idx = int(rng.paretovariate(1.2)) - 1
    return pool[min(idx * 7919 % len(pool), len(pool) - 1)] if idx < 50 else rng.choice(pool)


def complaints(n: int, seed: int = 7, pool_size: int = 200_000) -> Iterator[Complaint]:
    """``n`` complaints with ~300-character narratives."""
    rng = random.Random(seed)
    pools = _pools(rng, pool_size)
    states = ["CA", "TX", "NY", "FL", "MH", "DL", "KA", "TN", "WB", "UP"]
    slots = [
        ("us", "us", None),
        ("url", "in", "upi"),
        ("in", "upi", None),
        ("us", "account", "email"),
        ("btc", "us", "url"),
    ]
    for i in range(n):
        t = rng.randrange(len(TEMPLATES))
        a, b, c = (_pick(rng, pools[k]) if k else "" for k in slots[t])
        yield Complaint(f"B{i:08d}", rng.choice(states), TEMPLATES[t].format(a=a, b=b, c=c))
