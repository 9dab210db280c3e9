"""Campaigns: resolve an id or prefix, one campaign's detail."""

from __future__ import annotations

from typing import Any

from crossline.errors import NotFoundError
from crossline.store import Store, queries, queries_web


def resolve_campaign_id(store: Store, prefix: str) -> str:
    """A full campaign id from an id or an unambiguous prefix of at least 6 characters."""
    with store.read() as conn:
        return queries_web.resolve_campaign_id(conn, prefix)


def campaign_detail(store: Store, campaign: str) -> dict[str, Any]:
    """One campaign (id or prefix): summary, tying indicators, reports."""
    cid = resolve_campaign_id(store, campaign)
    with store.read() as conn:
        item = queries.get_campaign(conn, cid)
    if item is None:  # pragma: no cover - resolved just above
        raise NotFoundError(f"no campaign with id {campaign!r}")
    return item
