"""Bounded JSON bodies: a request body is refused before any route parses it when it is
too large (413) or nested too deeply (400), with the node's error shape.

Without the bound, a body of ``[[[[...]]]]`` a few thousand levels deep makes the JSON
parser (or the validation after it) exhaust Python's recursion limit: a 500, and a
thread busy for nothing. The TAXII server bounds its own bodies (its media type and
error shape are its own), so its prefix is left to it.
"""

from __future__ import annotations

import json
from typing import Any

#: Largest JSON body the API takes (a bulk import of 5,000 reports fits well within it).
MAX_JSON_BYTES = 16 * 1024 * 1024
#: Deepest nesting of arrays and objects a JSON body may have.
MAX_JSON_DEPTH = 32
SKIP_PREFIXES = ("/taxii2/",)


def json_depth(value: Any) -> int:
    """Nesting depth of a parsed JSON value (a scalar is 0), without recursion."""
    depth, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        elif not isinstance(item, list):
            continue
        depth = max(depth, level)
        stack.extend((child, level + 1) for child in item if isinstance(child, dict | list))
    return depth


def check_json(
    body: bytes, *, max_bytes: int = MAX_JSON_BYTES, max_depth: int = MAX_JSON_DEPTH
) -> tuple[int, str] | None:
    """(status, message) when ``body`` must be refused, else None (malformed JSON is
    left to the route's own validation, which names the problem)."""
    if len(body) > max_bytes:
        return 413, f"JSON body over {max_bytes // (1024 * 1024)} MiB"
    try:
        value = json.loads(body)
    except RecursionError:
        return 400, f"JSON body nested deeper than {max_depth} levels"
    except ValueError:
        return None
    if json_depth(value) > max_depth:
        return 400, f"JSON body nested deeper than {max_depth} levels"
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
        declared = headers.get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await _refuse(send, 413, f"JSON body over {self.max_bytes // (1024 * 1024)} MiB")
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
            if size > self.max_bytes:
                await _refuse(send, 413, f"JSON body over {self.max_bytes // (1024 * 1024)} MiB")
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        refusal = check_json(body, max_bytes=self.max_bytes, max_depth=self.max_depth)
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


async def _refuse(send: Any, status: int, message: str) -> None:
    code = "too_large" if status == 413 else "bad_request"
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
