"""Blind matching over HTTP: what a partner node asks (digests, references, PSI rounds,
requests for details; partner token with ``share:pull``, agreement required) and what
this node's analysts do (run a match, list results and queries; ``sharing``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import Field

from crossline.api.models import ERRORS, Strict
from crossline.api.paging import PageLimit, PageOffset
from crossline.api.partner_requests import RawBody, check_partner_request
from crossline.api.responses.sharing import (
    CreatedStatus,
    DetailsRequestOut,
    DigestPage,
    Items,
    MatchRunOut,
    PsiOut,
)
from crossline.errors import (
    IntegrityError,
    NotAllowedError,
    PermissionDeniedError,
    RateLimitedError,
    ValidationError,
)
from crossline.http import partner_gate
from crossline.http.deps import audit, client_ip, get_node, require
from crossline.node.auth import Principal
from crossline.node.security import SHARE_PULL, SHARING
from crossline.share import match_run, match_serve
from crossline.share import matching as mt
from crossline.share.partners import Partner

router = APIRouter(prefix="/api/v1/match", responses=ERRORS, tags=["matching"])

# What a partner node may call: these routes apply its agreement and budget themselves.
partner_gate.PARTNER_ROUTES.update(
    {
        ("GET", "/api/v1/match/digests"),
        ("POST", "/api/v1/match/refs"),
        ("POST", "/api/v1/match/psi"),
        ("POST", "/api/v1/match/requests"),
    }
)

Sharing = Annotated[Principal, Depends(require(SHARING))]
SharePull = Annotated[Principal, Depends(require(SHARE_PULL))]
MAX_VALUES = 100_000  # hard cap of one body; budgets are usually far lower


@contextmanager
def refusals(request: Request, principal: Principal, what: str) -> Iterator[None]:
    """Agreement and budget refusals as HTTP 403 / 429, each one in the audit log."""
    try:
        yield
    except (NotAllowedError, RateLimitedError) as exc:
        outcome = "over_budget" if isinstance(exc, RateLimitedError) else "denied"
        get_node(request).audit.record(
            principal, "search", "match", what, outcome=outcome,
            detail={"reason": exc.message[:300]}, ip=client_ip(request),
        )  # fmt: skip
        if isinstance(exc, RateLimitedError):
            raise
        raise PermissionDeniedError(exc.message, **exc.context) from exc
    except IntegrityError as exc:
        raise ValidationError(exc.message, **exc.context) from exc


def calling_partner(request: Request, principal: Principal) -> Partner:
    with refusals(request, principal, "partner"):
        return mt.partner_for_org(get_node(request).store, principal.org_id)


def _serve(
    request: Request,
    principal: Principal,
    what: str,
    serve: Callable[..., dict[str, Any]],
    values: Callable[[dict[str, Any]], int],
    *args: Any,
    **kwargs: Any,
) -> dict[str, Any]:
    """Answer the calling partner with ``serve`` (under its agreement and budget: see
    :func:`refusals`), and audit the search with how many ``values`` it covered."""
    node = get_node(request)
    partner = calling_partner(request, principal)
    with refusals(request, principal, what):
        out = serve(node.store, node.settings, partner, *args, actor=principal.actor, **kwargs)
    audit(request, principal, "search", "match", what, values=values(out))
    return out


class RefsIn(Strict):
    digests: list[str] = Field(..., max_length=MAX_VALUES)


class PsiIn(Strict):
    points: list[str] = Field(..., max_length=MAX_VALUES)


class EnvelopeIn(Strict):
    """A signed envelope (see crossline.share.envelope)."""

    payload: dict[str, Any]
    signer: dict[str, Any]
    signed_at: str = Field(..., max_length=64)
    signature: str = Field(..., max_length=200)


class RunIn(Strict):
    partner: str = Field(..., min_length=2, max_length=64)
    mode: Literal["hmac", "psi"] = "hmac"


class DetailsIn(Strict):
    note: str | None = Field(None, max_length=2000)


# -- asked by a partner node --------------------------------------------------------------------


@router.get("/digests", response_model=DigestPage)
def digests(
    request: Request,
    principal: SharePull,
    cursor: str | None = Query(None, max_length=512),
    limit: int = Query(mt.PAGE, ge=1, le=mt.PAGE),
) -> dict[str, Any]:
    """HMAC mode: this node's keyed digests for the calling partner, a page at a time."""
    return _serve(request, principal, "digests", match_serve.digests_page,
                  lambda page: len(page["items"]), cursor=cursor, limit=limit)  # fmt: skip


@router.post("/refs", response_model=Items)
def refs(body: RefsIn, request: Request, principal: SharePull) -> dict[str, Any]:
    """HMAC mode: case references for the digests the partner matched (counts to budget)."""
    return _serve(request, principal, "refs", match_serve.refs_for,
                  lambda _: len(body.digests), body.digests)  # fmt: skip


@router.post("/psi", response_model=PsiOut)
def psi_round(body: PsiIn, request: Request, principal: SharePull) -> dict[str, Any]:
    """PSI mode: one round as the responder (counts to the partner's budget)."""
    cache = get_node(request).psi_cache
    return _serve(request, principal, "psi", match_serve.psi_answer,
                  lambda _: len(body.points), body.points, cache=cache)  # fmt: skip


@router.post("/requests", status_code=201, response_model=CreatedStatus)
def receive_request(
    body: EnvelopeIn,
    request: Request,
    principal: SharePull,
    raw: RawBody,
) -> dict[str, Any]:
    """A partner's signed request for details on a match it found (a signed request:
    replayed or stale, it answers 401)."""
    node = get_node(request)
    partner = calling_partner(request, principal)
    check_partner_request(request, partner, raw)
    with refusals(request, principal, "request"):
        out = mt.receive_request(node.store, node.settings, partner, body.model_dump())
    audit(request, principal, "create", "match_request", out["id"])
    return {"id": out["id"], "status": out["status"]}  # the local campaign stays local


# -- this node's analysts -----------------------------------------------------------------------


@router.post("/run", response_model=MatchRunOut)
def run(body: RunIn, request: Request, principal: Sharing) -> dict[str, Any]:
    """Match this node's values against a partner's (HMAC or PSI)."""
    node = get_node(request)
    out = match_run.run_match(
        node.store, node.settings, body.partner, body.mode, outbound=node.outbound,
        actor=principal.actor,
    )  # fmt: skip
    audit(
        request, principal, "search", "match", body.partner, mode=body.mode, matches=out["matches"]
    )
    return out


@router.get("/results", response_model=Items)
def results(
    request: Request,
    principal: Sharing,
    partner: str | None = Query(None, max_length=64),
    limit: PageLimit = 100,
    offset: PageOffset = 0,
) -> dict[str, Any]:
    """Match results: "partner X holds this value in its case Y"."""
    items = mt.list_results(get_node(request).store, partner=partner, limit=limit, offset=offset)
    audit(request, principal, "read", "match_results", None, count=len(items))
    return {"items": items}


@router.post("/results/{match_id}/request", status_code=201, response_model=DetailsRequestOut)
def request_details(
    body: DetailsIn,
    request: Request,
    principal: Sharing,
    match_id: str = Path(..., pattern=r"^[0-9a-f-]{6,36}$"),
) -> dict[str, Any]:
    """Send the partner a signed request for details on one match."""
    node = get_node(request)
    out = match_run.request_details(
        node.store, node.settings, match_id, note=body.note, outbound=node.outbound
    )
    audit(request, principal, "create", "match_request", out["id"], status=out["status"])
    return out


def _log_route(path: str, name: str, what: str, lister: Callable[..., Any], doc: str) -> None:
    """Register ``GET path``: a page of one of the node's match logs, its reading audited."""

    def endpoint(request: Request, principal: Sharing, limit: PageLimit = 100) -> dict[str, Any]:
        audit(request, principal, "read", what)
        return {"items": lister(get_node(request).store, limit=limit)}

    router.add_api_route(path, endpoint, methods=["GET"], name=name, response_model=Items,
                         description=doc)  # fmt: skip


for _path, _name, _what, _lister, _doc in (
    ("/requests", "list_requests", "match_requests", mt.list_requests,
     "Requests for details, sent and received."),
    ("/queries", "queries", "match_queries", mt.list_queries,
     "The match query log: who asked, when, how many values, and the outcome."),
):  # fmt: skip
    _log_route(_path, _name, _what, _lister, _doc)
