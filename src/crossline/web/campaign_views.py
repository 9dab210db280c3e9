"""The campaign pages (the filtered list, one campaign with its reports, places and
timeline) and the report page (its text with the indicators marked, its history)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from crossline.errors import ValidationError
from crossline.http.deps import audit, get_node
from crossline.node.security import CASES_READ, REPORTS_READ
from crossline.services.campaigns import (
    campaign_detail,
    campaign_list,
    fx_date,
    list_filters,
    scam_types,
)
from crossline.services.reports import visible_history, visible_report
from crossline.store.read import campaigns as read_campaigns
from crossline.store.read import reports as read_reports
from crossline.web import insights, timefmt
from crossline.web.casework_context import case_context, list_choices, report_context
from crossline.web.casework_context import list_filters as case_filters
from crossline.web.page import page_principal, pager, render

router = APIRouter(include_in_schema=False)
CAMPAIGN_REPORTS_PER_PAGE = 200


@router.get("/campaigns")
def campaigns(
    request: Request,
    sort: str = Query("reports", pattern="^(reports|victims|recent|oldest|loss)$"),
    jurisdiction: str = Query("", pattern=r"^([A-Za-z]{2})?$"),
    cross_border: bool = False,
    label: str = Query("", max_length=64),
    state: str = Query("", max_length=64),
    since: str = Query("", max_length=10),
    until: str = Query("", max_length=10),
    page: int = Query(1, ge=1, le=100_000),
) -> Response:
    principal = page_principal(request, CASES_READ)
    limit = 25
    error = None
    try:
        filters = list_filters(
            label=label, jurisdiction=jurisdiction, state=state, since=since, until=until,
            cross_border=cross_border,
        )  # fmt: skip
    except ValidationError as exc:
        error, filters = exc.message, list_filters(label=label, jurisdiction=jurisdiction)
        since = until = ""
    casework = case_filters(request, principal)
    data = campaign_list(
        get_node(request).store,
        sort=sort,
        limit=limit,
        offset=(page - 1) * limit,
        **filters,
        **casework,
    )
    audit(
        request, principal, "search", "campaign", None, sort=sort, jurisdiction=jurisdiction,
        cross_border=cross_border, label=label, state=state, since=since, until=until,
    )  # fmt: skip
    # The filters as the page shows them, which its links carry on (in this order).
    shown: dict[str, Any] = {
        "sort": sort, "label": filters["label"] or "", "jurisdiction": jurisdiction.upper(),
        "state": state, "since": since, "until": until,
    }  # fmt: skip
    qs = urlencode(
        {**shown, **({"cross_border": "true"} if cross_border else {}),
         "status": casework["status"] or "", "assignee": casework["assignee"] or "",
         "tag": casework.get("tag") or ""}
    )  # fmt: skip
    return render(
        request,
        "campaigns.html",
        principal,
        data=data,
        case=list_choices(request, principal),
        **shown,
        cross_border=cross_border,
        scam_types=scam_types(),
        fx_date=fx_date(),
        qs=qs,
        error=error,
        **pager(page, limit, data["total"]),
    )


@router.get("/campaigns/{campaign_id}")
def campaign(
    request: Request, campaign_id: str, page: int = Query(1, ge=1, le=100_000)
) -> Response:
    principal = page_principal(request, CASES_READ)
    per_page = CAMPAIGN_REPORTS_PER_PAGE
    store = get_node(request).store
    item = campaign_detail(store, campaign_id, indicators_limit=0, reports_limit=0)
    cid = item["id"]
    with store.read() as conn:
        listed = read_reports.search_reports(
            conn, campaign_id=cid, sort="seen_asc", limit=per_page, offset=(page - 1) * per_page
        )
        item["reports"] = listed["items"]
        item["reports_total"] = listed["total"]
        item["reports_offset"] = listed["offset"]
        inds = read_campaigns.campaign_indicators(conn, cid, limit=300)
        geo = read_campaigns.campaign_geography(conn, cid)
        timeline = read_campaigns.campaign_timeline(
            conn, cid, tz=timefmt.viewer_zone(request, principal)
        )
    audit(request, principal, "read", "campaign", cid)
    return render(
        request,
        "campaign.html",
        principal,
        c=item,
        case=case_context(request, principal, cid),
        inds=inds,
        geo=geo,
        maps=insights.maps_for(geo["places"]),
        map_legend=insights.svgcharts.map_legend(),
        timeline=timeline,
        **pager(page, per_page, listed["total"]),
    )


@router.get("/reports/{report_id}")
def report(request: Request, report_id: str) -> Response:
    principal = page_principal(request, REPORTS_READ)
    item = visible_report(get_node(request), principal, report_id)
    audit(request, principal, "read", "report", report_id, pii="victim_pii" in item)
    history = visible_history(get_node(request), principal, report_id)
    case = report_context(request, principal, item["id"]) if principal.can(CASES_READ) else None
    return render(request, "report.html", principal, r=item, spans=_spans(item), history=history,
                  case=case)  # fmt: skip


def _spans(item: dict[str, Any]) -> list[tuple[str, dict[str, Any] | None]]:
    """The report text cut into plain pieces and highlighted indicator spans."""
    text = item.get("text") or ""
    marks = sorted(
        (
            s
            for s in item["sightings"]
            if s["field"] == "text"
            and s["start"] is not None
            and s["end"] is not None
            and 0 <= s["start"] < s["end"] <= len(text)
        ),
        key=lambda s: (s["start"], -s["end"]),
    )
    out: list[tuple[str, dict[str, Any] | None]] = []
    pos = 0
    for s in marks:
        if s["start"] < pos:
            continue  # overlapping span: keep the first
        out.append((text[pos : s["start"]], None))
        out.append((text[s["start"] : s["end"]], s["indicator"]))
        pos = s["end"]
    out.append((text[pos:], None))
    return out
