"""A serving process keeps the import path's value caches within its bound."""

from __future__ import annotations

import functools
import time

import pytest

from crossline import domain
from crossline.errors import ConfigError
from crossline.indicators import classify
from crossline.ops import caches


def _filled(maxsize: int | None, entries: int) -> functools._lru_cache_wrapper:
    @functools.lru_cache(maxsize=maxsize)
    def double(n: int) -> int:
        return 2 * n

    for n in range(entries):
        double(n)
    return double


@pytest.mark.parametrize(
    ("maxsize", "entries", "limit", "kept"),
    [(None, 5_000, 1_000, 0), (1 << 17, 5_000, 1_000, 0), (None, 1_000, 1_000, 1_000),
     (None, 10, 1_000, 10), (64, 5_000, 1_000, 64)],
    ids=["unbounded-over", "large-bound-over", "at-limit", "under", "own-bound-under"],
)  # fmt: skip
def test_a_cache_over_the_limit_is_cleared(maxsize, entries, limit, kept) -> None:
    cache = _filled(maxsize, entries)
    caches.trim(limit, [cache])
    assert cache.cache_info().currsize == kept
    assert cache(21) == 42  # still answers: only its memory went


def test_the_loaded_modules_caches_are_found() -> None:
    found = caches.value_caches()
    assert domain.indicator_id in found
    assert len({id(c) for c in found}) == len(found)


def test_trimming_bounds_the_real_caches(monkeypatch) -> None:
    domain.indicator_id.cache_clear()
    for n in range(300):
        domain.indicator_id("phone", f"+1202555{n:04d}")
    assert domain.indicator_id.cache_info().currsize >= 300
    caches.trim(100)
    assert domain.indicator_id.cache_info().currsize <= 100
    assert classify.cache_stats()[2] <= 100


def test_off_unless_the_bound_is_set(monkeypatch) -> None:
    monkeypatch.delenv(caches.ENV, raising=False)
    assert caches.start_from_env() is None


@pytest.mark.parametrize("setting", ["0", "-3", "many"])
def test_a_bound_that_is_not_a_count_is_refused(monkeypatch, setting) -> None:
    monkeypatch.setenv(caches.ENV, setting)
    with pytest.raises(ConfigError, match=caches.ENV):
        caches.start_from_env()


def test_the_thread_trims_while_the_server_runs(monkeypatch) -> None:
    monkeypatch.setenv(caches.ENV, "50")
    domain.indicator_id.cache_clear()
    trimmer = caches.start_from_env(interval=0.05)
    assert trimmer is not None
    try:
        for n in range(200):
            domain.indicator_id("upi", f"soak{n}@okaxis")
        deadline = time.monotonic() + 10
        while domain.indicator_id.cache_info().currsize > 50 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert domain.indicator_id.cache_info().currsize <= 50
    finally:
        trimmer.close()
