"""Pair two nodes that can both be reached from here: each registers the other as a
partner (public key, address, the credential the other issued) and records its
agreement with it.

In production the two agencies do this by hand, exchanging public keys and tokens over a
secure channel (``crossline node info``, ``crossline partners add --issue-token``,
``crossline agreements set``). This module does the same steps for the two-node demo
and for tests, through the same functions.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from crossline.config import Settings
from crossline.node.auth import Accounts
from crossline.share.agreements import save_agreement
from crossline.share.identity import load_identity
from crossline.share.onboarding import add_partner
from crossline.share.partners import PartnerEntry, register_partner
from crossline.store import Store

DEFAULT_AGREEMENT: dict[str, Any] = {
    "kinds": ["indicator", "campaign", "report"],
    "max_marking": "TLP:AMBER",
    "purposes": ["investigation", "prevention"],
    "coarsen": {"location": "state"},
    "matching": ["hmac", "psi"],
    "alerts": True,
}


@dataclass(frozen=True)
class Side:
    """One node to pair: its settings, its open store and the URL the other reaches it at."""

    settings: Settings
    store: Store
    url: str
    agency: str  # name of the home organisation, created when the node has none


def ensure_home(side: Side, *, admin: str = "admin", password: str | None = None) -> str | None:
    """Give a new node its home organisation and an admin; the admin's password, once."""
    accounts = Accounts(side.store)
    if accounts.list_orgs():
        return None
    org = accounts.create_org(side.agency, country=side.settings.country)
    password = password or secrets.token_urlsafe(12)
    accounts.create_user(org["id"], admin, password, role="admin")
    return password


def pair(a: Side, b: Side, *, agreement: dict[str, Any] | None = None) -> dict[str, Any]:
    """Make ``a`` and ``b`` partners of each other under the same agreement terms."""
    terms = {**DEFAULT_AGREEMENT, **(agreement or {})}
    id_a, id_b = load_identity(a.settings), load_identity(b.settings)
    acc_a, acc_b = Accounts(a.store), Accounts(b.store)

    # a issues b's token; b registers a with it and issues a's token; a then stores it.
    def as_partner(side: Side, identity: Any, credential: str | None = None) -> PartnerEntry:
        s = side.settings
        return PartnerEntry(s.node_name, s.country, identity.public_key, side.url, credential)

    at_a = add_partner(acc_a, as_partner(b, id_b), issue_token=True)
    at_b = add_partner(acc_b, as_partner(a, id_a, at_a.token), issue_token=True)
    back = as_partner(b, id_b, at_b.token)
    register_partner(a.store, **asdict(back), org_id=at_a.org["id"])
    start = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    for side, other in ((a, b), (b, a)):
        save_agreement(
            side.store,
            {
                **terms,
                "id": f"{side.settings.node_name}-to-{other.settings.node_name}",
                "partner": other.settings.node_name,
                "valid_from": start,
            },
        )
    return {
        a.settings.node_name: {"partner": b.settings.node_name, "key_id": id_b.key_id},
        b.settings.node_name: {"partner": a.settings.node_name, "key_id": id_a.key_id},
    }
