"""Bounded JSON bodies: a request body is refused before any route parses it when it is
too large (413, ``too_large``) or nested too deeply (400, ``too_deep``), with the node's
error shape.

Without the bound, a body of ``[[[[...]]]]`` a few thousand levels deep makes the JSON
parser (or the validation after it) exhaust Python's recursion limit: a 500, and a
thread busy for nothing. The depth is measured without parsing
(:func:`crossline.share.bounded_json.depth`, the same bound as partners' envelopes). The
TAXII server bounds its own bodies (its media type and error shape are its own), and the
partner inboxes take larger bodies (a legal request's answer carries its evidence) under
their own size bound, so only the depth applies to them here.
"""

from __future__ import annotations

import json
from typing import Any

from crossline.share.bounded_json import MAX_DEPTH, depth

#: Largest JSON body the API takes (a bulk import of 5,000 reports fits well within it).
MAX_JSON_BYTES = 16 * 1024 * 1024
#: Deepest nesting of arrays and objects a JSON body may have.
MAX_JSON_DEPTH = MAX_DEPTH
SKIP_PREFIXES = ("/taxii2/",)
#: Routes with a size bound of their own (signed partner envelopes).
OWN_SIZE_BOUND = frozenset(
    {"/api/v1/legal-requests/inbox", "/api/v1/alerts/inbox", "/api/v1/match/requests"}
)


def check_json(
    body: bytes, *, max_bytes: int | None = MAX_JSON_BYTES, max_depth: int = MAX_JSON_DEPTH
) -> tuple[int, str, str] | None:
    """(status, code, message) when ``body`` must be refused, else None (malformed JSON
    is left to the route's own validation, which names the problem)."""
    if max_bytes is not None and len(body) > max_bytes:
        return 413, "too_large", f"JSON body over {max_bytes // (1024 * 1024)} MiB"
    found = depth(body)
    if found > max_depth:
        return 400, "too_deep", f"JSON body nested {found} levels deep; at most {max_depth}"
    return None


class BoundedJson:
    """Pure ASGI middleware applying :func:`check_json` to JSON request bodies."""

    def __init__(
        self, app: Any, max_bytes: int = MAX_JSON_BYTES, max_depth: int = MAX_JSON_DEPTH
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.max_depth = max_depth

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
        limit = None if scope["path"] in OWN_SIZE_BOUND else self.max_bytes
        declared = headers.get(b"content-length", b"")
        if limit is not None and declared.isdigit() and int(declared) > limit:
            await _refuse(send, 413, "too_large", f"JSON body over {limit // (1024 * 1024)} MiB")
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
            if limit is not None and size > limit:
                await _refuse(
                    send, 413, "too_large", f"JSON body over {limit // (1024 * 1024)} MiB"
                )
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        refusal = check_json(body, max_bytes=limit, max_depth=self.max_depth)
        if refusal is not None:
            await _refuse(send, *refusal)
            return
        sent = False

        async def replay() -> Any:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _refuse(send: Any, status: int, code: str, message: str) -> None:
    payload = json.dumps({"error": {"code": code, "message": message}}).encode()
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
