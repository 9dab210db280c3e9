"""Import jobs: an uploaded file is imported in the background, with progress.

The job row (``import_jobs``) is the interface: the browser polls it, the API
returns it. The server saves the upload, checks its format and queues the job; the
import itself runs in a worker process (:mod:`crossline.node.job_worker`), one job at
a time: imports link reports under a store-wide lock anyway, so more would only wait.
A job still ``queued`` or ``running`` when the node restarts is marked ``failed``
with the reason; the upload can simply be sent again (imports are idempotent).
"""

from __future__ import annotations

import logging
import shutil
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, BinaryIO

from crossline import metrics
from crossline.config import Settings
from crossline.errors import CrosslineError, PayloadTooLargeError, ValidationError
from crossline.filemodes import private_dir, private_file
from crossline.ingest import formats
from crossline.node.auth import Principal
from crossline.node.job_worker import (
    JobRunner,
    fail_job,
    get_job,
    run_in_worker,
    upload_path,
)
from crossline.store import jobs as rows
from crossline.store.repository import Store, utcnow

log = logging.getLogger("crossline.jobs")

SAFE_NAME = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")


def safe_filename(name: str | None) -> str:
    """The upload's base name with anything but ``[A-Za-z0-9._-]`` replaced."""
    base = (name or "upload").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch if ch in SAFE_NAME else "_" for ch in base).lstrip(".")
    return (cleaned or "upload")[:128]


def count_lines(path: Path) -> int:
    """Data rows estimate: newlines minus a header line (quoted newlines make it approximate)."""
    n = 0
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            n += block.count(b"\n")
    return max(1, n)


Launcher = Callable[[JobRunner, Settings, str], int | None]


class ImportJobs:
    """Queues uploads and runs each in a worker process, one at a time.

    ``runner`` is what the worker process runs (``crossline.services.imports.
    run_import_job``: the one import use case, with the node's hooks); ``launch`` starts
    it and waits (a fresh process by default; injectable for tests of a dying worker).
    The pool's one thread only waits for the worker and then tells the listeners.
    """

    def __init__(
        self,
        store: Store,
        settings: Settings,
        runner: JobRunner,
        *,
        workers: int = 1,
        launch: Launcher = run_in_worker,
    ) -> None:
        self.store = store
        self.settings = settings
        self.runner = runner
        self.launch = launch
        self.upload_dir = settings.home / "uploads"
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="import")
        self.futures: dict[str, Future[None]] = {}
        # Called after every import that stored something (the sync worker pushes to
        # partners at once); a failing listener is logged and never fails the import.
        self.listeners: list[Callable[[], None]] = []
        self._fail_interrupted()

    def notify(self) -> None:
        """Tell the listeners that new records were stored."""
        for listener in self.listeners:
            try:
                listener()
            except Exception:
                log.exception("import listener failed")

    def _fail_interrupted(self) -> None:
        with self.store.transaction() as conn:
            rows.fail_interrupted(conn)

    def submit(
        self,
        principal: Principal,
        stream: BinaryIO,
        filename: str | None,
        *,
        fmt: str | None,
        source: str | None,
        jurisdiction: str | None,
        max_bytes: int,
    ) -> dict[str, Any]:
        """Save the upload, check its format now (so a wrong file fails at once), queue it."""
        if jurisdiction is not None and (len(jurisdiction) != 2 or not jurisdiction.isalpha()):
            raise ValidationError(
                f"jurisdiction {jurisdiction!r}: expected an ISO 3166-1 alpha-2 code",
                field="jurisdiction",
            )
        job_id = str(uuid.uuid4())
        private_dir(self.upload_dir)
        folder = private_dir(self.upload_dir / job_id)
        path = private_file(folder / safe_filename(filename))
        size = 0
        with path.open("wb") as out:
            while chunk := stream.read(1 << 20):
                size += len(chunk)
                if size > max_bytes:
                    out.close()
                    shutil.rmtree(folder, ignore_errors=True)
                    raise PayloadTooLargeError(
                        f"upload exceeds the limit of {_size(max_bytes)}", field="file"
                    )
                out.write(chunk)
        if size == 0:
            shutil.rmtree(folder, ignore_errors=True)
            raise ValidationError("the uploaded file is empty", field="file")
        try:
            reader = formats.detect(path, fmt)
        except CrosslineError:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        row = {
            "id": job_id,
            "kind": "file",
            "org_id": principal.org_id,
            "user_id": principal.id if principal.kind == "user" else None,
            "actor": principal.actor,
            "filename": path.name,
            "stored_path": str(path),
            "size_bytes": size,
            "format": reader.name,
            "source": source,
            "jurisdiction": jurisdiction.upper() if jurisdiction else None,
            "status": "queued",
            "rows_estimate": count_lines(path),
            "rows_read": 0,
            "created_at": utcnow(),
        }
        with self.store.transaction() as conn:
            rows.insert_job(conn, row)
        self.futures[job_id] = self.pool.submit(self._run, job_id)
        return self.get(job_id)

    def record_api_import(self, principal: Principal, summary: dict[str, Any]) -> None:
        """Remember who created reports through the API (their organisation owns them)."""
        now = utcnow()
        with self.store.transaction() as conn:
            rows.insert_job(
                conn,
                {
                    "id": str(uuid.uuid4()),
                    "kind": "api",
                    "org_id": principal.org_id,
                    "user_id": principal.id if principal.kind == "user" else None,
                    "actor": principal.actor,
                    "format": "reports",
                    "source": summary.get("source"),
                    "status": summary.get("status", "done"),
                    "rows_estimate": summary.get("rows_read"),
                    "rows_read": summary.get("rows_read", 0),
                    "import_id": summary.get("import_id"),
                    "summary": summary,
                    "created_at": now,
                    "started_at": now,
                    "finished_at": now,
                },
            )
        if summary.get("stored"):
            self.notify()

    def get(self, job_id: str) -> dict[str, Any]:
        """The job's row (NotFoundError when there is none)."""
        return get_job(self.store, job_id)

    def wait(self, job_id: str, timeout: float = 60.0) -> dict[str, Any]:
        """Block until the job ends (tests, CLI)."""
        future = self.futures.get(job_id)
        if future is not None:
            future.result(timeout=timeout)
        return self.get(job_id)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    # -- the dispatcher ----------------------------------------------------------------

    def _run(self, job_id: str) -> None:
        """Run one job in a worker process and wait for it (this thread only waits: the
        server's event loop keeps the interpreter)."""
        try:
            code = self.launch(self.runner, self.settings, job_id)
        except Exception:  # the process could not be started (no memory, no pids)
            log.exception("import job %s: could not start its worker", job_id)
            code = None
        job = self.get(job_id)
        if job["status"] in ("queued", "running"):
            # The worker died before it could record the outcome (killed, crashed).
            fail_job(
                self.store,
                job_id,
                {
                    "code": "worker_stopped",
                    "message": f"the import worker stopped (exit code {code}) before the "
                    "import finished; rows already stored are kept, upload the file again",
                },
                upload_path(self.settings, job),
            )
            metrics.record_import(job["format"], stored=0, duplicates=0, quarantined=0, ok=False)
            return
        summary = job.get("summary") or {}
        # The worker's own counters ended with it: the server's metrics count the run.
        metrics.record_import(
            job["format"],
            stored=int(summary.get("stored") or 0),
            duplicates=int(summary.get("duplicates") or 0),
            quarantined=int(summary.get("quarantined") or 0),
            seconds=summary.get("seconds"),
            ok=job["status"] == "done",
        )
        if summary.get("stored"):
            self.notify()


def _size(n: int) -> str:
    """``536870912`` -> ``512 MiB (536,870,912 bytes)``: the limit, exactly."""
    mib = n / (1024 * 1024)
    whole = f"{mib:.0f} MiB" if mib >= 1 and n % (1024 * 1024) == 0 else f"{mib:.2f} MiB"
    return f"{whole} ({n:,} bytes)"
