"""The import loop every kind of record shares: complaint files, money trails and API
batches (the file's hash is :func:`crossline.hashing.file_sha256`).

One run records its start, takes the items in batches (each batch one transaction,
supplied by the caller), retries a batch while the database is unavailable, records
the finish or the failure, and counts the run in the metrics. Counts reconcile:
``rows_read == stored + duplicates + quarantined``.
"""

from __future__ import annotations

import copy
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, fields
from itertools import islice
from typing import Any, ClassVar, Protocol, TypeVar

from crossline import metrics
from crossline.domain import Rejected, make_id
from crossline.errors import StoreError, StoreUnavailableError
from crossline.store.repository import Store, utcnow

# A batch whose transaction failed because the database went away (restart, failover)
# is retried after these pauses; it is one transaction with deterministic ids, so a
# retry can neither lose nor duplicate a row. ~30 s in all, then the error is raised.
RETRY_DELAYS = (0.5, 1.0, 2.0, 4.0, 8.0, 15.0)
log = logging.getLogger("crossline.ingest")


class RunSummary(Protocol):
    """What the runner needs of an import's summary (a dataclass)."""

    import_id: str
    path: str
    format: str
    rows_read: int
    stored: int
    duplicates: int
    quarantined: int
    seconds: float


class Reconciled:
    """The invariant of every import summary (a dataclass mixing this in): each row read
    was stored, found a duplicate, or quarantined; ``to_dict`` says whether it holds."""

    rows_read: int
    stored: int
    duplicates: int
    quarantined: int
    #: The counters the import's record (its ``imports`` row) keeps up to date as it runs.
    PROGRESS: ClassVar[tuple[str, ...]] = ("rows_read", "stored", "duplicates", "quarantined")

    def progress(self) -> dict[str, int]:
        """The counters named in :attr:`PROGRESS`, for ``Store.update_import``."""
        return {name: getattr(self, name) for name in self.PROGRESS}

    @property
    def reconciles(self) -> bool:
        return self.rows_read == self.stored + self.duplicates + self.quarantined

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "reconciles": self.reconciles}  # type: ignore[call-overload]


S = TypeVar("S", bound=RunSummary)
T = TypeVar("T")


def batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of at most ``size``."""
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def chain(first: list[T], rest: Iterator[T]) -> Iterator[T]:
    """Put back the item(s) pulled to make a reader fail early on unreadable files."""
    yield from first
    yield from rest


def new_import_id(sha: str, path: str, at: Any) -> str:
    """A run's id: the content, where it came from, and when."""
    return str(make_id("import", sha, path, at.isoformat()))


def quarantine_rows(
    rejected: Sequence[Rejected], summary: RunSummary, sha: str, now: Any
) -> list[dict[str, Any]]:
    """Store rows for rejected input rows: the line, the field and the reason.

    The id is derived from the file's content and the line, so re-importing the same
    file quarantines nothing twice.
    """
    return [
        {
            "id": make_id("quarantine", sha, str(q.line)),
            "import_id": summary.import_id,
            "file": summary.path,
            "file_sha256": sha,
            "format": summary.format,
            "line": q.line,
            "field": q.field,
            "reason": q.reason,
            "raw": q.raw,
            "created_at": now,
        }
        for q in rejected
    ]


class ImportRunner:
    """Runs one import: start row, batches with retry, finish row, metrics.

    ``retry_delays`` defaults to :data:`RETRY_DELAYS`; it and ``sleep`` are injectable
    so tests of the retry need not wait.
    """

    def __init__(
        self,
        store: Store,
        *,
        batch_size: int = 5000,
        progress: Callable[[int], None] | None = None,
        retry_delays: Sequence[float] | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        self.store = store
        self.batch_size = batch_size
        self.progress = progress
        self.retry_delays = tuple(RETRY_DELAYS if retry_delays is None else retry_delays)
        self.sleep = sleep or time.sleep

    def run(
        self,
        summary: S,
        items: Iterator[Any],
        *,
        sha: str,
        source: str,
        started_at: Any,
        step: Callable[[list[Any], S], None],
        finish: Callable[[S], None] | None = None,
    ) -> S:
        """Import ``items`` with ``step`` (one batch, one transaction, updating the
        summary's counts); ``finish`` runs once every batch is stored. Any error marks
        the import failed (when the store can still record it) and is raised."""
        started = time.perf_counter()
        self.store.start_import(
            summary.import_id,
            path=summary.path,
            sha256=sha,
            fmt=summary.format,
            source=source,
            at=started_at,
        )
        try:
            for batch in batches(items, self.batch_size):
                self._retrying(lambda b=batch: step(b, summary), summary)
                if self.progress:
                    self.progress(summary.rows_read)
            if finish is not None:
                finish(summary)
        except BaseException as exc:
            self._failed(summary, exc)
            raise
        _set(summary, "status", "done")
        summary.seconds = round(time.perf_counter() - started, 3)
        # Every row is stored: an outage now must not leave the import looking unfinished.
        finished = utcnow()
        self._retrying(
            lambda: self.store.finish_import(
                summary.import_id, status="done", finished_at=finished
            ),
            summary,
        )
        metrics.record_import(
            summary.format,
            stored=summary.stored,
            duplicates=summary.duplicates,
            quarantined=summary.quarantined,
            seconds=summary.seconds,
        )
        return summary

    def _retrying(self, work: Callable[[], None], summary: RunSummary) -> None:
        """One transaction's work; retried while the database is unavailable, with the
        summary's counts restored first (the failed transaction stored nothing)."""
        for attempt, delay in enumerate((*self.retry_delays, None)):
            saved = {f.name: copy.copy(getattr(summary, f.name)) for f in fields(summary)}  # type: ignore[arg-type]
            try:
                work()
                return
            except StoreUnavailableError as exc:
                for name, value in saved.items():
                    setattr(summary, name, value)
                if delay is None:
                    raise
                log.warning(
                    "import %s: database unavailable (attempt %d), retrying in %.1f s: %s",
                    summary.import_id,
                    attempt + 1,
                    delay,
                    exc.message,
                )
                self.sleep(delay)

    def _failed(self, summary: RunSummary, exc: BaseException) -> None:
        _set(summary, "status", "failed")
        metrics.record_import(
            summary.format,
            stored=summary.stored,
            duplicates=summary.duplicates,
            quarantined=summary.quarantined,
            ok=False,
        )
        try:
            self.store.finish_import(
                summary.import_id,
                status="failed",
                finished_at=utcnow(),
                error=f"{exc.__class__.__name__}: {exc}"[:2000],
            )
        except StoreError as note:  # the store that failed may refuse this too
            log.warning("import %s: could not record its failure: %s", summary.import_id, note)


def _set(summary: Any, name: str, value: Any) -> None:
    if hasattr(summary, name):
        setattr(summary, name, value)
