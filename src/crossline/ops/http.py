"""ASGI middleware of the ops layer: request ids, latency metrics, one log line per request."""

from __future__ import annotations

import logging
import time
import uuid
from typing import Any

from crossline import metrics
from crossline.ops.logging import request_context

log = logging.getLogger("crossline.http")

REQUEST_ID_HEADER = b"x-request-id"


def _route_template(scope: dict[str, Any]) -> str:
    """The matched route's template (``/api/v1/campaigns/{campaign}``), never the raw path:
    raw paths would put ids and looked-up values into metric labels and logs."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    if path:
        return str(path)
    if scope["path"].startswith("/static/"):
        return "/static"
    return "unmatched"


def _request_id(scope: dict[str, Any]) -> str:
    for name, value in scope.get("headers", ()):
        if name == REQUEST_ID_HEADER:
            # Accept a caller's id only in a plain, short form (it goes into logs).
            text = value.decode("latin-1")[:64]
            if text and all(c.isalnum() or c in "-_." for c in text):
                return text
    return uuid.uuid4().hex[:16]


class HttpMiddleware:
    """A pure ASGI middleware for HTTP requests: other scopes (lifespan, websockets) pass
    through untouched; subclasses implement :meth:`http`.

    (Starlette's ``BaseHTTPMiddleware`` would cost a task and two streams per request.)
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.http(scope, receive, send)

    async def http(self, scope: Any, receive: Any, send: Any) -> None:
        raise NotImplementedError


class RequestMetrics(HttpMiddleware):
    """Times each HTTP request, labels it by route template and status class, echoes an
    ``X-Request-ID`` and logs one line (no query string, no body)."""

    async def http(self, scope: Any, receive: Any, send: Any) -> None:
        started = time.perf_counter()
        rid = _request_id(scope)
        status = 500
        token = request_context.set({"request_id": rid})

        async def send_wrapper(message: Any) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [
                    *message.get("headers", []),
                    (REQUEST_ID_HEADER, rid.encode()),
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            seconds = time.perf_counter() - started
            route = _route_template(scope)
            metrics.observe_request(scope["method"], route, status, seconds)
            log.info(
                "%s %s %s",
                scope["method"],
                route,
                status,
                extra={
                    "request_id": rid,
                    "method": scope["method"],
                    "route": route,
                    "status": status,
                    "duration_ms": round(seconds * 1000, 2),
                },
            )
            request_context.reset(token)
