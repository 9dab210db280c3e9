"""Reading a file in chunks, with the CPU stage (:mod:`.prepare`) in worker processes.

The reader runs in the importing process and hands chunks of items to ``workers``
processes; their answers come back in file order, while the importing process (the
one writer) stores the previous chunks. At most ``2 * workers`` chunks are in flight,
so memory stays bounded by the chunk size, not the file size. ``workers=0`` works in
the importing process (small files, tests, hosts where processes cannot be started).
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.pool import AsyncResult
from typing import Any

from crossline.domain import Rejected
from crossline.ingest.base import Item
from crossline.ingest.bulk.prepare import Context, Ready, prepare
from crossline.ingest.runner import batches

_CONTEXT: Context | None = None  # the worker's copy, set once when it starts


def _start(ctx: Context) -> None:
    global _CONTEXT
    _CONTEXT = ctx


def _work(items: list[Item]) -> list[Ready | Rejected]:
    assert _CONTEXT is not None, "worker started without its context"
    return prepare(items, _CONTEXT)


def prepared(
    items: Iterable[Item], ctx: Context, *, chunk_size: int, workers: int
) -> Iterator[list[Ready | Rejected]]:
    """The items in chunks of ``chunk_size``, worked, in order."""
    if workers <= 0:
        for chunk in batches(items, chunk_size):
            yield prepare(chunk, ctx)
        return
    # "spawn": a fresh interpreter per worker, safe in a process that runs threads
    # (the web app's job thread); fork could copy a lock held by another thread.
    mp = multiprocessing.get_context("spawn")
    with mp.Pool(workers, initializer=_start, initargs=(ctx,)) as pool:
        pending: deque[AsyncResult[Any]] = deque()
        for chunk in batches(items, chunk_size):
            pending.append(pool.apply_async(_work, (chunk,)))
            if len(pending) >= 2 * workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
