"""Row -> dict converters of the read model: one shape per entity, used by every face."""

from __future__ import annotations

from typing import Any

from crossline.store.repository import iso_utc as iso
from crossline.store.rowdict import pick

# A component of one report is not a campaign.
MIN_CAMPAIGN_REPORTS = 2

SEEN = ("first_seen", "last_seen")
# Each entity's shape: its keys in order; "key=column" shows a column under another name.
INDICATOR_FIELDS = (
    "id", "kind", "value", "report_count", "first_seen", "last_seen", "common",
    "common_reason", "campaign_id=component_id", "meta",
)  # fmt: skip
REPORT_BRIEF_FIELDS = (
    "id", "source", "source_ref", "jurisdiction", "channel", "seen_at", "category", "label",
    "amount_lost", "currency", "victim_state", "victim_country", "synthetic", "excerpt=text",
    "campaign_id=component_id",
)  # fmt: skip
QUARANTINE_FIELDS = (
    "id", "import_id", "file", "format", "line", "field", "reason", "raw", "created_at",
)  # fmt: skip
IMPORT_JOB_FIELDS = (
    "id", "kind", "org_id", "actor", "filename", "size_bytes", "format", "source",
    "jurisdiction", "status", "rows_read", "rows_estimate",
)  # fmt: skip
IMPORT_JOB_END = ("import_id", "summary", "error", "created_at", "started_at", "finished_at")
IMPORT_FIELDS = (
    "id", "path", "format", "source", "status", "rows_read", "stored", "duplicates",
    "quarantined", "started_at", "finished_at",
)  # fmt: skip


def indicator_dict(row: Any) -> dict[str, Any]:
    """An indicator (normalized value) with its counts and campaign."""
    return pick(
        row,
        INDICATOR_FIELDS,
        iso=SEEN,
        flags=("common",),
        convert={"meta": lambda v: v or {}},
    )


def report_brief(row: Any) -> dict[str, Any]:
    """A report without victim PII and without its full text."""
    return pick(
        row,
        REPORT_BRIEF_FIELDS,
        iso=("seen_at",),
        flags=("synthetic",),
        convert={
            "amount_lost": lambda v: str(v) if v is not None else None,
            "excerpt": lambda v: (v or "")[:160],
        },
    )


def campaign_dict(row: Any) -> dict[str, Any]:
    """A campaign's summary: size, victims, jurisdictions, losses, dates, label."""
    return {
        "id": row.id,
        "report_count": row.report_count,
        "victims": row.victim_count,
        "jurisdictions": row.jurisdictions or {},
        "cross_border": len(row.jurisdictions or {}) > 1,
        "total_loss": row.total_loss or {},
        "first_seen": iso(row.first_seen),
        "last_seen": iso(row.last_seen),
        "label": row.label,
        "label_distribution": row.label_distribution or {},
    }


def quarantine_dict(row: Any) -> dict[str, Any]:
    """A quarantined input row with where it came from and why it was refused."""
    return pick(row, QUARANTINE_FIELDS, iso=("created_at",))


def import_job_dict(row: Any) -> dict[str, Any]:
    """An upload job with its progress (``None`` while the size is unknown)."""
    est = row.rows_estimate
    return {
        **pick(row, IMPORT_JOB_FIELDS),
        "progress": round(min(1.0, row.rows_read / est), 3) if est else None,
        **pick(row, IMPORT_JOB_END, iso=("created_at", "started_at", "finished_at")),
    }


def import_dict(row: Any) -> dict[str, Any]:
    """The pipeline's record of one import, with the file's name but not its path."""
    return pick(
        row,
        IMPORT_FIELDS,
        iso=("started_at", "finished_at"),
        convert={"path": lambda v: v.rsplit("/", 1)[-1]},
    )
