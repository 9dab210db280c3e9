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


AREA_CODES = [
    201,
    202,
    212,
    213,
    305,
    312,
    315,
    404,
    407,
    415,
    469,
    480,
    512,
    559,
    602,
    617,
    646,
    702,
    713,
    718,
    786,
    832,
    917,
    949,
]
TOLL_FREE = [800, 833, 844, 855, 866, 877, 888]
PSP = ["ybl", "okaxis", "paytm", "okhdfcbank", "upi", "oksbi", "ibl", "axl"]
IFSC = ["HDFC0001234", "SBIN0004567", "ICIC0007890", "UTIB0000123"]


def _value(rng: random.Random, kind: str) -> str:
    """One fresh, valid value of a kind, written as people write it."""
    if kind == "us":
        area = rng.choice(AREA_CODES + TOLL_FREE)
        exchange = rng.choice([e for e in range(201, 1000) if e % 100 != 11 and e != 555])
        return f"({area}) {exchange}-{rng.randint(0, 9999):04d}"
    if kind == "in":
        return f"+91 {rng.choice('6789')}{rng.randint(0, 9999):04d} {rng.randint(0, 99999):05d}"
    if kind == "upi":
        name = rng.choice(["raj", "help", "kyc", "pay", "amit", "desk", "refund", "task"])
        return f"{name}{rng.randint(1, 10**6)}@{rng.choice(PSP)}"
    if kind == "email":
        return f"support{rng.randint(1, 10**7)}@{rng.choice(['refund-desk.com', 'helpmail.net'])}"
    if kind == "url":
        return (
            f"https://kyc-{rng.randint(1, 10**7)}.{rng.choice(['com', 'in', 'xyz', 'top'])}/verify"
        )
    if kind == "account":
        return f"{rng.randint(10**10, 10**14)} IFSC {rng.choice(IFSC)}"
    return _btc(rng)


SLOTS = [
    ("us", "us", None),
    ("url", "in", "upi"),
    ("in", "upi", None),
    ("us", "account", "email"),
    ("btc", "us", "url"),
]


def complaints(n: int, seed: int = 7, pool_size: int | None = None) -> Iterator[Complaint]:
    """``n`` complaints with ~300-character narratives, grouped into campaigns.

    Campaign sizes are heavy-tailed (a few campaigns hold hundreds of complaints, most
    hold a handful); each complaint takes most of its values from its campaign's own
    values (callback numbers, handles, sites reused by one operation) and some fresh.
    """
    rng = random.Random(seed)
    n_campaigns = pool_size or max(10, n // 20)
    states = ["CA", "TX", "NY", "FL", "MH", "DL", "KA", "TN", "WB", "UP"]
    values: dict[tuple[int, str], list[str]] = {}
    for i in range(n):
        camp = (
            min(int(rng.paretovariate(0.9)) - 1, n_campaigns - 1)
            if rng.random() < 0.5
            else rng.randrange(n_campaigns)
        )
        t = camp % len(TEMPLATES)
        filled = []
        for kind in SLOTS[t]:
            if kind is None:
                filled.append("")
                continue
            pool = values.setdefault((camp, kind), [])
            if pool and rng.random() < 0.8:
                filled.append(rng.choice(pool))
            else:
                fresh = _value(rng, kind)
                if len(pool) < 4:
                    pool.append(fresh)
                filled.append(fresh)
        a, b, c = filled
        yield Complaint(f"B{i:08d}", rng.choice(states), TEMPLATES[t].format(a=a, b=b, c=c))
