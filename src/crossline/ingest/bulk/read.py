"""Reading a file in chunks, with the CPU stage (:mod:`.prepare`) in worker processes.

The reader runs in the importing process and hands chunks of items to ``workers``
processes; their answers come back in file order, while the importing process (the
one writer) stores the previous chunks. At most ``2 * workers`` chunks are in flight,
so memory stays bounded by the chunk size, not the file size. ``workers=0`` works in
the importing process (small files, tests, hosts where processes cannot be started).
"""

from __future__ import annotations

import copyreg
import multiprocessing
import types
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import chain, islice
from multiprocessing.pool import AsyncResult
from typing import Any

from crossline.errors import IngestError
from crossline.ingest.base import Item
from crossline.ingest.bulk.collector import worker_setup
from crossline.ingest.bulk.prepare import Context, Worked, prepare
from crossline.ingest.runner import batches

_CONTEXT: Context | None = None  # the worker's copy, set once when it starts


def _proxy(values: dict[Any, Any]) -> types.MappingProxyType:
    return types.MappingProxyType(values)


def _mapping(proxy: types.MappingProxyType) -> tuple[Any, tuple[dict[Any, Any]]]:
    return _proxy, (dict(proxy),)


# Found values keep their details read-only (a mapping proxy), which pickle refuses:
# sent between processes as the dict they wrap.
copyreg.pickle(types.MappingProxyType, _mapping)


def _start(ctx: Context) -> None:
    global _CONTEXT
    _CONTEXT = ctx
    worker_setup()


def _work(items: list[Item]) -> Worked:
    assert _CONTEXT is not None, "worker started without its context"
    return prepare(items, _CONTEXT)


def prepared(
    items: Iterable[Item], ctx: Context, *, chunk_size: int, workers: int
) -> Iterator[tuple[list[Item], Worked]]:
    """The items in chunks of ``chunk_size``, in order, each with its reports worked
    (the chunk stays here: only what the worker made of it comes back)."""
    chunks = batches(items, chunk_size)
    head = list(islice(chunks, 2))
    if workers <= 0 or len(head) < 2:
        # One chunk in all: starting a worker would cost more than it saves.
        for chunk in chain(head, chunks):
            yield chunk, prepare(chunk, ctx)
        return
    # "spawn": a fresh interpreter per worker, safe in a process that runs threads
    # (the web app's job thread); fork could copy a lock held by another thread.
    mp = multiprocessing.get_context("spawn")
    pool = mp.Pool(workers, initializer=_start, initargs=(ctx,))
    try:
        pending: deque[tuple[list[Item], AsyncResult[Any]]] = deque()
        for chunk in chain(head, chunks):
            pending.append((chunk, pool.apply_async(_work, (chunk,))))
            if len(pending) >= 2 * workers:
                sent, result = pending.popleft()
                yield sent, _get(result)
        while pending:
            sent, result = pending.popleft()
            yield sent, _get(result)
        pool.close()  # every answer is in: let the workers finish and be reaped
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()


def _get(result: AsyncResult[Any]) -> Worked:
    """A worker's answer; a failure to send it back is reported without its content
    (the rows hold victims' personal data, which must not reach a log)."""
    try:
        return result.get()
    except multiprocessing.pool.MaybeEncodingError as exc:  # type: ignore[attr-defined]
        reason = str(exc).rsplit("Reason: ", 1)[-1][:200]
        raise IngestError(f"a worker could not send a chunk back: {reason}") from None
