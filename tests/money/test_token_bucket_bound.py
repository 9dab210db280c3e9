"""The registry's rate limiter keeps a bounded number of buckets, however many clients
ask, and bounding it never lets a client that spent its burst start afresh while the
full buckets of idle clients can go instead."""

from __future__ import annotations

import pytest

from crossline.money.registry import TokenBucket


@pytest.mark.parametrize(("cap", "clients"), [(10, 11), (10, 1_000), (100, 5_000)])
def test_buckets_never_exceed_their_bound(cap: int, clients: int) -> None:
    now = [0.0]
    bucket = TokenBucket(rate=1.0, burst=3.0, clock=lambda: now[0], max_clients=cap)
    for i in range(clients):
        now[0] += 0.001
        bucket.take(f"client-{i}")
        assert len(bucket) <= cap


def test_idle_full_buckets_go_before_a_spent_one() -> None:
    now = [0.0]
    bucket = TokenBucket(rate=1.0, burst=2.0, clock=lambda: now[0], max_clients=3)
    assert [bucket.take("busy"), bucket.take("busy")] == [0.0, 0.0]  # burst spent
    bucket.take("idle-1")
    now[0] = 1.5  # idle-1 refilled to full; busy has 1.5 tokens
    bucket.take("idle-2")
    bucket.take("idle-3")  # a fourth client: the full bucket goes, the spent one stays
    assert len(bucket) == 3
    assert bucket.take("busy") == 0.0  # 1.5 tokens: one request
    assert bucket.take("busy") > 0  # 0.5 left: the spent burst is remembered


def test_least_recently_used_goes_when_none_is_full() -> None:
    now = [0.0]
    bucket = TokenBucket(rate=0.001, burst=1.0, clock=lambda: now[0], max_clients=2)
    for client in ("a", "b", "a", "c"):  # "b" is the least recently used when "c" comes
        bucket.take(client)
    assert bucket.take("a") > 0  # "a" kept: still waiting
    assert bucket.take("b") == 0.0  # "b" was dropped: a fresh bucket
