"""Operations endpoints: liveness, readiness and Prometheus metrics.

``/healthz`` and ``/readyz`` need no authentication and return no case data (load
balancers and process managers call them). ``/metrics`` answers callers on the
loopback interface (a Prometheus agent on the same host) and, from anywhere else,
only bearers of a token with the ``metrics`` scope (``metrics:read``). Metric labels
never hold case data (see :mod:`crossline.metrics`).
"""

from __future__ import annotations

import ipaddress
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials

from crossline import metrics
from crossline.api.models import ERRORS
from crossline.api.responses.ops import LiveOut, ReadyOut
from crossline.errors import AuthenticationError, PermissionDeniedError
from crossline.http import partner_gate
from crossline.http.deps import bearer_scheme, client_ip, current_principal, get_node
from crossline.node.security import METRICS_READ
from crossline.ops import health

router = APIRouter(tags=["ops"])
# No case data behind these: partner principals get the same answer as anyone.
partner_gate.OPEN_ROUTES.update({("GET", "/healthz"), ("GET", "/readyz")})

READY_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "Ready", "model": ReadyOut},
    503: {
        "description": "Not ready: `error.message` gives the reason, `error.checks` each check",
        "model": ERRORS[503]["model"],
    },
}
METRICS_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "Prometheus text exposition format", "content": {"text/plain": {}}},
    401: ERRORS[401],
    403: ERRORS[403],
}


@router.get("/healthz", response_model=LiveOut)
async def healthz() -> dict[str, str]:
    """Liveness: the process answers. No authentication, no data. Answered on the event
    loop itself (no worker thread): what it proves is that the loop is not starved."""
    return {"status": "ok"}


def _workers(request: Request) -> dict[str, bool]:
    node = get_node(request)
    pool = node.jobs.pool
    # A shut-down executor accepts no more jobs: the import worker is gone.
    out = {"import_worker": not getattr(pool, "_shutdown", False)}
    thread = getattr(node.audit, "_thread", None)
    if thread is not None:
        out["audit_writer"] = thread.is_alive()
    return out


@router.get("/readyz", responses=READY_RESPONSES)
def readyz(request: Request) -> Response:
    """Readiness: database reachable, schema at this build's newest migration, workers alive.

    200 ``{"status": "ready", "checks": ...}``, else 503 in the error shape with the reason.
    """
    result = health.readiness(get_node(request).store, _workers(request))
    if result.ready:
        return JSONResponse(result.to_dict())
    body = {"error": {"code": "not_ready", "message": result.reason, "checks": result.checks}}
    return JSONResponse(body, status_code=503, headers={"Retry-After": "5"})


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@router.get("/metrics", responses=METRICS_RESPONSES, response_class=Response)
def metrics_text(
    request: Request,
    _bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> Response:
    """Prometheus metrics: loopback callers, or a token with the ``metrics`` scope."""
    if not _is_loopback(client_ip(request)):
        principal = current_principal(request)
        if principal is None:
            raise AuthenticationError(
                "metrics: send a token with the 'metrics' scope, or scrape from the node's host"
            )
        if not principal.can(METRICS_READ):
            raise PermissionDeniedError(
                "metrics: this token lacks the 'metrics' scope", needs=[METRICS_READ]
            )
    body, content_type = metrics.render()
    return Response(body, media_type=content_type)
