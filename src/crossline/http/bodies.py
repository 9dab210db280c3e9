"""Bounded JSON bodies: a request body is refused before any route parses it when it is
too large (413, ``too_large``) or nested too deeply (400, ``too_deep``), with the node's
error shape.

Without the bound, a body of ``[[[[...]]]]`` a few thousand levels deep makes the JSON
parser (or the validation after it) exhaust Python's recursion limit: a 500, and a
thread busy for nothing. The depth is measured without parsing
(:func:`crossline.share.bounded_json.depth`, the same bound as partners' envelopes). The
TAXII server bounds its own bodies (its media type and error shape are its own). A route
may have a size bound of its own (``route_limits``): the legal-request inbox takes larger
bodies, since a partner's answer carries its evidence inline
(``Settings.max_legal_inbox_bytes``). A refusal names the limit, in the message and as
``limit`` (bytes).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from crossline.share.bounded_json import MAX_DEPTH, depth

#: Largest JSON body the API takes (a bulk import of 5,000 reports fits well within it).
MAX_JSON_BYTES = 16 * 1024 * 1024
#: Deepest nesting of arrays and objects a JSON body may have.
MAX_JSON_DEPTH = MAX_DEPTH
SKIP_PREFIXES = ("/taxii2/",)


def check_json(
    body: bytes, *, max_bytes: int | None = MAX_JSON_BYTES, max_depth: int = MAX_JSON_DEPTH
) -> tuple[int, str, str] | None:
    """(status, code, message) when ``body`` must be refused, else None (malformed JSON
    is left to the route's own validation, which names the problem)."""
    if max_bytes is not None and len(body) > max_bytes:
        return 413, "too_large", too_large(max_bytes)
    found = depth(body)
    if found > max_depth:
        return 400, "too_deep", f"JSON body nested {found} levels deep; at most {max_depth}"
    return None


def too_large(limit: int) -> str:
    """The refusal's message: the limit, exactly."""
    mib = limit / (1024 * 1024)
    shown = f"{mib:.0f} MiB" if limit % (1024 * 1024) == 0 else f"{mib:.2f} MiB"
    return f"JSON body over the limit of {shown} ({limit:,} bytes)"


class BoundedJson:
    """Pure ASGI middleware applying :func:`check_json` to JSON request bodies.

    ``route_limits`` maps a path to its own size bound (instead of ``max_bytes``)."""

    def __init__(
        self,
        app: Any,
        max_bytes: int = MAX_JSON_BYTES,
        max_depth: int = MAX_JSON_DEPTH,
        route_limits: Mapping[str, int] | None = None,
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.max_depth = max_depth
        self.route_limits = dict(route_limits or {})

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"].startswith(SKIP_PREFIXES):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        ctype = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
        # No content type: FastAPI reads the body as JSON, so it is bounded as JSON.
        if ctype and not (ctype == b"application/json" or ctype.endswith(b"+json")):
            await self.app(scope, receive, send)
            return
        limit = self.route_limits.get(scope["path"], self.max_bytes)
        declared = headers.get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await _refuse(send, 413, "too_large", too_large(limit), limit)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await _refuse(send, 413, "too_large", too_large(limit), limit)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        refusal = check_json(body, max_bytes=limit, max_depth=self.max_depth)
        if refusal is not None:
            await _refuse(send, *refusal, limit if refusal[0] == 413 else None)
            return
        sent = False

        async def replay() -> Any:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _refuse(
    send: Any, status: int, code: str, message: str, limit: int | None = None
) -> None:
    error: dict[str, Any] = {"code": code, "message": message}
    if limit is not None:
        error["limit"] = limit
    payload = json.dumps({"error": error}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})
