"""The egress guard: which addresses this node may send requests to.

A webhook URL, a partner's address or a bank's endpoint is typed in by someone; sending
to it from inside the agency's network must not reach the node's own API, a database
next to it or a cloud metadata service. So every outbound request resolves its host and
is refused when any address is loopback, private, link-local, multicast, unspecified or
otherwise not globally routable (IPv4 and IPv6, IPv4-mapped IPv6 unwrapped first),
unless the operator allows the destination explicitly.

``CROSSLINE_EGRESS_ALLOW`` (the settings field ``egress_allow``) lists allowed
destinations, separated by commas or spaces:

* a host name or address: ``partner.internal``, ``10.1.2.3``, ``::1``;
* a host with a port: ``127.0.0.1:8472``, ``[::1]:8080``, ``bank.internal:443``;
* every name under a domain: ``*.test``;
* a network: ``10.20.0.0/16``, ``fd00::/8``.

The check runs when a destination is registered (a clear error at once) and again for
every request (names can resolve differently later). The transport connects to the very
address it checked, so a name cannot resolve to a public address for the check and to a
private one for the connection.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import httpx

from crossline.errors import EgressRefusedError, TransportError, ValidationError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Sequence[str]]
DEFAULT_PORTS = {"http": 80, "https": 443}


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (the operating system's resolver)."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        # Unreachable for now (worth retrying), not refused: DNS may answer later.
        raise TransportError(f"cannot resolve {host!r}", host=host) from exc
    return list(dict.fromkeys(str(info[4][0]) for info in found))


def why_refused(address: IPAddress) -> str | None:
    """Why ``address`` is not a destination for outbound requests, or None if it is one."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    for reason, hit in (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("private", address.is_private),
        ("reserved", address.is_reserved),
        ("not globally routable", not address.is_global),
    ):
        if hit:
            return reason
    return None


@dataclass(frozen=True, slots=True)
class _Host:
    name: str  # lower case, no brackets; "*.x" for a domain
    port: int | None


@dataclass(frozen=True, slots=True)
class EgressPolicy:
    """Destinations the operator allows beyond the public internet."""

    hosts: tuple[_Host, ...] = ()
    networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def parse(cls, entries: Iterable[str]) -> EgressPolicy:
        """From ``egress_allow`` entries (see the module docstring); ValidationError if bad."""
        hosts: list[_Host] = []
        networks: list[IPNetwork] = []
        for raw in entries:
            entry = raw.strip().lower()
            if not entry:
                continue
            if "/" in entry:
                try:
                    networks.append(ipaddress.ip_network(entry, strict=False))
                except ValueError as exc:
                    raise ValidationError(
                        f"CROSSLINE_EGRESS_ALLOW entry {raw!r} is not a network",
                        field="egress_allow",
                        expected="host, host:port, *.domain or CIDR",
                    ) from exc
                continue
            hosts.append(_split_host(raw, entry))
        return cls(tuple(hosts), tuple(networks))

    def allows_name(self, host: str, port: int) -> bool:
        """Whether the operator allowed ``host`` (as written in the URL) on ``port``."""
        host = host.lower().strip("[]")
        for h in self.hosts:
            if h.port is not None and h.port != port:
                continue
            if h.name == host or (h.name.startswith("*.") and host.endswith(h.name[1:])):
                return True
        return False

    def allows_address(self, address: IPAddress) -> bool:
        return any(address in net for net in self.networks if net.version == address.version)


def _split_host(raw: str, entry: str) -> _Host:
    name, port = entry, None
    if entry.startswith("["):
        name, _, rest = entry[1:].partition("]")
        if rest.startswith(":"):
            port = rest[1:]
    elif entry.count(":") == 1:
        name, port = entry.split(":")
    if port is not None and not port.isdigit():
        raise ValidationError(
            f"CROSSLINE_EGRESS_ALLOW entry {raw!r}: the port is not a number",
            field="egress_allow",
            expected="host:port",
        )
    return _Host(name, int(port) if port is not None else None)


def check_destination(
    url: str | httpx.URL, policy: EgressPolicy, resolve: Resolver = system_resolver
) -> list[str]:
    """The addresses a request to ``url`` may connect to; EgressRefusedError if it may not
    be reached, TransportError if its name does not resolve.

    An empty list means the host was allowed by name (connect as usual).
    """
    try:
        parsed = httpx.URL(str(url)) if not isinstance(url, httpx.URL) else url
    except (httpx.InvalidURL, ValueError) as exc:
        raise EgressRefusedError(f"{url!r} is not a URL", expected="http(s)://host/path") from exc
    if parsed.scheme not in DEFAULT_PORTS or not parsed.host:
        raise EgressRefusedError(
            f"only http(s) URLs with a host can be reached, not {parsed.scheme or 'none'}://",
            expected="http(s)://host/path",
        )
    host = parsed.host
    port = parsed.port or DEFAULT_PORTS[parsed.scheme]
    if policy.allows_name(host, port):
        return []
    try:
        literal: IPAddress | None = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        literal = None
    candidates = [str(literal)] if literal is not None else list(resolve(host, port))
    if not candidates:
        raise EgressRefusedError(f"{host!r} resolves to no address", host=host)
    for text in candidates:
        address = ipaddress.ip_address(text.split("%")[0])  # drop an IPv6 zone
        if policy.allows_address(address):
            continue
        reason = why_refused(address)
        if reason is not None:
            shown = host if literal is not None else f"{host} ({address})"
            raise EgressRefusedError(
                f"destination {shown} is {reason}: outbound requests go to public "
                "addresses only unless CROSSLINE_EGRESS_ALLOW names it",
                host=host,
            )
    return candidates
