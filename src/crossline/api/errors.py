"""One JSON error shape for every API response that is not a success.

``{"error": {"code": "...", "message": "...", ...context}}``, exactly what
:meth:`crossline.errors.CrosslineError.to_dict` gives. Foreign errors (request
validation, unknown routes, unexpected exceptions) are translated here, once.
Browser pages get the same information as an HTML page (see ``crossline.web``).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException

from crossline.errors import (
    AuthenticationError,
    ConfigError,
    ConflictError,
    CrosslineError,
    IngestError,
    ModelError,
    NotFoundError,
    PayloadTooLargeError,
    PermissionDeniedError,
    RateLimitedError,
    ServiceUnavailableError,
    StoreError,
    StoreUnavailableError,
    ValidationError,
)
from crossline.redact import scrub

log = logging.getLogger("crossline.api")


# Most specific first: the first class the error is an instance of gives the status.
STATUS: tuple[tuple[type[CrosslineError], int], ...] = (
    (AuthenticationError, 401),
    (PermissionDeniedError, 403),
    (RateLimitedError, 429),
    (ConflictError, 409),
    (PayloadTooLargeError, 413),
    (NotFoundError, 404),
    (ValidationError, 422),
    (IngestError, 422),
    (ServiceUnavailableError, 503),
    (StoreUnavailableError, 503),
    (ConfigError, 500),
    (ModelError, 500),
    (StoreError, 500),
)

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
            "additionalProperties": True,
        }
    },
}

HTTP_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "rate_limited",
    503: "unavailable",
}


def status_of(exc: CrosslineError) -> int:
    for cls, status in STATUS:
        if isinstance(exc, cls):
            return status
    return 400


def error_body(code: str, message: str, **context: Any) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, **context}}


def error_response(exc: CrosslineError) -> JSONResponse:
    status = status_of(exc)
    body = scrub(exc.to_dict())  # messages name files by full path: callers get the name only
    if status >= 500:
        # Store and config failures carry internals (SQL, paths): log them, say little.
        log.error("server error %s: %s", exc.code, exc.message)
        message = "the node could not complete the request; see its log"
        if isinstance(exc, StoreUnavailableError):
            message = "the node's database is unavailable: retry in a few seconds"
        body = error_body(exc.code, message)
    headers = {}
    if isinstance(exc, RateLimitedError) and "retry_after" in exc.context:
        headers["Retry-After"] = str(exc.context["retry_after"])
    if isinstance(exc, StoreUnavailableError):
        headers["Retry-After"] = "5"
    if isinstance(exc, AuthenticationError):
        headers["WWW-Authenticate"] = 'Bearer realm="crossline"'
    return JSONResponse(body, status_code=status, headers=headers)


def _validation_fields(exc: RequestValidationError) -> list[dict[str, str]]:
    out = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ()) if p != "body"]
        out.append({"field": ".".join(loc) or "body", "problem": str(err.get("msg", "invalid"))})
    return out


Renderer = Callable[[Request, int, dict[str, Any]], Awaitable[Response] | Response]


def install(app: FastAPI, html: Renderer | None = None) -> None:
    """Register the handlers; ``html`` renders the error for browser pages."""

    def wants_html(request: Request) -> bool:
        if html is None or request.url.path.startswith("/api"):
            return False
        return "text/html" in request.headers.get("accept", "")

    async def respond(request: Request, response: JSONResponse, body: dict[str, Any]) -> Response:
        if wants_html(request):
            assert html is not None
            result = html(request, response.status_code, body)
            return await result if isinstance(result, Awaitable) else result
        return response

    @app.exception_handler(CrosslineError)
    async def _crossline(request: Request, exc: CrosslineError) -> Response:
        response = error_response(exc)
        return await respond(request, response, json.loads(response.body))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        fields = _validation_fields(exc)
        first = fields[0] if fields else {"field": "request", "problem": "invalid"}
        body = scrub(error_body("invalid", f"{first['field']}: {first['problem']}", fields=fields))
        return await respond(request, JSONResponse(body, status_code=422), body)

    allowed: list[tuple[re.Pattern[str], str]] = []

    def allow_header(path: str) -> str | None:
        """Every method documented for ``path``: a route split over several handlers would
        otherwise answer 405 with only the first handler's methods."""
        if not allowed:
            for template, ops in app.openapi()["paths"].items():
                pattern = re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(template))
                allowed.append(
                    (re.compile(f"^{pattern}$"), ", ".join(sorted(m.upper() for m in ops)))
                )
        return next((methods for rx, methods in allowed if rx.match(path)), None)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        code = HTTP_CODES.get(exc.status_code, "error")
        message = str(exc.detail) if exc.detail else code.replace("_", " ")
        if exc.status_code == 404:
            message = f"no such resource: {request.method} {request.url.path}"
        elif exc.status_code == 405:
            message = f"method {request.method} not allowed on {request.url.path}"
        body = error_body(code, message)
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            methods = allow_header(request.url.path)
            if methods:
                headers["Allow"] = methods
        response = JSONResponse(body, status_code=exc.status_code, headers=headers)
        return await respond(request, response, body)

    @app.exception_handler(SQLAlchemyError)
    async def _database(request: Request, exc: SQLAlchemyError) -> Response:
        # A query made outside Store.transaction()/read(): same translation, same shape.
        from crossline.store.failures import translate

        err = translate(exc)
        response = error_response(err)
        return await respond(request, response, json.loads(response.body))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        body = error_body("internal", "the node hit an unexpected error; see its log")
        return await respond(request, JSONResponse(body, status_code=500), body)
