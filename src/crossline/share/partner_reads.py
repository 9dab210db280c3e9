"""The API's read routes as a partner's token sees them.

A principal whose organisation is a registered partner's ``org_id`` is served by
these functions instead of the ordinary queries: every record comes from the
``shareable_*`` iterators (so it passed :func:`~crossline.share.policy.decide` and
was redacted), and a record the agreement does not allow is simply absent — a direct
read of one raises NotFoundError (404), the same answer as for an id that does not
exist, so a partner cannot learn that a restricted record is there.

Each function returns the shape of the ordinary route where it can, with a
``"shared_under"`` key naming the agreement (None when no agreement is in force:
then everything is empty).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice
from typing import Any, Unpack

from crossline.errors import NotFoundError
from crossline.share.agreements import Agreement
from crossline.share.shareable import iter_campaigns, iter_indicators, iter_reports
from crossline.share.shared_campaigns import shared_campaigns
from crossline.store import Store
from crossline.store.read.reports import ReportFilters, report_matches

SORTS = {
    "reports": lambda c: (-c["report_count"], c["id"]),
    "victims": lambda c: (-c["victims"], c["id"]),
    "oldest": lambda c: (c["first_seen"] is None, c["first_seen"] or "", c["id"]),
}


def _under(agreement: Agreement | None) -> str | None:
    return agreement.id if agreement is not None else None


def _listing(
    items: list[dict[str, Any]], limit: int, offset: int, agreement: Agreement | None
) -> dict[str, Any]:
    """One page of a list, in the shape of the ordinary route's answer."""
    return {
        "total": len(items),
        "limit": limit,
        "offset": offset,
        "items": items[offset : offset + limit],
        "shared_under": _under(agreement),
    }


def _page(items: Iterable[dict[str, Any]], limit: int, offset: int) -> list[dict[str, Any]]:
    return list(islice(items, offset, offset + limit))


def campaigns(
    store: Store,
    agreement: Agreement | None,
    *,
    sort: str = "reports",
    currency: str = "USD",
    jurisdiction: str | None = None,
    cross_border: bool = False,
    label: str | None = None,
    min_reports: int = 2,
    limit: int = 25,
    offset: int = 0,
) -> dict[str, Any]:
    """Campaigns the agreement shares, summarised over the shared reports only."""
    found = []
    for c in shared_campaigns(store, agreement):
        if c["report_count"] < min_reports:
            continue
        if jurisdiction and jurisdiction not in c["jurisdictions"]:
            continue
        if (cross_border and not c["cross_border"]) or (label and c["label"] != label):
            continue
        found.append(c)
    found.sort(key=lambda c: c["id"])
    if sort == "recent":
        found.sort(key=lambda c: c["last_seen"] or "", reverse=True)
    elif sort == "loss":
        found.sort(key=lambda c: (-float((c.get("total_loss") or {}).get(currency) or 0), c["id"]))
    else:
        found.sort(key=SORTS.get(sort, SORTS["reports"]))
    return _listing(found, limit, offset, agreement)


def campaign(
    store: Store, agreement: Agreement | None, campaign_id: str, *, reports_limit: int = 100
) -> dict[str, Any]:
    """One shared campaign with its shared reports; NotFoundError when not shared."""
    found = next(iter_campaigns(store, agreement, campaign_id=campaign_id), None)
    if found is None:
        raise NotFoundError(f"no campaign with id {campaign_id!r}")
    reps = _page(iter_reports(store, agreement, campaign_id=campaign_id), reports_limit, 0)
    return {**found, "reports": reps, "shared_under": _under(agreement)}


def indicator(store: Store, agreement: Agreement | None, indicator_id: str) -> dict[str, Any]:
    """One shared indicator; NotFoundError when the agreement does not share it."""
    found = next(iter_indicators(store, agreement, ids=[indicator_id]), None)
    if found is None:
        raise NotFoundError(f"no indicator with id {indicator_id!r}")
    return {**found, "shared_under": _under(agreement)}


def lookup(store: Store, agreement: Agreement | None, result: dict[str, Any]) -> dict[str, Any]:
    """A lookup's result cut down to what is shared: indicators the agreement allows,
    each with its shared campaign (or None); no sightings."""
    wanted = [i["id"] for i in result.get("indicators", [])][:500]
    shared = {i["id"]: i for i in iter_indicators(store, agreement, ids=wanted)}
    camp_ids = sorted({i["campaign_id"] for i in shared.values() if i.get("campaign_id")})
    camps = {c["id"]: c for c in iter_campaigns(store, agreement, ids=camp_ids)}
    items = []
    for iid in wanted:
        if iid in shared:
            item = dict(shared[iid])
            item["campaign"] = camps.get(item.get("campaign_id"))
            if item["campaign"] is None:
                item["campaign_id"] = None  # do not point at a campaign the partner cannot read
            items.append(item)
    return {
        "query": result.get("query"),
        "normalized": result.get("normalized", []),
        "indicators": items,
        "shared_under": _under(agreement),
    }


def reports(
    store: Store,
    agreement: Agreement | None,
    *,
    limit: int = 50,
    offset: int = 0,
    **filters: Unpack[ReportFilters],
) -> dict[str, Any]:
    """Shared reports matching the filters of the stored search, oldest stored first."""
    shared = iter_reports(
        store, agreement, campaign_id=filters.get("campaign_id"), since=filters.get("since")
    )
    items = [r for r in shared if report_matches(r, filters)]
    return _listing(items, limit, offset, agreement)


def report(store: Store, agreement: Agreement | None, report_id: str) -> dict[str, Any]:
    """One shared report; NotFoundError when the agreement does not share it."""
    found = next(iter_reports(store, agreement, ids=[report_id]), None)
    if found is None:
        raise NotFoundError(f"no report with id {report_id!r}")
    return {**found, "shared_under": _under(agreement)}


def stats(store: Store, agreement: Agreement | None) -> dict[str, Any]:
    """Counts of what the agreement shares (never of what it withholds)."""
    return {
        "reports": sum(1 for _ in iter_reports(store, agreement)),
        "indicators": sum(1 for _ in iter_indicators(store, agreement)),
        "campaigns": len(shared_campaigns(store, agreement)),
        "shared_under": _under(agreement),
    }


def resolve_campaign(store: Store, agreement: Agreement | None, ref: str) -> str:
    """A campaign id from a full id or a prefix, among the *shared* campaigns only (an
    ambiguous or unknown prefix must not reveal campaigns the partner cannot read)."""
    ref = ref.strip().lower()
    if len(ref) == 36:
        return ref
    matches = [c["id"] for c in shared_campaigns(store, agreement) if c["id"].startswith(ref)]
    if len(matches) != 1:
        raise NotFoundError(f"no campaign with id {ref!r}")
    return matches[0]
