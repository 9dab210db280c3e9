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

from crossline.node.auth import Principal
from crossline.node.security import SHARE_PULL, SHARING
from crossline.share.agreements import agreement_for_org, list_agreements
from crossline.share.taxii.collections import CollectionView, collection_id
from crossline.store import Store


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
