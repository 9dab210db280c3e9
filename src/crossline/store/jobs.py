"""SQL of the background import jobs (``import_jobs``); the rules live in ``node.jobs``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select, update

from crossline.store.read.rows import import_job_dict
from crossline.store.repository import utcnow
from crossline.store.schema import imports
from crossline.store.schema_auth import import_jobs

INTERRUPTED = {
    "code": "interrupted",
    "message": "the node stopped during this import; upload the file again "
    "(rows already stored are kept and not duplicated)",
}


def fail_interrupted(conn: Connection) -> None:
    """Mark every job still queued or running as failed: the node restarted under it."""
    conn.execute(
        update(import_jobs)
        .where(import_jobs.c.status.in_(("queued", "running")))
        .values(status="failed", finished_at=utcnow(), error=INTERRUPTED)
    )


def insert_job(conn: Connection, row: dict[str, Any]) -> None:
    conn.execute(import_jobs.insert(), [row])


def get_job(conn: Connection, job_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(import_jobs).where(import_jobs.c.id == job_id)).first()
    return import_job_dict(row) if row is not None else None


def set_job(conn: Connection, job_id: str, values: dict[str, Any]) -> None:
    conn.execute(update(import_jobs).where(import_jobs.c.id == job_id).values(**values))


def latest_import_of(conn: Connection, path: str) -> str | None:
    """The id of the newest pipeline import of the file at ``path``, if any."""
    return conn.execute(
        select(imports.c.id)
        .where(imports.c.path == path)
        .order_by(imports.c.started_at.desc())
        .limit(1)
    ).scalar()
