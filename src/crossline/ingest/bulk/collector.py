"""Fewer runs of Python's cyclic garbage collector while a bulk import works.

A bulk import allocates millions of small objects that form no cycles (reports, found
values, rows, the worker processes' answers as they are unpickled). The collector runs
each time 700 more objects are alive than were freed, and each run walks the young
objects again: on a 20,000-row chunk, unpickling a worker's answer took five times as
long with the default threshold as without the collector. Cycles are still collected,
every :data:`YOUNG` allocations instead of every 700.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG = 100_000  # allocations between young collections (Python's default: 700)


@contextmanager
def fewer_collections(young: int = YOUNG) -> Iterator[None]:
    """Raise the young generation's threshold for the block, restored after."""
    before = gc.get_threshold()
    gc.set_threshold(max(young, before[0]), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def worker_setup(young: int = YOUNG) -> None:
    """In a worker process: what was loaded to start it (modules, the classifier's
    model) lives as long as the process, so no collection need walk it again."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(young, *gc.get_threshold()[1:])
