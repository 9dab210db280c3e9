"""Row -> dict converters of the read model: one shape per entity, used by every face."""

from __future__ import annotations

from typing import Any

from crossline.store.repository import iso_utc as iso
from crossline.store.rowdict import Shape

# A component of one report is not a campaign.
MIN_CAMPAIGN_REPORTS = 2

# Each entity's shape: its keys in order; "key=column" shows a column under another name.
INDICATOR = Shape(
    (
        "id", "kind", "value", "report_count", "first_seen", "last_seen", "common",
        "common_reason", "campaign_id=component_id", "meta",
    ),
    iso=("first_seen", "last_seen"),
    flags=("common",),
    convert={"meta": lambda v: v or {}},
)  # fmt: skip
REPORT_BRIEF = Shape(
    (
        "id", "source", "source_ref", "jurisdiction", "channel", "seen_at", "category",
        "label", "amount_lost", "currency", "victim_state", "victim_country", "synthetic",
        "excerpt=text", "campaign_id=component_id",
    ),
    iso=("seen_at",),
    flags=("synthetic",),
    convert={
        "amount_lost": lambda v: str(v) if v is not None else None,
        "excerpt": lambda v: (v or "")[:160],
    },
)  # fmt: skip
QUARANTINE = Shape(
    ("id", "import_id", "file", "format", "line", "field", "reason", "raw", "created_at"),
    iso=("created_at",),
)
IMPORT_JOB = Shape(
    (
        "id", "kind", "org_id", "actor", "filename", "size_bytes", "format", "source",
        "jurisdiction", "status", "rows_read", "rows_estimate",
    )
)  # fmt: skip
IMPORT_JOB_END = Shape(
    ("import_id", "summary", "error", "created_at", "started_at", "finished_at"),
    iso=("created_at", "started_at", "finished_at"),
)
IMPORT = Shape(
    (
        "id", "path", "format", "source", "status", "rows_read", "stored", "duplicates",
        "quarantined", "started_at", "finished_at",
    ),
    iso=("started_at", "finished_at"),
    convert={"path": lambda v: v.rsplit("/", 1)[-1]},
)  # fmt: skip


def sighting_place(row: Any) -> dict[str, Any]:
    """Where a sighting's value stands in its report's field (``start`` None: the whole
    field, stored as -1)."""
    return {
        "field": row.field,
        "start": None if row.start < 0 else row.start,
        "end": row.end,
        "raw": row.raw,
    }


def indicator_dict(row: Any) -> dict[str, Any]:
    """An indicator (normalized value) with its counts and campaign."""
    return INDICATOR(row)


def brief_columns() -> list[Any]:
    """The report columns :func:`report_brief` reads (not the JSON ones: decoding victim
    PII, suspects and evidence of every row would cost more than the query)."""
    from crossline.store.schema import reports

    r = reports.c
    return [
        r.id, r.source, r.source_ref, r.jurisdiction, r.channel, r.seen_at, r.category,
        r.label, r.amount_lost, r.currency, r.victim_state, r.victim_country, r.synthetic,
        r.text, r.component_id,
    ]  # fmt: skip


def report_brief(row: Any) -> dict[str, Any]:
    """A report without victim PII and without its full text."""
    return REPORT_BRIEF(row)


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
    return QUARANTINE(row)


def import_job_dict(row: Any) -> dict[str, Any]:
    """An upload job with its progress (``None`` while the size is unknown)."""
    est = row.rows_estimate
    return {
        **IMPORT_JOB(row),
        "progress": round(min(1.0, row.rows_read / est), 3) if est else None,
        **IMPORT_JOB_END(row),
    }


def import_dict(row: Any) -> dict[str, Any]:
    """The pipeline's record of one import, with the file's name but not its path."""
    return IMPORT(row)
