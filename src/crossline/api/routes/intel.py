"""Indicators (lookup, sightings, neighbourhood), campaigns (list, detail, graph, timeline,
geography, export), stats and the dashboard aggregates."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from crossline.api.models import CAMPAIGN_REF, ERRORS, Country, Day
from crossline.api.paging import PageOffset
from crossline.api.responses.read import (
    CampaignDetail,
    CampaignGraphOut,
    CampaignIndicatorsOut,
    CampaignPage,
    DashboardOut,
    GeographyOut,
    GraphOut,
    IndicatorOut,
    LookupOut,
    Shared,
    SharedLookup,
    SharedPage,
    SharedStats,
    SightingsOut,
    StatsOut,
    TimelineOut,
)
from crossline.api.shared_views import record_view
from crossline.csvsafe import csv_text
from crossline.http.deps import CasesExport, CasesRead, audit, audit_lookup, get_node
from crossline.http.downloads import attachment
from crossline.http.partner_gate import partner_context
from crossline.services import campaigns as campaigns_service
from crossline.services import lookup as lookup_service
from crossline.share import partner_reads
from crossline.store.read import campaigns as read_campaigns
from crossline.store.read import dashboard as read_dashboard
from crossline.store.read import graph as read_graph
from crossline.store.read import imports as read_imports
from crossline.store.read import indicators as read_indicators

router = APIRouter(prefix="/api/v1", responses=ERRORS)
SINCE = Query(None, description="campaigns active on or after this day (YYYY-MM-DD)")
UNTIL = Query(None, description="campaigns active on or before this day (YYYY-MM-DD)")

CaseStatus = Literal["open", "under_investigation", "referred", "closed"]
CampaignRef = Annotated[
    str, Path(pattern=CAMPAIGN_REF, description="campaign id, or an unambiguous prefix (6+)")
]
REGION = Query(None, description="read local numbers as this country's (ISO 3166-1 alpha-2)")


@router.get("/indicators/lookup", tags=["indicators"], response_model=LookupOut | SharedLookup)
def lookup(
    request: Request,
    principal: CasesRead,
    q: str = Query(
        ..., min_length=1, max_length=2000, description="a value or text holding values"
    ),
    region: Country | None = REGION,
) -> dict[str, Any]:
    """Find a pasted number, handle, account, wallet, URL or domain (normalized as typed),
    or every value in a pasted text, with sightings and campaigns."""
    store = get_node(request).store
    result = lookup_service.lookup(store, q, region=region)
    if (ctx := partner_context(request)) is not None:
        result = partner_reads.lookup(store, ctx.agreement, result)
    audit_lookup(request, principal, q, result)
    return result


@router.get("/indicators/{indicator_id}", tags=["indicators"], response_model=IndicatorOut | Shared)
def indicator(
    indicator_id: str,
    request: Request,
    principal: CasesRead,
) -> dict[str, Any]:
    def own() -> dict[str, Any]:
        with get_node(request).store.read() as conn:
            return read_indicators.get_indicator(conn, indicator_id)

    return record_view(request, principal, "indicator", indicator_id, partner_reads.indicator, own)


@router.get(
    "/indicators/{indicator_id}/sightings", tags=["indicators"], response_model=SightingsOut
)
def sightings(
    indicator_id: str,
    request: Request,
    principal: CasesRead,
    limit: int = Query(50, ge=1, le=1000),
) -> dict[str, Any]:
    """Where the value was seen: report, field, and text span."""
    with get_node(request).store.read() as conn:
        read_indicators.get_indicator(conn, indicator_id)  # unknown ids answer 404
        items = read_indicators.sightings_of(conn, indicator_id, limit=limit)
    audit(request, principal, "read", "indicator", indicator_id, what="sightings")
    return {"indicator_id": indicator_id, "items": items}


@router.get("/indicators/{indicator_id}/graph", tags=["indicators"], response_model=GraphOut)
def indicator_graph(
    indicator_id: str,
    request: Request,
    principal: CasesRead,
    max_reports: int = Query(100, ge=1, le=500),
    campaign_id: str | None = Query(None, max_length=36, description="the graph on screen"),
    shown: int = Query(read_graph.CAMPAIGN_GRAPH_REPORTS, ge=0, le=5000),
) -> dict[str, Any]:
    """The reports a value was seen in, their other values and campaigns (to expand a graph
    node in place); with ``campaign_id``, the reports that campaign's graph shows are
    skipped and counted in ``already_shown``."""
    with get_node(request).store.read() as conn:
        graph = read_graph.indicator_graph(
            conn, indicator_id, max_reports=max_reports, campaign_id=campaign_id, shown=shown
        )
    audit(request, principal, "read", "indicator", indicator_id, what="graph")
    return graph


# -- campaigns ----------------------------------------------------------------------------------


@router.get("/campaigns", tags=["campaigns"], response_model=CampaignPage | SharedPage)
def campaigns(
    request: Request,
    principal: CasesRead,
    sort: Literal["reports", "victims", "recent", "oldest", "loss"] = "reports",
    currency: str | None = Query(
        None,
        pattern=r"^[A-Za-z]{3}$",
        description="for sort=loss: that currency first (default: every currency in USD)",
    ),
    jurisdiction: str | None = Query(None, pattern=r"^[A-Za-z]{2}$"),
    cross_border: bool = False,
    label: str | None = Query(
        None, max_length=64, description="scam type: a name (Tech Support) or a label"
    ),
    state: str | None = Query(None, max_length=64, description="a victim's state or province"),
    since: Day | None = SINCE,
    until: Day | None = UNTIL,
    min_reports: int = Query(2, ge=2, le=1_000_000),
    limit: int = Query(25, ge=1, le=200),
    offset: PageOffset = 0,
    status: CaseStatus | None = None,
    assignee: str | None = Query(None, max_length=64, description="assigned to this username"),
    tag: str | None = Query(None, max_length=48, description="tagged so by your organisation"),
) -> dict[str, Any]:
    """Campaigns (two or more linked reports) with their top tying values (and, for
    the caller's organisation, their casework status and assignee). Sorting by loss
    converts every currency to USD with the shipped dated rate table; campaigns with no
    loss come last, none is left out."""
    if (ctx := partner_context(request)) is not None:
        page = partner_reads.campaigns(
            get_node(request).store,
            ctx.agreement,
            sort=sort,
            currency=(currency or "USD").upper(),
            jurisdiction=jurisdiction.upper() if jurisdiction else None,
            cross_border=cross_border,
            label=campaigns_service.resolve_label(label),
            min_reports=min_reports,
            limit=limit,
            offset=offset,
        )
        audit(request, principal, "search", "campaign", None, partner=ctx.partner.name)
        return page
    filters = campaigns_service.list_filters(
        label=label, jurisdiction=jurisdiction, state=state,
        since=since and since.isoformat(), until=until and until.isoformat(),
        cross_border=cross_border, min_reports=min_reports,
    )  # fmt: skip
    page = campaigns_service.campaign_list(
        get_node(request).store,
        sort=sort,
        currency=currency.upper() if currency else None,
        limit=limit,
        offset=offset,
        **filters,
        org_id=principal.org_id,
        status=status,
        assignee=assignee.strip().lower().lstrip("@") if assignee else None,
        tag=tag.strip().lower() if tag else None,
    )
    audit(
        request,
        principal,
        "search",
        "campaign",
        None,
        sort=sort,
        jurisdiction=jurisdiction,
        cross_border=cross_border,
        label=label,
        state=state,
        since=str(since or ""),
        until=str(until or ""),
        status=status,
        assignee=assignee,
        tag=tag,
    )
    return page


def _campaign_view(
    request: Request, principal: Any, ref: str, what: str, query: Callable[[Any, str], Any]
) -> tuple[str, Any]:
    """Resolve a campaign reference, run one read query on it, audit the read."""
    with get_node(request).store.read() as conn:
        cid = read_campaigns.resolve_campaign_id(conn, ref)
        out = query(conn, cid)
    audit(request, principal, "read", "campaign", cid, what=what)
    return cid, out


def _named_campaign_view(
    request: Request,
    principal: Any,
    ref: str,
    what: str,
    query: Callable[[Any, str], dict[str, Any]],
    **page: int,
) -> dict[str, Any]:
    """:func:`_campaign_view`, answered under the campaign's full id (and the page asked)."""
    cid, out = _campaign_view(request, principal, ref, what, query)
    return {"campaign_id": cid, **page, **out}


@router.get("/campaigns/{campaign_id}", tags=["campaigns"], response_model=CampaignDetail | Shared)
def campaign(
    campaign_id: CampaignRef,
    request: Request,
    principal: CasesRead,
    reports_limit: int = Query(read_campaigns.DETAIL_REPORTS, ge=0, le=1000),
    reports_offset: PageOffset = 0,
) -> dict[str, Any]:
    """Summary (victims, loss, jurisdictions, first/last seen, label), tying values, a page
    of reports (oldest first) - the same view as the CLI's ``crossline campaign ID``."""
    if (ctx := partner_context(request)) is not None:
        store = get_node(request).store
        cid = partner_reads.resolve_campaign(store, ctx.agreement, campaign_id)
        item = partner_reads.campaign(store, ctx.agreement, cid, reports_limit=reports_limit)
        audit(request, principal, "read", "campaign", cid, partner=ctx.partner.name)
        return item
    item = campaigns_service.campaign_detail(
        get_node(request).store,
        campaign_id,
        reports_limit=reports_limit,
        reports_offset=reports_offset,
    )
    audit(request, principal, "read", "campaign", item["id"])
    return item


@router.get("/campaigns/{campaign_id}/graph", tags=["campaigns"], response_model=CampaignGraphOut)
def campaign_graph(
    campaign_id: CampaignRef,
    request: Request,
    principal: CasesRead,
    max_reports: int = Query(300, ge=1, le=2000),
) -> dict[str, Any]:
    """Link graph: report and indicator nodes, sighting edges; common values flagged."""
    graph = partial(read_graph.campaign_graph, max_reports=max_reports)
    return _named_campaign_view(request, principal, campaign_id, "graph", graph)


def _campaign_aggregate(what: str, model: type, query: Callable[[Any, str], Any], doc: str) -> None:
    """Register ``GET /campaigns/{campaign_id}/<what>``: one aggregate read of a campaign."""

    def endpoint(campaign_id: CampaignRef, request: Request, principal: CasesRead) -> Any:
        return _campaign_view(request, principal, campaign_id, what, query)[1]

    router.add_api_route(f"/campaigns/{{campaign_id}}/{what}", endpoint, methods=["GET"],
                         name=f"campaign_{what}", tags=["campaigns"], response_model=model,
                         description=doc)  # fmt: skip


for _what, _model, _query, _doc in (
    ("timeline", TimelineOut, read_campaigns.campaign_timeline,
     "Reports and losses per day and jurisdiction."),
    ("geography", GeographyOut, read_campaigns.campaign_geography,
     "Where the victims are: reports and distinct victims by country and state."),
):  # fmt: skip
    _campaign_aggregate(_what, _model, _query, _doc)


@router.get(
    "/campaigns/{campaign_id}/indicators",
    tags=["campaigns"],
    response_model=CampaignIndicatorsOut,
)
def campaign_indicators(
    campaign_id: CampaignRef,
    request: Request,
    principal: CasesRead,
    limit: int = Query(200, ge=1, le=1000),
    offset: PageOffset = 0,
) -> dict[str, Any]:
    """Every value seen in the campaign's reports; common ones flagged and listed last."""
    query = partial(read_campaigns.campaign_indicators, limit=limit, offset=offset)
    return _named_campaign_view(request, principal, campaign_id, "indicators", query,
                                limit=limit, offset=offset)  # fmt: skip


@router.get(
    "/campaigns/{campaign_id}/export",
    tags=["campaigns"],
    response_class=Response,
    responses={200: {"content": {"application/json": {}, "text/csv": {}}}},
)
def campaign_export(
    campaign_id: CampaignRef,
    request: Request,
    principal: CasesExport,
    format: Literal["json", "csv"] = "json",
    what: Literal["reports", "indicators"] = "reports",
) -> Response:
    """The campaign as JSON (summary, every indicator, every report) or as CSV tables."""
    with get_node(request).store.read() as conn:
        item = read_campaigns.campaign_detail(
            conn, campaign_id, indicators_limit=0, reports_limit=0
        )
        cid = item["id"]
        inds = read_campaigns.campaign_indicators(conn, cid, limit=100_000)["items"]
        reps = read_campaigns.campaign_reports(conn, cid, limit=100_000)
    audit(
        request, principal, "export", "campaign", cid, format=format, what=what, reports=len(reps)
    )
    name = f"campaign-{cid[:8]}"
    if format == "json":
        body = json.dumps({**item, "indicators": inds, "reports": reps}, indent=1, default=str)
        return attachment(body, "application/json", f"{name}.json")
    rows = inds if what == "indicators" else reps
    cols = list(rows[0]) if rows else ["id"]
    return attachment(csv_text(rows, [c for c in cols if c != "meta"]), "text/csv",
                      f"{name}-{what}.csv")  # fmt: skip


# -- stats and dashboard ---------------------------------------------------------------------------


@router.get("/stats", tags=["stats"], response_model=StatsOut | SharedStats)
def stats(
    request: Request,
    principal: CasesRead,
) -> dict[str, Any]:
    """Counts of reports, indicators, campaigns, quarantined rows and imports."""
    if (ctx := partner_context(request)) is not None:
        return partner_reads.stats(get_node(request).store, ctx.agreement)
    with get_node(request).store.read() as conn:
        return read_dashboard.stats(conn)


@router.get("/dashboard", tags=["stats"], response_model=DashboardOut)
def dashboard(
    request: Request,
    principal: CasesRead,
    days: int = Query(90, ge=7, le=730),
) -> dict[str, Any]:
    """Reports per day by jurisdiction, top campaigns by victims and by loss, recent
    cross-border campaigns, imports in progress."""
    with get_node(request).store.read() as conn:
        out = {
            "reports_per_day": read_dashboard.reports_per_day(conn, days=days),
            "top_campaigns": read_dashboard.top_campaigns(conn),
            "cross_border": read_dashboard.recent_cross_border(conn),
            "imports_in_progress": read_imports.list_import_jobs(
                conn, status="queued,running", limit=20
            ),
            "recent_imports": read_imports.recent_imports(conn, limit=8),
        }
    audit(request, principal, "read", "dashboard", None)
    return out
