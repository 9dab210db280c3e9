"""Partner nodes' deliveries of signed envelopes (alerts, requests for match details,
legal requests and their answers).

The envelope proves who wrote it; the HTTP request around it must prove it was sent
now, once, to this route: it is a signed partner request (method, path, body digest,
time and nonce, see :mod:`crossline.share.request_signing`) made with the key registered
for the partner, or it answers 401.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from crossline.errors import AuthenticationError, IntegrityError
from crossline.http.deps import get_node
from crossline.share.partners import Partner
from crossline.share.request_signing import check_request


async def raw_body(request: Request) -> bytes:
    """The request body as sent, for the signature's digest (FastAPI has read it already:
    no second read). Its size and depth were bounded before any route ran
    (:mod:`crossline.http.bodies`)."""
    return await request.body()


RawBody = Annotated[bytes, Depends(raw_body)]


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
