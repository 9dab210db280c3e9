"""TAXII collections: one per sharing agreement, and what each viewer of one may read."""

from __future__ import annotations

from dataclasses import dataclass

from crossline.domain import make_id
from crossline.share.agreements import Agreement
from crossline.share.markings import TLP_LEVELS
from crossline.share.policy import allowed_markings, report_kind

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
