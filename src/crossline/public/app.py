"""The citizens' site: ``create_public_app(node)``, mounted by the node at ``/public``.

No login: nothing here reads a session cookie or an API token (both headers are
removed before any route sees the request), so an analyst's credentials can neither
unlock more nor be abused from here. Its own limits (:mod:`crossline.public.limits`),
its own error pages, its own templates and catalogues.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from crossline.errors import CrosslineError, RateLimitedError, ValidationError
from crossline.public import render
from crossline.public.challenge import Challenges
from crossline.public.config import PublicConfig
from crossline.public.limits import SlidingWindow
from crossline.services import citizens

API_PREFIX = "/api/v1"
PUBLIC_API = """No login. `GET|POST /check` answers for exact values only; `POST /report` needs a
proof of work from `GET /challenge`. Limits per address (429 with Retry-After). Errors:
`{"error": {"code": "...", "message": "...", ...}}`."""


class Limited(RateLimitedError):
    """Over a limit of the citizens' site; ``retry_after`` in seconds."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(
            "too many requests from your address: wait a minute and try again",
            retry_after=int(retry_after + 0.999),
        )
        self.retry_after = int(retry_after + 0.999)


class TooLarge(ValidationError):
    """The request body is over the site's size limit."""

    code = "too_large"


class PublicSite:
    """What the routes of the citizens' site share."""

    def __init__(self, node: Any, config: PublicConfig) -> None:
        self.node = node
        self.config = config
        self.checks = SlidingWindow(config.check_limit)
        self.reports = SlidingWindow(config.report_limit)
        self.challenges = Challenges(node.settings.secret_key(), min_age=config.form_min_age)

    def limit(self, window: SlidingWindow, request: Request) -> None:
        wait = window.hit(address(request))
        if wait is not None:
            raise Limited(wait)

    def submit(
        self, request: Request, report: citizens.CitizenReportIn, *, nonce: str, origin: str
    ) -> citizens.Receipt:
        """Store a report sent through ``origin`` (the form or the API) from the request's
        address, under this site's sharing ceiling; the reporter's receipt."""
        return citizens.submit_report(
            self.node.store,
            self.node.settings,
            report,
            nonce=nonce,
            origin=origin,
            address=address(request),
            ceiling=self.config.ceiling,
        )


def address(request: Request) -> str:
    return request.client.host if request.client else "-"


def site(request: Request) -> PublicSite:
    found: PublicSite = request.app.state.public
    return found


def create_public_app(node: Any, config: PublicConfig | None = None) -> FastAPI:
    """The citizens' site on ``node`` (a :class:`crossline.node.Node`)."""
    from crossline.public import api, pages

    config = config or PublicConfig.from_env()
    app = FastAPI(
        title="Crossline citizens' check and report",
        description=PUBLIC_API,
        docs_url=None,
        redoc_url=None,
        openapi_url=API_PREFIX + "/openapi.json",  # for partner apps and SMS gateways
    )
    app.state.public = PublicSite(node, config)
    static = resources.files("crossline.public") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="public-static")
    app.include_router(pages.router)
    app.include_router(api.router, prefix=API_PREFIX)

    @app.exception_handler(CrosslineError)
    async def crossline_error(request: Request, exc: CrosslineError) -> Response:
        return error_response(request, exc)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ())[1:]) or "request"
        message = f"{where}: {first.get('msg', 'invalid')}"
        return error_response(request, ValidationError(message, field=where))

    app.add_middleware(PublicGate, max_body=config.max_body_bytes)
    return app


def error_response(request: Request, exc: CrosslineError) -> Response:
    """The JSON error shape under /api, a page in the site's language elsewhere."""
    status = 429 if isinstance(exc, RateLimitedError) else 413 if isinstance(exc, TooLarge) else 400
    headers = {}
    if isinstance(exc, Limited):
        headers["Retry-After"] = str(exc.retry_after)
    if API_PREFIX + "/" in request.url.path:
        response = render.padded_json(exc.to_dict(), 0, status=status)
        response.headers.update(headers)
        return response
    template = "limited.html" if status == 429 else "error.html"
    return render.page(request, template, status=status, headers=headers, error=exc)


class PublicGate:
    """Pure ASGI middleware: drop credentials, refuse bodies over the size limit."""

    def __init__(self, app: Any, *, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = [(k, v) for k, v in scope["headers"] if k not in (b"cookie", b"authorization")]
        scope = {**scope, "headers": headers}
        length = dict(headers).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body:
            await _too_large(scope, send, self.max_body)
            return
        seen = 0

        async def counted() -> Any:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise TooLarge(f"request body over {self.max_body} bytes")
            return message

        await self.app(scope, counted, send)


async def _too_large(scope: Any, send: Any, limit: int) -> None:
    error = {"code": "too_large", "message": f"request body over {limit} bytes"}
    body = json.dumps({"error": error}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
