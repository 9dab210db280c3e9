"""Guarded HTTP clients for every outbound request, and one translation of failures.

:class:`Outbound` is how a node reaches other machines: its egress policy (from the
settings) and the transport underneath (the network in production; an
``httpx.MockTransport`` or an in-process app in tests). Its clients

* check every request's destination with :mod:`crossline.net.egress` and connect to the
  address that was checked;
* follow no redirects (a 3xx is an answer like any other, never a second request to a
  place nobody checked);
* time out.

:func:`send` turns transport failures into :class:`~crossline.errors.TransportError`;
:func:`short_reason` says what a refusing server answered without repeating its body,
which may be anything an internal service chose to say.
"""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass, field
from http import HTTPStatus
from typing import Any

import httpx

from crossline.config import Settings
from crossline.errors import CrosslineError, TransportError
from crossline.net.egress import EgressPolicy, Resolver, check_destination, system_resolver

TIMEOUT = 10.0


@dataclass(eq=False, repr=False)  # compared and shown as the object it is, like any transport
class GuardedTransport(httpx.BaseTransport):
    """Checks each request's destination, then hands it to ``inner``.

    With ``pin`` (the real network) the request is sent to the address that was checked,
    keeping the name for the Host header and TLS, so a second DNS answer cannot differ.
    """

    inner: httpx.BaseTransport
    policy: EgressPolicy
    _: KW_ONLY
    resolve: Resolver = system_resolver
    pin: bool = False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        addresses = check_destination(request.url, self.policy, self.resolve)
        if self.pin and addresses:
            host = request.url.host
            request.extensions = {**request.extensions, "sni_hostname": host}
            request.url = request.url.copy_with(host=addresses[0])
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


@dataclass
class Outbound:
    """The egress policy and the transport every outbound client of a node is built on."""

    policy: EgressPolicy = field(default_factory=EgressPolicy)
    transport: httpx.BaseTransport | None = None  # None: the network
    resolve: Resolver = system_resolver

    @classmethod
    def of(cls, settings: Settings, transport: httpx.BaseTransport | None = None) -> Outbound:
        """The node's outbound side: ``settings.egress_allow`` over ``transport``."""
        return cls(EgressPolicy.parse(settings.egress_allow), transport)

    def check(self, url: str) -> None:
        """Refuse a destination at once, when it is registered: EgressRefusedError for an
        address this node does not send to, TransportError for a name that does not resolve."""
        check_destination(url, self.policy, self.resolve)

    def guarded(self) -> GuardedTransport:
        """A guarded transport over this node's transport (or a fresh network one)."""
        if self.transport is None:
            return GuardedTransport(
                httpx.HTTPTransport(), self.policy, resolve=self.resolve, pin=True
            )
        return GuardedTransport(_Shared(self.transport), self.policy, resolve=self.resolve)

    def client(self, *, base_url: str = "", timeout: float = TIMEOUT) -> httpx.Client:
        """A client that checks every destination and follows no redirect."""
        return httpx.Client(
            base_url=base_url,
            transport=self.guarded(),
            timeout=timeout,
            follow_redirects=False,
            trust_env=False,  # a proxy from the environment would hide the destination
        )


class _Shared(httpx.BaseTransport):
    """An injected transport, shared by many clients: closing one client leaves it open."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self.inner.handle_request(request)


def send(client: httpx.Client, method: str, url: str, *, who: str, **kwargs: Any) -> httpx.Response:
    """One request; a failure to get an answer is a TransportError naming ``who``."""
    try:
        return client.request(method, url, **kwargs)
    except CrosslineError:
        raise  # the egress guard's refusal, as it is
    except httpx.HTTPError as exc:
        raise TransportError(f"{who} unreachable: {exc.__class__.__name__}") from exc


def short_reason(response: httpx.Response) -> str:
    """``HTTP 503 Service Unavailable``: the status and its standard phrase, no body."""
    try:
        phrase = HTTPStatus(response.status_code).phrase
    except ValueError:
        phrase = ""
    return f"HTTP {response.status_code} {phrase}".rstrip()
