"""Storing a new version of a report already in the store (a corrected complaint).

The stored row becomes the new version; both versions are kept in ``report_versions``
with their imports; the values the old version had and the new one lacks are
unlinked (sightings removed, counts lowered, the old campaign rebuilt without them)
and the report is linked again from its new values.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from crossline.domain import Report
from crossline.ingest.stages import (
    Extracted,
    indicator_rows,
    report_row,
    sighting_rows,
    victim_rows,
)
from crossline.ingest.versions import fingerprint, snapshot
from crossline.link.campaigns import Linker
from crossline.link.unlink import unlink
from crossline.store import intake as store_intake
from crossline.store.repository import Store


@dataclass(frozen=True, slots=True)
class Update:
    """A report whose content differs from the stored version, ready to store."""

    report: Report
    extracted: Extracted
    label: Any


def apply_updates(
    conn: Connection,
    store: Store,
    linker: Linker,
    updates: Sequence[Update],
    *,
    import_id: str,
    secret: bytes,
    now: datetime,
    marking: Callable[[Report], str],
) -> tuple[list[dict[str, Any]], set[str]]:
    """Store the new versions inside the caller's transaction.

    Returns (the new report rows, the components touched).
    """
    if not updates:
        return [], set()
    ids = [u.report.id for u in updates]
    old_rows = store_intake.current_rows(conn, ids)
    old_values = store_intake.values_of(conn, ids)
    touched = unlink(conn, store, ids)
    new_rows: list[dict[str, Any]] = []
    versions: list[dict[str, Any]] = []
    for u in updates:
        rid = u.report.id
        old = old_rows[rid]
        version = int(old.get("version") or 1)
        versions.append(
            {
                "report_id": rid,
                "version": version,
                "content_sha": old.get("content_sha") or "",
                "import_id": old.get("import_id"),
                "content": snapshot(old),
                "indicators": [f"{k}:{v}" for _, k, v in old_values.get(rid, [])],
                "created_at": old.get("created_at") or now,
            }
        )
        gone = [i for i, _, _ in old_values.get(rid, [])]
        store.note_risk_changes(conn, indicators=gone)
        store_intake.forget_values(conn, rid, gone)
        row = report_row(
            u.report, u.extracted, import_id=import_id, secret=secret, now=now,
            classification=u.label,
        )  # fmt: skip
        row.update(
            content_sha=fingerprint(u.report),
            version=version + 1,
            marking=marking(u.report),
            component_id=None,
        )
        store_intake.replace_report(conn, row)
        new_rows.append(row)
    pairs = [(u.report, u.extracted) for u in updates]
    ind_rows, links = indicator_rows(pairs)
    store.upsert_indicators(conn, ind_rows)
    store.insert_sightings(conn, [s for r, e in pairs for s in sighting_rows(r.id, e)])
    store.insert_victim_contacts(conn, [v for r, e in pairs for v in victim_rows(r.id, e)])
    for u, row in zip(updates, new_rows, strict=True):
        versions.append(
            {
                "report_id": u.report.id,
                "version": row["version"],
                "content_sha": row["content_sha"],
                "import_id": import_id,
                "content": snapshot(row),
                "indicators": sorted({f"{s.found.kind}:{s.found.value}" for s in u.extracted.seen}),
                "created_at": now,
            }
        )
    store_intake.save_versions(conn, versions)
    outcome = linker.link(conn, links)
    return new_rows, touched | outcome.touched
