"""Lookup: find a value as typed (normalized every plausible way) with its sightings and
campaign. The CLI's ``lookup``, the API's ``/indicators/lookup`` and the web search box."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from crossline.indicators.lookup import lookup_candidates
from crossline.store import Store, queries
from crossline.store.schema import components


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
        "normalization": "full",
    }
