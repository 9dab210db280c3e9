"""Import jobs: an uploaded file is imported in the background, with progress.

The job row (``import_jobs``) is the interface: the browser polls it, the API
returns it. One worker thread per node: imports link reports under a store-wide
lock anyway, so more threads would only wait. A job still ``queued`` or
``running`` when the node restarts is marked ``failed`` with the reason; the
upload can simply be sent again (imports are idempotent).
"""

from __future__ import annotations

import logging
import shutil
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, BinaryIO

from crossline.config import Settings
from crossline.errors import (
    ConfigError,
    CrosslineError,
    ModelError,
    NotFoundError,
    PayloadTooLargeError,
    StoreError,
    ValidationError,
)
from crossline.filemodes import private_dir, private_file
from crossline.ingest import formats
from crossline.ingest.pipeline import Importer
from crossline.node.auth import Principal
from crossline.redact import scrub
from crossline.store import jobs as rows
from crossline.store.repository import Store, utcnow

log = logging.getLogger("crossline.jobs")

PROGRESS_EVERY = 0.5  # seconds between progress writes
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


ImporterFactory = Callable[[Callable[[int], None]], Importer]


class ImportJobs:
    """Runs uploads through :class:`crossline.ingest.pipeline.Importer`, one at a time."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        importer: ImporterFactory,
        *,
        workers: int = 1,
    ) -> None:
        self.store = store
        self.settings = settings
        # Builds the importer of one upload, given its progress callback (the node's
        # hooks are wired by ``crossline.services.imports.importer_for``).
        self.importer = importer
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
        with self.store.read() as conn:
            job = rows.get_job(conn, job_id)
        if job is None:
            raise NotFoundError(f"no import job with id {job_id!r}")
        return job

    def wait(self, job_id: str, timeout: float = 60.0) -> dict[str, Any]:
        """Block until the job ends (tests, CLI)."""
        future = self.futures.get(job_id)
        if future is not None:
            future.result(timeout=timeout)
        return self.get(job_id)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    # -- the worker --------------------------------------------------------------------

    def _set(self, job_id: str, **values: Any) -> None:
        with self.store.transaction() as conn:
            rows.set_job(conn, job_id, values)

    def _run(self, job_id: str) -> None:
        job = self.get(job_id)
        path = self.upload_dir / job_id / job["filename"]
        self._set(job_id, status="running", started_at=utcnow())
        last = [0.0]

        def progress(rows: int) -> None:
            now = time.monotonic()
            if now - last[0] >= PROGRESS_EVERY:
                last[0] = now
                self._set(job_id, rows_read=rows)

        try:
            importer = self.importer(progress)
            summary = importer.import_file(
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
            self._set(
                job_id,
                status="failed",
                finished_at=utcnow(),
                error=error,
                import_id=self._import_of(str(path)),
            )
            return
        result = summary.to_dict()
        self._set(
            job_id,
            status="done",
            finished_at=utcnow(),
            rows_read=summary.rows_read,
            import_id=summary.import_id,
            summary={**result, "path": job["filename"]},
        )
        if summary.stored:
            self.notify()

    def _import_of(self, path: str) -> str | None:
        with self.store.read() as conn:
            return rows.latest_import_of(conn, path)


def _size(n: int) -> str:
    """``536870912`` -> ``512 MiB (536,870,912 bytes)``: the limit, exactly."""
    mib = n / (1024 * 1024)
    whole = f"{mib:.0f} MiB" if mib >= 1 and n % (1024 * 1024) == 0 else f"{mib:.2f} MiB"
    return f"{whole} ({n:,} bytes)"


def _server_side(exc: CrosslineError) -> bool:
    """The node's fault (its store, settings or shipped artefacts), not the file's."""
    if isinstance(exc, NotFoundError):
        return False
    return isinstance(exc, ConfigError | ModelError | StoreError)
