"""Imports: the pipeline's import records, upload jobs and the quarantine."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select

from crossline.store.read.rows import import_dict, import_job_dict, quarantine_dict
from crossline.store.schema import imports, quarantine
from crossline.store.schema_auth import import_jobs
from crossline.store.visibility import EVERYTHING, OrgView, only_visible


def recent_imports(conn: Connection, *, limit: int = 10) -> list[dict[str, Any]]:
    """The pipeline's own record of recent imports (CLI and API alike)."""
    m = imports.c
    rows = conn.execute(select(imports).order_by(m.started_at.desc(), m.id).limit(limit))
    return [import_dict(row) for row in rows]


def list_import_jobs(
    conn: Connection,
    *,
    status: str | None = None,
    limit: int = 50,
    offset: int = 0,
    view: OrgView = EVERYTHING,
) -> list[dict[str, Any]]:
    """Upload jobs, newest first, only those ``view`` may see (its organisation's);
    ``status`` is one status or a comma-separated list."""
    j = import_jobs.c
    q = select(import_jobs).order_by(j.created_at.desc(), j.id).limit(limit).offset(offset)
    q = only_visible(q, view, j.org_id, "import_job", j.id)
    if status:
        q = q.where(j.status.in_(status.split(",")))
    return [import_job_dict(row) for row in conn.execute(q)]


def list_quarantine(
    conn: Connection, *, import_id: str | None = None, limit: int = 100, offset: int = 0
) -> list[dict[str, Any]]:
    """Every quarantined row (the node's operator's view), by file and line."""
    q_ = quarantine.c
    q = select(quarantine).order_by(q_.file, q_.line, q_.id).limit(limit).offset(offset)
    if import_id:
        q = q.where(q_.import_id == import_id)
    return [quarantine_dict(r) for r in conn.execute(q)]


def find_quarantined(conn: Connection, prefix: str) -> list[dict[str, Any]]:
    """Quarantined rows whose id starts with ``prefix`` (at most two, to detect ambiguity)."""
    q = select(quarantine).where(quarantine.c.id.like(prefix.lower() + "%")).limit(2)
    return [quarantine_dict(r) for r in conn.execute(q)]


def quarantine_rows(
    conn: Connection,
    *,
    org_id: str,
    home: bool,
    import_id: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Quarantined rows of the imports an organisation owns (raw rows may hold victim PII).

    An organisation owns the imports its users uploaded; the node's home agency also
    owns the imports made on the node itself (no upload job). Files are named without
    their directory.
    """
    q_ = quarantine.c
    cond = _own_quarantine(org_id, home, import_id)
    q = select(quarantine).where(cond).order_by(q_.file, q_.line, q_.id).limit(limit).offset(offset)
    # Callers see the file by its name: the path it had on this server is the node's business.
    return [{**quarantine_dict(r), "file": PurePath(r.file).name} for r in conn.execute(q)]


def _own_quarantine(org_id: str, home: bool, import_id: str | None) -> Any:
    """SQL: quarantined rows of the imports an organisation owns (see
    :func:`quarantine_rows`), optionally of one import."""
    q_ = quarantine.c
    jobs = import_jobs.c
    own = select(jobs.import_id).where(jobs.org_id == org_id, jobs.import_id.is_not(None))
    cond = q_.import_id.in_(own)
    if home:
        uploaded = select(jobs.import_id).where(jobs.import_id.is_not(None))
        cond = or_(cond, q_.import_id.not_in(uploaded))
    return and_(cond, q_.import_id == import_id) if import_id else cond


def count_quarantine(
    conn: Connection, *, org_id: str, home: bool, import_id: str | None = None
) -> int:
    """How many rows :func:`quarantine_rows` pages through (for the list's total)."""
    q = select(func.count()).select_from(quarantine).where(_own_quarantine(org_id, home, import_id))
    return int(conn.execute(q).scalar() or 0)


def count_import_jobs(conn: Connection, *, view: OrgView = EVERYTHING) -> int:
    """How many upload jobs :func:`list_import_jobs` pages through for ``view``."""
    j = import_jobs.c
    q = select(func.count()).select_from(import_jobs)
    q = only_visible(q, view, j.org_id, "import_job", j.id)
    return int(conn.execute(q).scalar() or 0)
