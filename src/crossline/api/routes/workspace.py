"""The analysts' workspace: search that knows identifiers, bulk lookup, exports of any
list (CSV, XLSX) and watchlists. Thin: each route calls one use case."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from crossline.api.models import ERRORS, Country, Day
from crossline.api.paging import PageLimit, PageOffset
from crossline.api.responses.workspace import BulkOut, Removed, SearchOut, WatchOut, WatchPage
from crossline.http.deps import CasesExport, CasesRead, acting, audit, get_node
from crossline.http.downloads import send
from crossline.node.security import REPORTS_READ
from crossline.services import bulk, exports
from crossline.services import search as search_service
from crossline.services import watchlists as watch_service

router = APIRouter(prefix="/api/v1", responses=ERRORS)
SINCE = Query(None, description="campaigns active on or after this day (YYYY-MM-DD)")
UNTIL = Query(None, description="campaigns active on or before this day (YYYY-MM-DD)")
REGION = Query(None, description="read local numbers as this country's (ISO 3166-1 alpha-2)")

TABLE_FILES = {
    200: {
        "content": {
            "text/csv": {},
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
        }
    }
}


@router.get("/search", tags=["indicators"], response_model=SearchOut)
def search(
    request: Request,
    principal: CasesRead,
    q: str = Query(..., min_length=1, max_length=2000, description="a value, identifier or text"),
    region: Country | None = REGION,
    page: int = Query(1, ge=1, le=100_000),
    per_page: int = Query(50, ge=1, le=500),
) -> dict[str, Any]:
    """A value, a complaint/reference number, a campaign or report id prefix, or text:
    everything found, with one header saying what was searched and how many found.
    Reports' text is searched only for callers who may read reports."""
    answer = search_service.search(
        get_node(request).store, q, region=region, page=page, per_page=per_page,
        text=principal.can(REPORTS_READ),
    )  # fmt: skip
    audit(
        request, principal, "search", "indicator", None, q=q[:200], found=answer["header"]["found"]
    )
    return answer


class BulkIn(BaseModel):
    """Values to look up: a list, or a pasted text (one value a line; commas, semicolons
    and tabs also separate values)."""

    model_config = ConfigDict(extra="forbid")

    values: list[Annotated[str, Field(max_length=bulk.MAX_VALUE_CHARS)]] | None = Field(
        None, max_length=bulk.MAX_VALUES * 2
    )
    text: str | None = Field(None, max_length=8_000_000)
    region: Country | None = None


@router.post("/lookup/bulk", tags=["indicators"], response_model=BulkOut, responses=TABLE_FILES)
def bulk_lookup(
    request: Request,
    principal: CasesRead,
    body: BulkIn,
    format: Literal["json", "csv", "xlsx"] = "json",
) -> Any:
    """Look up to 10,000 values at once: one row per value with what it was found as,
    reports, campaigns, first/last seen and a risk word; ``format=csv|xlsx`` downloads
    the table. More than 10,000 values answers 413."""
    values = list(body.values or [])
    if body.text:
        values += bulk.parse_values(body.text)
    if len(values) > bulk.MAX_VALUES:
        values = bulk.parse_values("\n".join(values))  # raises, naming the count
    result = bulk.bulk_lookup(get_node(request).store, values, region=body.region)
    audit(request, principal, "search", "indicator", None, bulk=len(values), found=result["found"])
    if format != "json":
        return send(exports.bulk_download(result, format))
    return result


ListName = Literal["campaigns", "search", "campaign-reports", "imports", "quarantine", "alerts"]


@router.get("/exports/{table}", tags=["exports"], response_class=Response, responses=TABLE_FILES)
def export(
    request: Request,
    principal: CasesExport,
    table: ListName,
    format: Literal["csv", "xlsx"] = "csv",
    q: str | None = Query(None, max_length=2000, description="search: the query"),
    region: Country | None = None,
    campaign: str | None = Query(None, max_length=36, description="campaign-reports: the id"),
    sort: Literal["reports", "victims", "recent", "oldest", "loss"] = "reports",
    label: str | None = Query(None, max_length=64, description="scam type, name or label"),
    jurisdiction: str | None = Query(None, pattern=r"^[A-Za-z]{2}$"),
    state: str | None = Query(None, max_length=64),
    since: Day | None = SINCE,
    until: Day | None = UNTIL,
    cross_border: bool = False,
    unacked: bool = False,
    import_id: str | None = Query(None, max_length=36),
    status: Literal["open", "under_investigation", "referred", "closed"] | None = None,
    assignee: str | None = Query(None, max_length=64, description="campaigns: assigned to"),
    tag: str | None = Query(None, max_length=48, description="campaigns: tagged so"),
) -> Response:
    """Any list, whole and filtered as it is paged, as CSV or XLSX (cells neutralised
    against formula injection): campaigns, a search, a campaign's reports, imports,
    the quarantine, alerts."""
    params = {
        "q": q, "region": region, "campaign": campaign, "sort": sort, "label": label,
        "jurisdiction": jurisdiction, "state": state, "since": since and since.isoformat(),
        "until": until and until.isoformat(),
        "cross_border": cross_border, "unacked": unacked, "import_id": import_id,
        "status": status, "assignee": assignee, "tag": tag,
    }  # fmt: skip
    file = exports.export_table(get_node(request).store, principal, table, format, params)
    audit(request, principal, "export", table, None, format=format, **exports.audit_params(params))
    return send(file)


# -- watchlists --------------------------------------------------------------------------------


class WatchIn(BaseModel):
    kind: Literal["value", "query", "campaign"]
    target: str = Field(..., min_length=1, max_length=500)
    note: str | None = Field(None, max_length=500)
    notify: bool = False
    region: Country | None = None


@router.get("/watchlists", tags=["watchlists"], response_model=WatchPage)
def watchlists(
    request: Request,
    principal: CasesRead,
    limit: PageLimit = 100,
    offset: PageOffset = 0,
) -> dict[str, Any]:
    """The caller's own watches (values, queries, campaigns), newest first."""
    page = watch_service.list_watches(
        get_node(request).store, principal.id, limit=limit, offset=offset
    )
    audit(request, principal, "read", "watchlists", None, count=len(page["items"]))
    return page


@router.post("/watchlists", tags=["watchlists"], response_model=WatchOut, status_code=201)
def add_watch(request: Request, principal: CasesRead, body: WatchIn) -> dict[str, Any]:
    """Watch a value, a query or a campaign: new reports that match raise an alert
    (alerts page; with ``notify``, also the node's webhooks, e-mail ready)."""
    node = get_node(request)
    return watch_service.create_watch(
        node.store, node.audit, acting(request, principal), user_id=principal.id,
        org_id=principal.org_id, kind=body.kind, target=body.target, note=body.note,
        notify=body.notify, region=body.region,
    )  # fmt: skip


@router.delete("/watchlists/{watch_id}", tags=["watchlists"], response_model=Removed)
def remove_watch(
    request: Request,
    principal: CasesRead,
    watch_id: str = Path(..., max_length=36, pattern=r"^[0-9a-f-]{6,36}$"),
) -> dict[str, Any]:
    """Stop watching (one's own watches; anyone else's answers 404)."""
    node = get_node(request)
    watch_service.remove_watch(
        node.store, node.audit, acting(request, principal), principal.id, watch_id
    )
    return {"id": watch_id, "removed": True}
