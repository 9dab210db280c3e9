"""Use cases shared by the CLI, the API and the web app, so those faces stay thin."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from crossline.config import Settings
from crossline.errors import ValidationError
from crossline.ingest.pipeline import Importer, ImportSummary
from crossline.store import Store, open_store
from crossline.store.read import campaigns as read_campaigns
from crossline.store.read import indicators as read_indicators

LOOKUP_REGIONS = ("US", "IN")


def import_paths(
    settings: Settings,
    paths: Sequence[str | Path],
    *,
    fmt: str | None = None,
    source: str | None = None,
    jurisdiction: str | None = None,
    progress: Callable[[int], None] | None = None,
    store: Store | None = None,
    marking: str | None = None,
    pap: str | None = None,
    batch_size: int | None = None,
) -> list[ImportSummary]:
    """Import files in order; directories are expanded to their files, sorted by name."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(
                sorted(
                    f
                    for f in p.iterdir()
                    if f.is_file() and not f.name.startswith((".", "README", "PROVENANCE"))
                )
            )
        else:
            files.append(p)
    own = store is None
    store = store or open_store(settings)
    try:
        extra = {"batch_size": batch_size} if batch_size else {}
        importer = Importer(store, settings, progress=progress, marking=marking, pap=pap, **extra)
        return [
            importer.import_file(f, fmt, source=source, jurisdiction=jurisdiction) for f in files
        ]
    finally:
        if own:
            store.close()


def lookup_candidates(query: str, region: str | None = None) -> list[tuple[str | None, str]]:
    """What a typed value may mean: its normalized forms under each plausible region."""
    from crossline.indicators import extract

    query = query.strip()
    if not query:
        raise ValidationError("empty lookup: type a number, handle, account, wallet, URL or domain")
    pairs: list[tuple[str | None, str]] = []
    regions = [region] if region else [None, *LOOKUP_REGIONS]
    for reg in regions:
        for f in extract(query, reg):
            if (f.kind, f.value) not in pairs:
                pairs.append((f.kind, f.value))
    for raw in (query, query.lower()):
        if (None, raw) not in pairs:
            pairs.append((None, raw))
    return pairs


def lookup(store: Store, query: str, *, region: str | None = None) -> dict[str, Any]:
    """Find a value (normalized as typed) with its sightings and campaign."""
    pairs = lookup_candidates(query, region)
    with store.read() as conn:
        found = read_indicators.lookup_indicators(conn, pairs)
    return {
        "query": query,
        "normalized": [{"kind": k, "value": v} for k, v in pairs if k],
        "indicators": found,
    }


def resolve_campaign_id(store: Store, prefix: str) -> str:
    """A full campaign id from an id or an unambiguous prefix of at least 6 characters."""
    with store.read() as conn:
        return read_campaigns.resolve_campaign_id(conn, prefix)


def campaign_detail(
    store: Store,
    campaign: str,
    *,
    indicators_limit: int = read_campaigns.DETAIL_INDICATORS,
    reports_limit: int = read_campaigns.DETAIL_REPORTS,
    reports_offset: int = 0,
) -> dict[str, Any]:
    """One campaign (id or prefix) as the CLI, the API and the web app show it."""
    with store.read() as conn:
        return read_campaigns.campaign_detail(
            conn,
            campaign,
            indicators_limit=indicators_limit,
            reports_limit=reports_limit,
            reports_offset=reports_offset,
        )


def campaign_list(store: Store, **filters: Any) -> dict[str, Any]:
    """One page of campaigns: see :func:`crossline.store.read.campaigns.campaigns_page`
    for the filters (jurisdiction, cross-border, scam type, size) and paging."""
    with store.read() as conn:
        return read_campaigns.campaigns_page(conn, **filters)


def export_quarantine(rows: list[dict[str, Any]], fmt: str) -> str:
    """Quarantined rows as CSV or JSON Lines, for fixing and re-importing."""
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    buf = io.StringIO()
    cols = ["id", "file", "format", "line", "field", "reason", "raw"]
    writer = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()
