"""Reports: create one, create in bulk, get one, search with filters and pagination."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from fastapi import APIRouter, Query, Request

from crossline.api.models import (
    ERRORS,
    BulkIn,
    ImportSummaryOut,
    ReportIn,
    parse_timestamp,
    timestamp_query,
)
from crossline.api.responses.read import (
    ReportDetail,
    ReportHistory,
    ReportPage,
    Shared,
    SharedPage,
)
from crossline.api.shared_views import record_view
from crossline.errors import NotFoundError
from crossline.http.deps import ReportsRead, ReportsWrite, audit, get_node
from crossline.http.partner_gate import partner_context
from crossline.node.auth import Principal
from crossline.services.reports import create_reports, visible_history, visible_report
from crossline.share import partner_reads
from crossline.store.read.reports import search_reports

router = APIRouter(prefix="/api/v1/reports", tags=["reports"], responses=ERRORS)


def _create(
    request: Request,
    principal: Principal,
    reports: list[ReportIn],
    target: Callable[[dict[str, Any]], str],
    **details: Any,
) -> dict[str, Any]:
    """Store ``reports`` as one import by the caller; audited under ``target(result)``
    with what was stored and what was a duplicate."""
    result = create_reports(get_node(request), principal, [r.to_domain() for r in reports])
    audit(request, principal, "create", "report", target(result), **details,
          stored=result["stored"], duplicates=result["duplicates"])  # fmt: skip
    return result


@router.post("", status_code=201, response_model=ImportSummaryOut)
def create_report(
    body: ReportIn,
    request: Request,
    principal: ReportsWrite,
) -> dict[str, Any]:
    """Store one report; posting the same ``source``/``source_ref`` again is a duplicate."""
    return _create(request, principal, [body], lambda result: result["report_ids"][0])


@router.post("/bulk", status_code=201, response_model=ImportSummaryOut)
def create_bulk(
    body: BulkIn,
    request: Request,
    principal: ReportsWrite,
) -> dict[str, Any]:
    """Store up to 5,000 reports as one import; counts reconcile like a file import."""
    return _create(
        request,
        principal,
        body.reports,
        lambda result: result["import_id"],
        count=len(body.reports),
    )


@router.get("", response_model=ReportPage | SharedPage)
def search(
    request: Request,
    principal: ReportsRead,
    q: str | None = Query(None, max_length=200, description="substring of text or category"),
    jurisdiction: str | None = Query(None, pattern=r"^[A-Za-z]{2}$"),
    channel: str | None = Query(None, max_length=16),
    label: str | None = Query(None, max_length=32),
    source: str | None = Query(None, max_length=64),
    campaign_id: str | None = Query(None, max_length=36),
    since: str | None = timestamp_query("seen at or after (RFC 3339)"),
    until: str | None = timestamp_query("seen before (RFC 3339)"),
    min_loss: float | None = Query(None, ge=0, le=1e15),
    sort: Literal["seen", "seen_asc", "loss"] = "seen",
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=10_000_000),
) -> dict[str, Any]:
    """Search reports; ``total`` counts every match, ``items`` is one page."""
    node = get_node(request)
    # What a partner's search and the node's own share; partners get no loss or sort.
    common: dict[str, Any] = {
        "q": q,
        "jurisdiction": jurisdiction.upper() if jurisdiction else None,
        "channel": channel,
        "label": label,
        "source": source,
        "campaign_id": campaign_id,
        "since": parse_timestamp(since, "since"),
        "limit": limit,
        "offset": offset,
    }
    if (ctx := partner_context(request)) is not None:
        page = partner_reads.reports(node.store, ctx.agreement, **common)
        audit(request, principal, "search", "report", None, partner=ctx.partner.name)
        return page
    until_at = parse_timestamp(until, "until")
    with node.store.read() as conn:
        page = search_reports(conn, **common, until=until_at, min_loss=min_loss, sort=sort)
    audit(
        request,
        principal,
        "search",
        "report",
        None,
        q=q,
        jurisdiction=jurisdiction,
        label=label,
        campaign_id=campaign_id,
        results=page["total"],
    )
    return page


@router.get("/{report_id}", response_model=ReportDetail | Shared)
def get_report(
    report_id: str,
    request: Request,
    principal: ReportsRead,
) -> dict[str, Any]:
    """A report in full, with the indicators found in it and where."""
    return record_view(
        request, principal, "report", report_id, partner_reads.report,
        lambda: visible_report(get_node(request), principal, report_id),
        lambda item: {"pii": "victim_pii" in item},
    )  # fmt: skip


@router.get("/{report_id}/history", response_model=ReportHistory)
def get_report_history(
    report_id: str,
    request: Request,
    principal: ReportsRead,
) -> dict[str, Any]:
    """Every version of a report (a complaint corrected at its source) and what each
    changed: values added and removed, fields before and after. Field warnings too."""
    if partner_context(request) is not None:  # a partner sees what was shared, not its history
        raise NotFoundError(f"no report with id {report_id!r}")
    item = visible_history(get_node(request), principal, report_id)
    audit(request, principal, "read", "report_history", report_id)
    return item
