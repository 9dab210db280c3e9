"""Who may see which TAXII collection: one collection per sharing agreement.

* A partner's token (permission ``share:pull``, organisation registered for that
  partner) sees exactly its agreement's collection: it reads what the agreement allows
  and writes (pushes its own intelligence) into it. Other collections do not exist for
  it (404), so ids of other agreements are not confirmed to anyone.
* The home agency's principals with permission ``sharing`` see every collection
  (read-only: publishing is done by the node, not by POSTing), and may delete an object
  to retract it.
* Anyone else authenticated gets 403 on the API root and sees no collection.
"""

from __future__ import annotations

from dataclasses import dataclass

from crossline.domain import make_id
from crossline.node.auth import Principal
from crossline.node.security import SHARE_PULL, SHARING
from crossline.share.agreements import Agreement, agreement_for_org, list_agreements
from crossline.share.markings import TLP_LEVELS
from crossline.share.policy import allowed_markings, report_kind
from crossline.store import Store

BASE_TYPES = ("identity", "marking-definition", "extension-definition")
SCO_TYPES = (
    "phone-number", "bank-account", "payment-handle", "cryptocurrency-wallet", "email-addr",
    "url", "domain-name", "ipv4-addr", "ipv6-addr", "user-account",
)  # fmt: skip


def collection_id(agreement_id: str) -> str:
    """The TAXII collection of an agreement (stable: derived from the agreement id)."""
    return make_id("taxii-collection", agreement_id)


@dataclass(frozen=True)
class CollectionView:
    """A collection as one principal sees it."""

    id: str
    agreement: Agreement
    can_read: bool
    can_write: bool
    home: bool  # the viewer is the home agency (sees everything published)

    def resource(self, node_name: str) -> dict[str, object]:
        return {
            "id": self.id,
            "title": f"{node_name} to {self.agreement.partner}",
            "description": (
                f"What agreement {self.agreement.id} lets {node_name} share with "
                f"{self.agreement.partner} ({', '.join(sorted(self.agreement.kinds))}, up to "
                f"{self.agreement.max_marking}), and what {self.agreement.partner} sends back."
            ),
            "can_read": self.can_read,
            "can_write": self.can_write,
            "media_types": ["application/stix+json;version=2.1"],
        }

    def markings(self) -> tuple[str, ...]:
        """Markings of published objects this viewer may read."""
        if self.home:
            return TLP_LEVELS
        return allowed_markings(self.agreement)

    def types(self) -> tuple[str, ...] | None:
        """Types of published objects this viewer may read (None: all)."""
        if self.home:
            return None
        kinds = self.agreement.kinds
        out = list(BASE_TYPES)
        if "indicator" in kinds:
            out += ["indicator", "sighting"]
        if "campaign" in kinds:
            out += ["campaign", "relationship"]
        if report_kind(self.agreement):
            out += ["observed-data", *SCO_TYPES]
        return tuple(out)


def is_sharing_client(principal: Principal) -> bool:
    return principal.can(SHARE_PULL) or (principal.home_org and principal.can(SHARING))


def visible_collections(store: Store, principal: Principal) -> list[CollectionView]:
    """The collections ``principal`` may know about, with its rights on each."""
    if principal.home_org and principal.can(SHARING):
        return [
            CollectionView(collection_id(a.id), a, can_read=True, can_write=False, home=True)
            for a in list_agreements(store)
            if a.in_force()
        ]
    if principal.can(SHARE_PULL):
        agreement = agreement_for_org(store, principal.org_id)
        if agreement is not None:
            return [
                CollectionView(
                    collection_id(agreement.id),
                    agreement,
                    can_read=True,
                    can_write=True,
                    home=False,
                )  # fmt: skip
            ]
    return []


def find_collection(store: Store, principal: Principal, cid: str) -> CollectionView | None:
    return next((c for c in visible_collections(store, principal) if c.id == cid), None)
