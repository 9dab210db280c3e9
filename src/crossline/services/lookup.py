"""Lookup: find a value as typed (normalized every plausible way) with its sightings and
campaign. The CLI's ``lookup``, the API's ``/indicators/lookup`` and the web search box."""

from __future__ import annotations

from typing import Any

from crossline.indicators.lookup import lookup_candidates
from crossline.store import Store
from crossline.store.read import indicators as read_indicators


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
