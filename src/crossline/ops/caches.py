"""A serving process's bound on the value caches of the import path.

Reading values is memoized at module level (``functools.lru_cache`` on phone parsing,
normalization, indicator ids; the scanner's per-token cache), with bounds of 10^5 to
10^6 entries sized for a bulk import of millions of reports in one short-lived process.
A server lives for months and imports small batches of ever new values: such caches
fill for hours, and its memory climbs with them however flat the rest is.

When ``CROSSLINE_SERVER_CACHE_ENTRIES`` is set (``crossline serve`` sets it for its
processes), a thread clears, every ``interval`` seconds, each cache holding more than
that many entries, then gives the C allocator's free pages back to the system. A
cleared cache only costs its next misses; answers never change, since every cached
function is pure.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Iterable
from typing import Any

from crossline.background import RoundWorker
from crossline.errors import ConfigError
from crossline.indicators import classify
from crossline.ops import malloc

ENV = "CROSSLINE_SERVER_CACHE_ENTRIES"
#: Entries each value cache of a server process may hold (the serve default). A dozen
#: caches fill toward it at the rate new values arrive, slow ones for hours: at 16,384
#: a soak's Python objects still grew after a quarter of an hour; at 2,048 they were
#: flat within two minutes. Imports through a server come in small batches, whose
#: values repeat little beyond a few thousand.
SERVER_CACHE_ENTRIES = 4_096
#: Seconds between two looks at the caches.
INTERVAL = 30.0

# CPython's type of the functions lru_cache returns (not exported under a public name).
_LRU = functools._lru_cache_wrapper  # noqa: SLF001


def value_caches() -> list[Any]:
    """The lru caches at module level of every loaded ``crossline`` module (each once)."""
    found: dict[int, Any] = {}
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "crossline" or name.startswith("crossline.")):
            continue
        for obj in list(vars(module).values()):
            if isinstance(obj, _LRU):
                found.setdefault(id(obj), obj)
    return list(found.values())


def trim(limit: int, caches: Iterable[Any] | None = None) -> int:
    """Clear each cache holding more than ``limit`` entries (the loaded modules' lru
    caches and the scanner's, unless ``caches`` names others); how many were cleared."""
    cleared = 0
    for cache in value_caches() if caches is None else caches:
        if cache.cache_info().currsize > limit:
            cache.cache_clear()
            cleared += 1
    if caches is None and classify.cache_stats()[2] > limit:
        classify.cache_clear()
        cleared += 1
    return cleared


class Trimmer(RoundWorker):
    """The thread that trims the caches every ``interval`` seconds until closed."""

    def __init__(self, limit: int, interval: float = INTERVAL) -> None:
        self.limit = limit
        super().__init__("cache-trimmer", self.trim_once, interval=interval)

    def trim_once(self) -> None:
        """One round: caches over the limit cleared, freed memory given back."""
        trim(self.limit)
        # What the caches and the last peaks freed goes back to the system.
        malloc.release_free_memory()


def start_from_env(interval: float = INTERVAL) -> Trimmer | None:
    """Start trimming when ``CROSSLINE_SERVER_CACHE_ENTRIES`` is set; the trimmer, or None."""
    text = os.environ.get(ENV, "").strip()
    if not text:
        return None
    if not text.isdigit() or int(text) < 1:
        raise ConfigError(f"{ENV} must be a positive whole number of entries, found {text!r}")
    return Trimmer(int(text), interval).start()
