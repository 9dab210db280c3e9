"""The one way this node talks to a partner node over HTTP.

``PartnerClient(partner, identity, outbound)`` does, once for every partner call (sync
pulls and pushes, TAXII, blind matching, legal requests, alerts):

* the partner's address and the credential it issued this node (``Authorization``);
* a signature over method, path, body digest, time and nonce
  (:mod:`crossline.share.request_signing`), made at send time so retries are fresh;
* the egress guard, no redirects and timeouts (:class:`crossline.net.outbound.Outbound`);
* one translation of failures into Crossline's errors:

  ======================================  =========================================
  no answer (refused, timeout, DNS)       TransportError (worth retrying)
  5xx                                     TransportError with ``status``
  429                                     PartnerRateLimitedError (a TransportError)
  401, 403                                NotAllowedError
  other 4xx, or a body that is not JSON   SharingError (retrying would not help)
  ======================================  =========================================

A refusal names the status and the partner's error code, never the body it sent.
Tests inject an ``httpx.MockTransport`` through the :class:`Outbound`.
"""

from __future__ import annotations

import re
from typing import Any, Self

import httpx

from crossline.errors import (
    NotAllowedError,
    PartnerRateLimitedError,
    SharingError,
    TransportError,
)
from crossline.net.outbound import TIMEOUT, Outbound, short_reason
from crossline.share.identity import NodeIdentity
from crossline.share.partners import Partner
from crossline.share.request_signing import sign_request

CODE = re.compile(r"^[a-z][a-z0-9_ ]{0,39}$")


class PartnerClient:
    """Authenticated, signed, guarded requests to one partner node."""

    def __init__(
        self,
        partner: Partner,
        identity: NodeIdentity,
        outbound: Outbound,
        *,
        timeout: float = TIMEOUT,
    ) -> None:
        if not partner.base_url:
            raise SharingError(f"partner {partner.name} has no address", partner=partner.name)
        if not partner.credential:
            raise SharingError(f"partner {partner.name} has no credential", partner=partner.name)
        self.partner = partner
        self.identity = identity
        self.base = partner.base_url.rstrip("/")
        self.http = outbound.client(timeout=timeout)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.http.close()

    def url(self, path_or_url: str) -> str:
        """A path on the partner (``/api/v1/...``) as a URL on its registered address.

        A URL the partner handed us (TAXII discovery names its API root) is followed on the
        registered origin only: its path and query, never its host, so a partner's answer
        cannot send this node's requests (and credential) elsewhere.
        """
        if path_or_url.startswith(("http://", "https://")):
            given = httpx.URL(path_or_url)
            return str(httpx.URL(self.base).copy_with(raw_path=given.raw_path))
        return f"{self.base}{path_or_url}"

    def request(
        self,
        method: str,
        path_or_url: str,
        *,
        json: Any = None,
        content: bytes | None = None,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """One signed request; a 2xx response, or the error the table above says."""
        request = self.http.build_request(
            method,
            self.url(path_or_url),
            json=json,
            content=content,
            params=params,
            headers={"Authorization": f"Bearer {self.partner.credential}", **(headers or {})},
        )
        request.headers.update(
            sign_request(
                self.identity,
                request.method,
                request.url.path,
                request.url.query.decode("ascii"),
                request.read(),
            )
        )
        who = f"partner {self.partner.name}"
        try:
            response = self.http.send(request)
        except httpx.HTTPError as exc:
            raise TransportError(
                f"{who} unreachable: {exc.__class__.__name__}", partner=self.partner.name
            ) from exc
        if response.status_code < 300:
            return response
        self._refused(request, response)
        raise AssertionError("unreachable")  # pragma: no cover

    def _refused(self, request: httpx.Request, response: httpx.Response) -> None:
        status = response.status_code
        code = _error_code(response)
        why = (
            f"partner {self.partner.name} refused {request.method} {request.url.path}: "
            f"{short_reason(response)}{f' ({code})' if code else ''}"
        )
        ctx: dict[str, Any] = {"partner": self.partner.name, "status": status}
        if status == 429:
            retry = response.headers.get("Retry-After", "60")
            raise PartnerRateLimitedError(
                why, retry_after=int(retry) if retry.isdigit() else 60, **ctx
            )
        if status >= 500 or status < 400:  # 5xx, or a redirect this client does not follow
            raise TransportError(why, **ctx)
        if status in (401, 403):
            raise NotAllowedError(why, **ctx)
        raise SharingError(why, **ctx)

    def json(self, method: str, path_or_url: str, **kwargs: Any) -> Any:
        """``request(...)``'s body as JSON (SharingError if it is not JSON)."""
        return parse_json(self.partner, self.request(method, path_or_url, **kwargs))


def parse_json(partner: Partner, response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError as exc:
        raise SharingError(f"partner {partner.name} sent a body that is not JSON") from exc


def _error_code(response: httpx.Response) -> str | None:
    """The partner's error code (Crossline's or TAXII's shape) when it is a plain token."""
    try:
        body = response.json()
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None
    err = body.get("error")
    code = err.get("code") if isinstance(err, dict) else body.get("title")
    return code if isinstance(code, str) and CODE.match(code) else None
