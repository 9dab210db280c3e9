"""Helpers of the matching and alert tests: reports, partner identities, stores."""

from __future__ import annotations

from collections.abc import Callable

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from crossline.config import Settings
from crossline.domain import Report, SuspectIdentifier
from crossline.net.egress import EgressPolicy
from crossline.net.outbound import Outbound
from crossline.services.imports import importer_for
from crossline.share.identity import NodeIdentity, load_identity
from crossline.share.partners import Partner, register_partner
from crossline.store import Store


def report(
    ref: str, *values: tuple[str, str], source: str = "local", country: str = "US",
    marking: str = "TLP:AMBER",
) -> Report:  # fmt: skip
    """A report whose suspect fields hold ``values`` ((kind, raw value) pairs)."""
    return Report(
        source=source,
        source_ref=ref,
        jurisdiction=country,
        text=f"complaint {ref}",
        suspects=tuple(SuspectIdentifier(f"suspect_{k}", v, k) for k, v in values),
        marking=marking,
    )


def ingest(store: Store, settings: Settings, *reports: Report) -> list[str]:
    importer_for(store, settings, classify=False).import_reports(list(reports))
    return [r.id for r in reports]


def other_identity(name: str = "in-i4c", country: str = "IN") -> NodeIdentity:
    return NodeIdentity(name=name, country=country, private_key=Ed25519PrivateKey.generate())


def add_partner(
    store: Store, identity: NodeIdentity, *, base_url: str | None = None, org_id: str | None = None,
    credential: str | None = None,
) -> Partner:  # fmt: skip
    return register_partner(
        store,
        name=identity.name,
        country=identity.country,
        public_key=identity.public_key,
        base_url=base_url,
        credential=credential,
        org_id=org_id,
    )


def own_identity(settings: Settings) -> NodeIdentity:
    return load_identity(settings)


PUBLIC_ADDRESS = "93.184.216.34"  # a public address: what test host names "resolve" to


def public_resolver(host: str, port: int) -> list[str]:
    """Every name is a public host (tests never resolve names for real)."""
    del host, port
    return [PUBLIC_ADDRESS]


def outbound(
    handler: Callable[[httpx.Request], httpx.Response] | None = None, *allow: str
) -> Outbound:
    """An Outbound whose requests go to ``handler`` (a MockTransport), names resolving to a
    public address unless ``allow``-ed."""
    transport = httpx.MockTransport(handler or (lambda _r: httpx.Response(204)))
    return Outbound(EgressPolicy.parse(allow), transport, resolve=public_resolver)
