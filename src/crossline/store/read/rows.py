"""Row -> dict converters of the read model: one shape per entity, used by every face."""

from __future__ import annotations

from typing import Any

from crossline.store.repository import iso_utc as iso

# A component of one report is not a campaign.
MIN_CAMPAIGN_REPORTS = 2


def indicator_dict(row: Any) -> dict[str, Any]:
    """An indicator (normalized value) with its counts and campaign."""
    return {
        "id": row.id,
        "kind": row.kind,
        "value": row.value,
        "report_count": row.report_count,
        "first_seen": iso(row.first_seen),
        "last_seen": iso(row.last_seen),
        "common": bool(row.common),
        "common_reason": row.common_reason,
        "campaign_id": row.component_id,
        "meta": row.meta or {},
    }


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
    text = row.text or ""
    return {
        "id": row.id,
        "source": row.source,
        "source_ref": row.source_ref,
        "jurisdiction": row.jurisdiction,
        "channel": row.channel,
        "seen_at": iso(row.seen_at),
        "category": row.category,
        "label": row.label,
        "amount_lost": str(row.amount_lost) if row.amount_lost is not None else None,
        "currency": row.currency,
        "victim_state": row.victim_state,
        "victim_country": row.victim_country,
        "synthetic": bool(row.synthetic),
        "excerpt": text[:160],
        "campaign_id": row.component_id,
    }


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
    return {
        "id": row.id,
        "import_id": row.import_id,
        "file": row.file,
        "format": row.format,
        "line": row.line,
        "field": row.field,
        "reason": row.reason,
        "raw": row.raw,
        "created_at": iso(row.created_at),
    }


def import_job_dict(row: Any) -> dict[str, Any]:
    """An upload job with its progress (``None`` while the size is unknown)."""
    est = row.rows_estimate
    return {
        "id": row.id,
        "kind": row.kind,
        "org_id": row.org_id,
        "actor": row.actor,
        "filename": row.filename,
        "size_bytes": row.size_bytes,
        "format": row.format,
        "source": row.source,
        "jurisdiction": row.jurisdiction,
        "status": row.status,
        "rows_read": row.rows_read,
        "rows_estimate": est,
        "progress": round(min(1.0, row.rows_read / est), 3) if est else None,
        "import_id": row.import_id,
        "summary": row.summary,
        "error": row.error,
        "created_at": iso(row.created_at),
        "started_at": iso(row.started_at),
        "finished_at": iso(row.finished_at),
    }


def import_dict(row: Any) -> dict[str, Any]:
    """The pipeline's record of one import, with the file's name but not its path."""
    return {
        "id": row.id,
        "path": row.path.rsplit("/", 1)[-1],
        "format": row.format,
        "source": row.source,
        "status": row.status,
        "rows_read": row.rows_read,
        "stored": row.stored,
        "duplicates": row.duplicates,
        "quarantined": row.quarantined,
        "started_at": iso(row.started_at),
        "finished_at": iso(row.finished_at),
    }
