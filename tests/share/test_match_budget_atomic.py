"""A partner's matching budget holds under simultaneous requests, on both engines.

Checking the budget and charging it are one step: two requests that arrive together
must not both see the same remaining budget and both spend it.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest

from crossline.errors import RateLimitedError
from crossline.share import matching as mt
from crossline.share.partners import Partner
from crossline.store import Store

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)

# (threads, values per request, per-day budget): how many requests the budget pays for.
CASES = [
    ("16x10-of-50", 16, 10, 50),
    ("12x7-of-20", 12, 7, 20),
]


def partner(name: str) -> Partner:
    return Partner(
        id=f"00000000-0000-5000-8000-{abs(hash(name)) % 10**12:012d}",
        name=name, country="IN", public_key="k", key_id=name, base_url=None,
        org_id=None, active=True,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("threads", "count", "per_day"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_simultaneous_requests_never_overspend(
    store: Store, threads: int, count: int, per_day: int
) -> None:
    p = partner("india-psi")
    mt.set_budget(store, p, per_request=count, per_day=per_day)
    start = threading.Barrier(threads)
    outcomes: list[str] = []
    lock = threading.Lock()

    def ask(n: int) -> None:
        start.wait()
        try:
            mt.charge(store, p, mode="psi", endpoint="psi", count=count, actor=f"t{n}", now=NOW)
            result = "ok"
        except RateLimitedError:
            result = "over"
        with lock:
            outcomes.append(result)

    workers = [threading.Thread(target=ask, args=(n,)) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    paid = per_day // count
    assert outcomes.count("ok") == paid
    assert outcomes.count("over") == threads - paid
    logged = [q for q in mt.list_queries(store, limit=1000) if q["outcome"] == "ok"]
    assert sum(q["values"] for q in logged) <= per_day
