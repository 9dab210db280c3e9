"""The import worker: one uploaded file imported in a process of its own.

An import is CPU-bound Python (reading, extracting, classifying); run in a thread of the
server it holds the interpreter's lock for long stretches and the event loop answers
``/healthz`` hundreds of milliseconds to seconds late. So the server only queues the job
and reads its row; a worker process, started with the ``spawn`` method (no copy of the
server's threads, locks or connections), opens the store itself and runs the one import
use case (:func:`crossline.services.imports.run_import_job`, which calls
:func:`run_job` here). Status, progress, counts and errors travel through the job's
row in ``import_jobs``, exactly as the server reads them.

A worker that dies without finishing the row (killed for memory, a crash in a library)
is seen by the server from its exit code: the job is marked failed with that reason.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from crossline.config import Settings
from crossline.errors import (
    ConfigError,
    CrosslineError,
    ModelError,
    NotFoundError,
    StoreError,
)
from crossline.ingest.pipeline import Importer
from crossline.redact import scrub
from crossline.store import jobs as rows
from crossline.store.repository import Store, utcnow

log = logging.getLogger("crossline.jobs")

PROGRESS_EVERY = 0.5  # seconds between progress writes
#: Fresh interpreters: a forked copy of the server would inherit its threads' locks held
#: mid-operation and its database connections.
SPAWN = multiprocessing.get_context("spawn")

#: Builds the importer of one upload, given its progress callback.
ImporterFactory = Callable[[Callable[[int], None]], Importer]
#: What the worker process runs: a module-level function (it is pickled by name) given
#: the node's settings and the job's id.
JobRunner = Callable[[Settings, str], None]


def get_job(store: Store, job_id: str) -> dict[str, Any]:
    """The job's row as callers see it (NotFoundError when there is none)."""
    with store.read() as conn:
        job = rows.get_job(conn, job_id)
    if job is None:
        raise NotFoundError(f"no import job with id {job_id!r}")
    return job


def set_job(store: Store, job_id: str, **values: Any) -> None:
    """Update the job's row (status, progress, result)."""
    with store.transaction() as conn:
        rows.set_job(conn, job_id, values)


def upload_path(settings: Settings, job: dict[str, Any]) -> Path:
    """Where the server saved the job's upload."""
    return settings.home / "uploads" / job["id"] / job["filename"]


def run_job(store: Store, settings: Settings, job_id: str, importer: ImporterFactory) -> None:
    """Import the queued job's file with ``importer`` and record the outcome on its row.

    Every failure is reported on the row, never raised: the caller is a worker process
    whose only other channel is its exit code.
    """
    job = get_job(store, job_id)
    path = upload_path(settings, job)
    set_job(store, job_id, status="running", started_at=utcnow())
    last = [0.0]

    def progress(rows: int) -> None:
        now = time.monotonic()
        if now - last[0] >= PROGRESS_EVERY:
            last[0] = now
            set_job(store, job_id, rows_read=rows)

    try:
        summary = importer(progress).import_file(
            path, job["format"], source=job["source"], jurisdiction=job["jurisdiction"]
        )
    except Exception as exc:  # every failure is reported on the job, never lost
        # The job's error is shown to callers: no file paths, and no internals (the
        # class and text of an unexpected exception, SQL) beyond the node's log.
        if isinstance(exc, CrosslineError) and not _server_side(exc):
            error = scrub(exc.to_dict()["error"])
        else:
            log.exception("import job %s failed", job_id)
            code = exc.code if isinstance(exc, CrosslineError) else "internal"
            error = {"code": code, "message": "the import failed on the node; see its log"}
        fail_job(store, job_id, error, path)
        return
    set_job(
        store,
        job_id,
        status="done",
        finished_at=utcnow(),
        rows_read=summary.rows_read,
        import_id=summary.import_id,
        summary={**summary.to_dict(), "path": job["filename"]},
    )


def fail_job(store: Store, job_id: str, error: dict[str, Any], path: Path) -> None:
    """Mark the job failed with ``error`` (code, message), linked to the import run the
    pipeline had started for its file, if any (its stored rows are kept)."""
    with store.read() as conn:
        import_id = rows.latest_import_of(conn, str(path))
    set_job(store, job_id, status="failed", finished_at=utcnow(), error=error, import_id=import_id)


def run_in_worker(runner: JobRunner, settings: Settings, job_id: str) -> int | None:
    """Run ``runner(settings, job_id)`` in a fresh worker process and wait for it; its
    exit code (0 when it finished, whatever the import's outcome)."""
    process = SPAWN.Process(
        target=_worker_main,
        args=(runner, settings, job_id),
        name=f"crossline-import-{job_id[:8]}",
        # Ended with the server (a job left running is marked failed at the next start).
        daemon=True,
    )
    process.start()
    process.join()
    return process.exitcode


def _worker_main(runner: JobRunner, settings: Settings, job_id: str) -> None:
    """The worker process's entry point: lower its priority (``Settings.import_niceness``:
    on a busy machine the answers to people and partners come before the batch work of
    an upload), then run the job."""
    if settings.import_niceness and hasattr(os, "nice"):
        os.nice(settings.import_niceness)
    runner(settings, job_id)


def _server_side(exc: CrosslineError) -> bool:
    """The node's fault (its store, settings or shipped artefacts), not the file's."""
    if isinstance(exc, NotFoundError):
        return False
    return isinstance(exc, ConfigError | ModelError | StoreError)
