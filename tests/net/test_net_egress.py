"""The egress guard: which destinations an outbound request may reach.

No test here sends traffic anywhere: destinations are checked, and requests that pass go
to an ``httpx.MockTransport``; names resolve through a stub resolver.
"""

from __future__ import annotations

import socket

import httpx
import pytest

from crossline.errors import EgressRefusedError, TransportError, ValidationError
from crossline.net.egress import EgressPolicy, check_destination, system_resolver
from crossline.net.outbound import GuardedTransport, Outbound

PUBLIC = "93.184.216.34"

# What the stub resolver answers for each test name (a public name, names that point at
# internal addresses, one that answers both).
NAMES = {
    "partner.example": [PUBLIC],
    "localhost": ["127.0.0.1", "::1"],
    "rebind.example": ["127.0.0.1"],
    "metadata.example": ["169.254.169.254"],
    "intranet.example": ["10.20.30.40"],
    "mixed.example": [PUBLIC, "192.168.1.20"],
    "mapped.example": ["::ffff:10.0.0.7"],
    "v6.example": ["2606:2800:220:1:248:1893:25c8:1946"],
}


def stub(host: str, port: int) -> list[str]:
    del port
    if host not in NAMES:
        raise EgressRefusedError(f"cannot resolve {host!r}", host=host)
    return NAMES[host]


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1:8470/api/v1/users", "loopback"),
        ("http://127.9.9.9/", "loopback"),
        ("http://[::1]/", "loopback"),
        ("http://[::1]:8470/api/v1/users", "loopback"),
        ("http://localhost/", "loopback"),
        ("http://rebind.example/hook", "loopback"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://metadata.example/", "link-local"),
        ("http://[fe80::1]/", "link-local"),
        ("http://10.1.2.3/", "private"),
        ("http://172.16.5.4/", "private"),
        ("https://192.168.0.10/", "private"),
        ("http://intranet.example/", "private"),
        ("http://[fd12:3456::1]/", "private"),
        ("http://mixed.example/", "private"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://mapped.example/", "private"),
        ("http://0.0.0.0:8470/", "unspecified"),
        ("http://[::]/", "unspecified"),
        ("http://224.0.0.251/", "multicast"),
        ("http://[ff02::1]/", "multicast"),
        ("http://100.64.0.1/", "not globally routable"),
    ],
    ids=lambda v: v if " " not in v else v.replace(" ", "-"),
)
def test_internal_destinations_are_refused(url: str, reason: str) -> None:
    with pytest.raises(EgressRefusedError, match=reason):
        check_destination(url, EgressPolicy(), stub)


@pytest.mark.parametrize(
    "url",
    ["http://2130706433/", "http://0x7f.1/", "http://127.1/"],
    ids=["decimal", "hex", "short"],
)
def test_odd_spellings_of_loopback_are_resolved_then_refused(url: str) -> None:
    """The operating system's resolver reads these as 127.0.0.1 (no query leaves)."""
    with pytest.raises(EgressRefusedError, match="loopback"):
        check_destination(url, EgressPolicy(), system_resolver)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://partner.example/taxii2/", [PUBLIC]),
        ("http://v6.example/", NAMES["v6.example"]),
        ("https://93.184.216.34/hook", [PUBLIC]),
    ],
    ids=["public-name", "public-ipv6", "public-address"],
)
def test_public_destinations_pass(url: str, expected: list[str]) -> None:
    assert check_destination(url, EgressPolicy(), stub) == expected


@pytest.mark.parametrize(
    ("allow", "url", "ok"),
    [
        (["127.0.0.1:8472"], "http://127.0.0.1:8472/api", True),
        (["127.0.0.1:8472"], "http://127.0.0.1:8470/api", False),
        (["127.0.0.1"], "http://127.0.0.1:9999/", True),
        (["[::1]:8080"], "http://[::1]:8080/", True),
        (["[::1]:8080"], "http://[::1]:8081/", False),
        (["::1"], "http://[::1]/", True),
        (["*.test"], "http://in-node.test/taxii2/", True),
        (["*.test"], "http://test/", False),
        (["10.21.0.0/16"], "http://intranet.example/", False),
        (["10.20.0.0/16"], "http://10.20.99.1/", True),
        (["10.0.0.0/8"], "http://intranet.example/", True),
        (["fd00::/8"], "http://[fd12:3456::1]/", True),
        (["bank.internal:443"], "https://bank.internal/holds", True),
        (["bank.internal:443"], "http://bank.internal/holds", False),
        (["localhost"], "http://LOCALHOST:8000/", True),
    ],
    ids=[
        "host-port", "host-other-port", "host-any-port", "v6-port", "v6-other-port", "v6-host",
        "domain", "domain-itself-not", "cidr-other", "cidr", "cidr-of-resolved-name", "v6-cidr",
        "default-https-port", "default-http-port-not", "case-insensitive",
    ],
)  # fmt: skip
def test_the_operator_allows_destinations_explicitly(allow: list[str], url: str, ok: bool) -> None:
    policy = EgressPolicy.parse(allow)
    if ok:
        check_destination(url, policy, stub)
    else:
        with pytest.raises(EgressRefusedError):
            check_destination(url, policy, stub)


@pytest.mark.parametrize(
    "entry", ["10.0.0.0/33", "host:port", "[::1]:x"], ids=["bad-cidr", "bad-port", "bad-v6-port"]
)
def test_bad_allow_entries_are_config_errors(entry: str) -> None:
    with pytest.raises(ValidationError, match="CROSSLINE_EGRESS_ALLOW"):
        EgressPolicy.parse([entry])


@pytest.mark.parametrize(
    "url",
    ["ftp://partner.example/", "file:///etc/passwd", "gopher://127.0.0.1/", "http:///nohost"],
    ids=["ftp", "file", "gopher", "no-host"],
)
def test_only_http_urls_with_a_host(url: str) -> None:
    with pytest.raises(EgressRefusedError):
        check_destination(url, EgressPolicy(), stub)


def test_a_guarded_client_never_sends_to_a_refused_address() -> None:
    seen: list[str] = []
    out = Outbound(
        EgressPolicy(),
        httpx.MockTransport(lambda r: seen.append(str(r.url)) or httpx.Response(200)),
        resolve=stub,
    )
    with out.client() as client:
        assert client.get("https://partner.example/x").status_code == 200
        for url in ("http://127.0.0.1:8470/", "http://rebind.example/", "http://[::1]/"):
            with pytest.raises(EgressRefusedError):
                client.get(url)
    assert seen == ["https://partner.example/x"]


def test_redirects_are_not_followed() -> None:
    """A public server that redirects to loopback gets its 302 back, nothing more."""
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(302, headers={"Location": "http://127.0.0.1:8470/api/v1/users"})

    out = Outbound(EgressPolicy(), httpx.MockTransport(handler), resolve=stub)
    with out.client() as client:
        assert client.post("https://partner.example/hook", json={}).status_code == 302
    assert seen == ["https://partner.example/hook"]


def test_the_network_transport_connects_to_the_address_it_checked() -> None:
    """Pinned: a second DNS answer cannot send the request elsewhere; the name stays in
    the Host header and for TLS."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    answers = iter([[PUBLIC], ["127.0.0.1"]])  # the name "changes" after the check

    def flapping(host: str, port: int) -> list[str]:
        return next(answers)

    guard = GuardedTransport(
        httpx.MockTransport(handler), EgressPolicy(), resolve=flapping, pin=True
    )
    with httpx.Client(transport=guard) as client:
        client.get("https://partner.example/path?q=1")
        with pytest.raises(EgressRefusedError, match="loopback"):
            client.get("https://partner.example/path")
    [request] = seen
    assert request.url.host == PUBLIC and request.url.path == "/path"
    assert request.headers["Host"] == "partner.example"
    assert request.extensions["sni_hostname"] == "partner.example"


def test_a_name_that_does_not_resolve_is_unreachable_not_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """DNS may answer later: a transport error (retried), not a refusal."""

    def no_answer(*_args: object, **_kw: object) -> list[object]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_answer)  # no query leaves the machine
    with pytest.raises(TransportError, match="cannot resolve") as caught:
        check_destination("https://no-such-host.invalid/", EgressPolicy(), system_resolver)
    assert not isinstance(caught.value, EgressRefusedError)
