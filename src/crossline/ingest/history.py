"""A report and the history of its versions (what each correction changed).

Used by ``crossline report REF --history`` and the API; reads the store only.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select

from crossline.errors import NotFoundError
from crossline.ingest.versions import changes
from crossline.store import intake as store_intake
from crossline.store.repository import Store
from crossline.store.schema import reports


def find_report_id(store: Store, ref: str, source: str | None = None) -> str:
    """The id of the report whose reference (or id, or id prefix) is ``ref``."""
    ref = ref.strip()
    r = reports.c
    cond = or_(r.source_ref == ref, r.id == ref)
    if len(ref) >= 8:
        cond = or_(cond, r.id.like(ref.lower() + "%"))
    q = select(r.id, r.source).where(cond)
    if source:
        q = q.where(r.source == source)
    with store.read() as conn:
        found = sorted({row.id for row in conn.execute(q.limit(3))})
    if len(found) != 1:
        what = "no report" if not found else "more than one report (name its --source)"
        raise NotFoundError(f"{what} with reference or id {ref!r}")
    return found[0]


def report_history(store: Store, report_id: str) -> dict[str, Any]:
    """The report's current state, its versions and, for each, what it changed."""
    with store.read() as conn:
        current = store_intake.current_rows(conn, [report_id]).get(report_id)
        if current is None:
            raise NotFoundError(f"no report with id {report_id!r}")
        versions = store_intake.versions_of(conn, report_id)
        values = store_intake.values_of(conn, [report_id])[report_id]
        warnings = store_intake.list_warnings(conn, report_id=report_id, limit=1000)
    out_versions: list[dict[str, Any]] = []
    previous: dict[str, Any] | None = None
    for v in versions:
        item = {
            "version": v["version"],
            "import_id": v["import_id"],
            "created_at": v["created_at"].isoformat() if v["created_at"] else None,
            "values": list(v["indicators"] or []),
        }
        if previous is not None:
            item["changes"] = changes(
                previous["content"] or {},
                v["content"] or {},
                previous["indicators"] or [],
                v["indicators"] or [],
            )
        out_versions.append(item)
        previous = v
    return {
        "id": report_id,
        "source": current["source"],
        "source_ref": current["source_ref"],
        "version": int(current.get("version") or 1),
        "import_id": current["import_id"],
        "values": [f"{kind}:{value}" for _, kind, value in values],
        "warnings": warnings,
        "versions": out_versions,
    }
