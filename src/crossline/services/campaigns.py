"""Campaigns: resolve an id or prefix, one campaign's detail, a page of the list.

The CLI's ``campaign``/``campaigns``, the API's ``/campaigns`` routes and the web pages
all call these, so the three faces show the same campaign.
"""

from __future__ import annotations

from typing import Any

from crossline.store import Store
from crossline.store.read import campaigns as read_campaigns


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
    """One campaign (id or prefix): summary, tying indicators, a page of its reports."""
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
