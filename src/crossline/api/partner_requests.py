"""Partner nodes' deliveries of signed envelopes (alerts, requests for match details,
legal requests and their answers).

The envelope proves who wrote it; the HTTP request around it must prove it was sent
now, once, to this route: it is a signed partner request (method, path, body digest,
time and nonce, see :mod:`crossline.share.request_signing`) made with the key registered
for the partner, or it answers 401. Its JSON body is bounded in size and depth, so a
body nested thousands of levels deep answers 400, never a server error.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import Request

from crossline.errors import (
    AuthenticationError,
    BodyTooDeepError,
    IntegrityError,
    PayloadTooLargeError,
)
from crossline.http.deps import get_node
from crossline.share import bounded_json
from crossline.share.partners import Partner
from crossline.share.request_signing import check_request

SMALL = 1024 * 1024  # an alert or a request for details
LARGE = 256 * 1024 * 1024  # a legal request's answer carries its evidence inline


def bounded_body(max_bytes: int) -> Callable[[Request], Awaitable[bytes]]:
    """A dependency: the request body as sent, within ``max_bytes`` and the depth bound."""

    async def dependency(request: Request) -> bytes:
        body = await request.body()  # already read by FastAPI: no second read
        if len(body) > max_bytes:
            raise PayloadTooLargeError(
                f"the body is {len(body):,} bytes; at most {max_bytes:,} are accepted",
                limit=max_bytes,
            )
        found = bounded_json.depth(body)
        if found > bounded_json.MAX_DEPTH:
            raise BodyTooDeepError(
                f"the body nests {found} levels deep; at most {bounded_json.MAX_DEPTH} "
                "are accepted",
                limit=bounded_json.MAX_DEPTH,
            )
        return body

    return dependency


def check_partner_request(request: Request, partner: Partner, body: bytes) -> None:
    """401 unless this request is signed by ``partner``'s registered key, fresh and new."""
    try:
        check_request(
            get_node(request).store,
            partner,
            request.headers,
            method=request.method,
            path=request.url.path,
            query=request.url.query,
            body=body,
        )
    except IntegrityError as exc:
        raise AuthenticationError(exc.message) from exc
