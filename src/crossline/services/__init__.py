"""Use cases shared by the CLI, the API and the web app, so those faces stay thin."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select

from crossline.config import Settings
from crossline.errors import NotFoundError, ValidationError
from crossline.ingest.pipeline import Importer, ImportSummary
from crossline.store import Store, open_store, queries, queries_web
from crossline.store.schema import components

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
    encoding: str | None = None,
) -> list[ImportSummary]:
    """Import files in order; directories are expanded to their files, sorted by name.

    ``encoding``: the files' text encoding; None to detect each file's.
    """
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
            importer.import_file(
                f, fmt, source=source, jurisdiction=jurisdiction, encoding=encoding
            )
            for f in files
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
        found = queries.find_indicators(conn, pairs)
        for ind in found:
            ind["sightings"] = queries.sightings_of(conn, ind["id"])
            cid = ind["campaign_id"]
            camp = (
                conn.execute(select(components).where(components.c.id == cid)).first()
                if cid
                else None
            )
            ind["campaign"] = queries.campaign_dict(camp) if camp else None
    return {
        "query": query,
        "normalized": [{"kind": k, "value": v} for k, v in pairs if k],
        "indicators": found,
    }


def resolve_campaign_id(store: Store, prefix: str) -> str:
    """A full campaign id from an id or an unambiguous prefix of at least 6 characters."""
    with store.read() as conn:
        return queries_web.resolve_campaign_id(conn, prefix)


def campaign_detail(store: Store, campaign: str) -> dict[str, Any]:
    cid = resolve_campaign_id(store, campaign)
    with store.read() as conn:
        item = queries.get_campaign(conn, cid)
    if item is None:  # pragma: no cover - resolved just above
        raise NotFoundError(f"no campaign with id {campaign!r}")
    return item


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
