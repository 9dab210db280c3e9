"""Money trails (transfers, traces, mules, freeze requests) and the suspect registry.

The registry is what banks, carriers and partners call: ``registry`` tokens see only
risk levels, reasons and counts, are rate-limited per token (429 with Retry-After),
and every question is in the audit log.
"""

from __future__ import annotations

import os
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from crossline.api.models import ERRORS
from crossline.api.paging import PageLimit, PageOffset
from crossline.api.responses.money import (
    FreezeRequestOut,
    FreezeRequestsOut,
    MulesOut,
    RegistryOut,
    TraceOut,
    TransferImportOut,
)
from crossline.errors import RateLimitedError
from crossline.http.deps import acting, audit, client_ip, get_node, require
from crossline.money import freeze, outbox, registry, service
from crossline.money.risk_index import SERVING_STAMP_EVERY, RiskIndex
from crossline.node.auth import Principal
from crossline.node.security import MONEY_READ, MONEY_WRITE, REGISTRY_READ
from crossline.services.money import FreezeFilter, freeze_outbox, resend_on_node
from crossline.store.visibility import OrgView

router = APIRouter(prefix="/api/v1", responses=ERRORS)

MoneyRead = Annotated[Principal, Depends(require(MONEY_READ))]
MoneyWrite = Annotated[Principal, Depends(require(MONEY_WRITE))]
RegistryRead = Annotated[Principal, Depends(require(REGISTRY_READ))]
RequestId = Annotated[str, Path(pattern=r"^[0-9a-f-]{36}$", description="freeze request id")]
RegistryKind = Literal[
    "any", "phone", "upi", "account", "iban", "wallet", "crypto", "email", "url", "domain"
]


class TransfersIn(BaseModel):
    """Transfers to import: objects with the trail columns (see docs/money.md)."""

    model_config = ConfigDict(extra="forbid")
    transfers: list[dict[str, Any]] = Field(..., min_length=1, max_length=10_000)
    source: str = Field("api", min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")


class AckIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ack_ref: str = Field(..., min_length=1, max_length=255)


@router.post("/money/transfers", tags=["money"], status_code=201, response_model=TransferImportOut)
def post_transfers(body: TransfersIn, request: Request, principal: MoneyWrite) -> dict[str, Any]:
    """Import transfers (bank or PSP statements); each is stored, a duplicate, or
    quarantined with its reason. Complaints whose trails they extend get new freeze
    requests."""
    summary = service.import_records(get_node(request).store, body.transfers, source=body.source)
    audit(request, principal, "create", "transfers", summary.import_id, stored=summary.stored)
    return summary.to_dict()


@router.get("/money/trace/{ref}", tags=["money"], response_model=TraceOut)
def trace(
    ref: Annotated[str, Path(min_length=3, max_length=255)],
    request: Request,
    principal: MoneyRead,
) -> dict[str, Any]:
    """The money trail of a complaint (report id or acknowledgement number) or of one
    transaction (id or UTR): accounts by layer with what may still be held, tainted
    transfers, cash-outs, and a tree for display."""
    trail, report_id, stats = freeze.trace_complaint(get_node(request).store, ref)
    audit(request, principal, "read", "trail", report_id or ref)
    return {"ref": ref, "report_id": report_id, "stats": stats, **trail.to_dict()}


@router.get("/money/mules", tags=["money"], response_model=MulesOut)
def mules(
    request: Request,
    principal: MoneyRead,
    min_score: float = Query(0.5, ge=0.0, le=1.0),
    limit: PageLimit = 100,
) -> dict[str, Any]:
    """Accounts scored as mules (computed by ``crossline money mules``), highest first."""
    items = service.list_mules(get_node(request).store, min_score=min_score, limit=limit)
    audit(request, principal, "search", "mules", None, min_score=min_score)
    return {"items": items}


@router.get("/money/freeze-requests", tags=["money"], response_model=FreezeRequestsOut)
def freeze_requests(
    request: Request,
    principal: MoneyRead,
    status: str | None = Query(
        None, pattern=r"^[a-z]+(,[a-z]+)*$", max_length=100, description="e.g. pending,retry"
    ),
    report_id: str | None = Query(None, max_length=36),
    campaign_id: str | None = Query(None, pattern=r"^[0-9a-f-]{36}$"),
    limit: PageLimit = 100,
    offset: PageOffset = 0,
) -> dict[str, Any]:
    """Freeze requests with their delivery state, newest first, of one complaint, one
    campaign or all; the total matching, the count in each state, latency figures."""
    where = FreezeFilter(status=status, report_id=report_id, campaign_id=campaign_id)
    page = freeze_outbox(get_node(request), where, limit=limit, offset=offset)
    audit(request, principal, "search", "freeze_request", None, status=status,
          campaign=campaign_id)  # fmt: skip
    return page


@router.post(
    "/money/freeze-requests/{request_id}/ack", tags=["money"], response_model=FreezeRequestOut
)
def ack(
    request_id: RequestId, body: AckIn, request: Request, principal: MoneyWrite
) -> dict[str, Any]:
    """Record a bank's acknowledgement of a sent request."""
    item = outbox.acknowledge(get_node(request).store, request_id, body.ack_ref)
    audit(request, principal, "change", "freeze_request", request_id, ack_ref=body.ack_ref)
    return item


@router.post(
    "/money/freeze-requests/{request_id}/resend", tags=["money"], response_model=FreezeRequestOut
)
def resend(request_id: RequestId, request: Request, principal: MoneyWrite) -> dict[str, Any]:
    """Send a request again (unacknowledged, failed, refused or waiting for a retry): it
    goes back to the outbox, due now. The resend is in the audit log with the state it
    left."""
    return resend_on_node(get_node(request), acting(request, principal), request_id)


def _limiter(request: Request) -> registry.TokenBucket:
    node = get_node(request)
    if node.registry_limiter is None:
        rate = float(os.environ.get("CROSSLINE_REGISTRY_RATE", "20"))
        burst = float(os.environ.get("CROSSLINE_REGISTRY_BURST", str(max(2 * rate, 1))))
        # Each server process keeps its own buckets: share the token's rate out among
        # them, so that several processes do not multiply what a token may ask.
        workers = max(1, int(os.environ.get("CROSSLINE_WORKERS", "1")))
        node.registry_limiter = registry.TokenBucket(rate / workers, max(burst / workers, 1.0))
    return node.registry_limiter


def _risk_index(request: Request) -> RiskIndex:
    node = get_node(request)
    if node.risk_index is None:
        node.risk_index = RiskIndex(node.store, stamp_every=SERVING_STAMP_EVERY)
    return node.risk_index


async def _registry(
    request: Request, principal: Principal, kind: str, value: str
) -> dict[str, Any]:
    """The answer, on the event loop when the risk index holds it whole; in a worker
    thread when it must read the database (a read never holds the other requests)."""
    wait = _limiter(request).take(f"{principal.kind}:{principal.id}")
    if wait:
        seconds = max(1, int(wait + 0.999))
        get_node(request).audit.record(
            principal,
            "search",
            "registry",
            None,
            outcome="denied",
            detail={"reason": "rate_limited"},
            ip=client_ip(request),
        )
        raise RateLimitedError(
            f"registry rate limit: try again in {seconds} seconds", retry_after=seconds
        )
    # A node admin's view sees every report: the registry still answers as the token's
    # own organisation, so RED reports count only for the organisation owning them.
    view = OrgView(org_id=principal.org_id, home=principal.home_org, everything=False)
    index = _risk_index(request)
    answer = index.kept(value, kind, view=view)
    if answer is None:
        answer = await run_in_threadpool(index.check, value, kind, view=view)
    audit(
        request,
        principal,
        "search",
        "registry",
        None,
        q=value[:200],
        kind=kind,
        risk=answer["risk"],
    )
    return answer


@router.get("/registry/{kind}/{value}", tags=["registry"], response_model=RegistryOut)
async def registry_path(
    kind: RegistryKind,
    value: Annotated[str, Path(min_length=1, max_length=300)],
    request: Request,
    principal: RegistryRead,
) -> dict[str, Any]:
    """Risk of a phone number, UPI handle, account, IBAN, wallet or address: level,
    reasons, counts of reports and campaigns, first/last seen. Never victims' data."""
    return await _registry(request, principal, kind, value)


@router.get("/registry", tags=["registry"], response_model=RegistryOut)
async def registry_query(
    request: Request,
    principal: RegistryRead,
    value: str = Query(..., min_length=1, max_length=300),
    kind: RegistryKind = "any",
) -> dict[str, Any]:
    """The same answer, for values that do not fit in a path (``?value=...&kind=...``)."""
    return await _registry(request, principal, kind, value)
