"""Campaigns: resolve an id or prefix, one campaign's detail, a page of the list.

The CLI's ``campaign``/``campaigns``, the API's ``/campaigns`` routes and the web pages
all call these, so the three faces show the same campaign.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from crossline.classify.taxonomy import HUMAN_NAMES, human_name, label_from_name
from crossline.errors import ValidationError
from crossline.fx import table_date, to_usd
from crossline.store import Store
from crossline.store.accounts import home_org_id
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


#: The human name of a scam-type label (``tech_support`` -> ``Tech Support``).
scam_name = human_name


def fx_date() -> str:
    """The date of the shipped reference rates that convert losses to USD."""
    return table_date()


def scam_types() -> list[dict[str, str]]:
    """Every scam type as ``{"label", "name"}`` (internal label, human name), in the
    taxonomy's order: what a filter's select lists."""
    return [{"label": k, "name": v} for k, v in HUMAN_NAMES.items()]


def resolve_label(text: str | None) -> str | None:
    """A scam type as a person names it (``Tech Support``) or as stored (``tech_support``);
    an unknown name is kept as given (older labels stay searchable)."""
    if not text or not text.strip():
        return None
    return label_from_name(text) or text.strip()


def parse_day(text: str | None, field: str) -> datetime | None:
    """``YYYY-MM-DD`` as the start of that day in UTC; empty gives None."""
    if not text or not text.strip():
        return None
    try:
        return datetime.combine(date.fromisoformat(text.strip()), time.min, tzinfo=UTC)
    except ValueError as exc:
        raise ValidationError(
            f"{field}: {text[:40]!r} is not a date", field=field, expected="YYYY-MM-DD"
        ) from exc


def list_filters(
    *,
    label: str | None = None,
    jurisdiction: str | None = None,
    state: str | None = None,
    since: str | None = None,
    until: str | None = None,
    cross_border: bool = False,
    min_reports: int | None = None,
) -> dict[str, Any]:
    """The campaign list's filters as people type them, checked and made ready for the
    read model: human scam-type names, ``YYYY-MM-DD`` dates (``until`` inclusive)."""
    start, end = parse_day(since, "since"), parse_day(until, "until")
    out: dict[str, Any] = {
        "label": resolve_label(label),
        "jurisdiction": jurisdiction.upper() if jurisdiction else None,
        "state": state.strip() if state and state.strip() else None,
        "since": start,
        "until": end + timedelta(days=1) if end else None,
        "cross_border": cross_border,
    }
    if min_reports is not None:
        out["min_reports"] = min_reports
    return out


def campaign_list(store: Store, **filters: Any) -> dict[str, Any]:
    """One page of campaigns: see :func:`crossline.store.read.campaigns.campaigns_page`
    for the filters (jurisdiction, cross-border, scam type, state, dates, size) and
    paging. A scam type may be given by its human name. Each item gets ``loss_usd``
    (the loss converted with the shipped rate table) and ``label_name``."""
    if "label" in filters:
        filters["label"] = resolve_label(filters["label"])
    with store.read() as conn:
        page = read_campaigns.campaigns_page(conn, **filters)
    for item in page["items"]:
        describe(item)
    return page


def operator_campaign_list(store: Store, **filters: Any) -> dict[str, Any]:
    """The list as the node's operator sees it on the command line: the same page as
    :func:`campaign_list`, with the home organisation's casework beside each campaign
    (what that organisation's analysts see through the API)."""
    with store.read() as conn:
        org_id = home_org_id(conn)
    return campaign_list(store, org_id=org_id, **filters)


def describe(item: dict[str, Any]) -> dict[str, Any]:
    """Add what people read beside the stored figures: the scam type's name and the loss
    in dollars (``loss_usd``; ``loss_unconverted``: currencies the table lacks)."""
    usd, unknown = to_usd(item.get("total_loss"))
    item["loss_usd"] = str(usd) if usd is not None else None
    item["loss_unconverted"] = unknown
    item["label_name"] = human_name(item.get("label"))
    return item
