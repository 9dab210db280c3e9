"""Publishing: materialise what an agreement allows into its TAXII collection.

The export for the partner (through the sharing policy) is stored object by object as
JSON text; unchanged objects are left alone, changed ones get a new version. TAXII
reads then only join stored texts. Run after imports (``crossline stix publish``, or
the sync loop that pushes on publish).
"""

from __future__ import annotations

from typing import Any

from crossline.config import Settings
from crossline.share.agreements import Agreement, get_agreement, list_agreements
from crossline.share.stix.export import ExportSummary, iter_objects, partner_feed
from crossline.share.stix.objects_store import store_objects
from crossline.share.taxii.collections import collection_id
from crossline.store import Store


def publish(store: Store, settings: Settings, agreement: Agreement) -> dict[str, Any]:
    """Store the partner's current export in its collection; counts of what changed."""
    feed = partner_feed(store, agreement)
    summary = ExportSummary(None, "", partner=agreement.partner, agreement=agreement.id)
    objects = iter_objects(
        feed, node_name=settings.node_name, country=settings.country, summary=summary
    )
    cid = collection_id(agreement.id)
    result = store_objects(store, cid, objects, direction="out")
    return {
        "partner": agreement.partner,
        "agreement": agreement.id,
        "collection": cid,
        "objects": sum(summary.counts.values()),
        "added": result.added,
        "unchanged": result.unchanged,
    }


def publish_all(
    store: Store, settings: Settings, partner: str | None = None
) -> list[dict[str, Any]]:
    """Publish for every agreement in force (or only ``partner``'s)."""
    if partner is not None:
        agreement = get_agreement(store, partner)
        agreements = [agreement] if agreement is not None else []
    else:
        agreements = [a for a in list_agreements(store) if a.in_force()]
    return [publish(store, settings, a) for a in agreements]
