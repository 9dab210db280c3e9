"""A TAXII 2.1 client for talking to a partner node, with signatures both ways.

Everything this node sends is signed and everything it receives is verified:

* every request, a POST of objects included, is signed by the :class:`PartnerClient`
  (method, path, body digest, time and nonce: :mod:`crossline.share.request_signing`);
* a partner's object pages come with the same two headers, signed with the partner's key;
  a page whose signature is missing or wrong is refused before anything is imported.

Failures are translated once, by the :class:`PartnerClient` (its table); tests bridge
two in-process nodes through the transport of its :class:`~crossline.net.outbound.Outbound`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx

from crossline.errors import IntegrityError, SharingError
from crossline.share.identity import NodeIdentity, verify
from crossline.share.partner_client import PartnerClient, parse_json
from crossline.share.partners import Partner

TAXII = "application/taxii+json;version=2.1"
KEY_HEADER = "X-Crossline-Key-Id"
SIGNATURE_HEADER = "X-Crossline-Signature"


def signature_headers(identity: NodeIdentity, body: bytes) -> dict[str, str]:
    """The headers that sign ``body`` with this node's key."""
    return {KEY_HEADER: identity.key_id, SIGNATURE_HEADER: identity.sign(body)}


def check_signed(partner: Partner, headers: Any, body: bytes, *, what: str) -> None:
    """Verify that ``body`` was signed by ``partner``'s registered key (IntegrityError if not)."""
    kid = headers.get(KEY_HEADER)
    sig = headers.get(SIGNATURE_HEADER)
    if not kid or not sig:
        raise IntegrityError(f"{what} from {partner.name} is not signed")
    if kid != partner.key_id:
        raise IntegrityError(
            f"{what} from {partner.name} signed by key {kid!r}, expected {partner.key_id}"
        )
    verify(partner.public_key, body, sig, what=f"{what} from {partner.name}")


@dataclass(frozen=True)
class Page:
    """One page of a partner's collection."""

    objects: list[dict[str, Any]]
    more: bool
    next: str | None
    added_last: str | None  # X-TAXII-Date-Added-Last


class PartnerTaxii:
    """The partner's TAXII server, as this node's token sees it (over a PartnerClient)."""

    def __init__(self, client: PartnerClient) -> None:
        self.client = client
        self.partner = client.partner
        self.base = client.base
        self._api_root: str | None = None
        self._collection: str | None = None

    def close(self) -> None:
        self.client.close()

    def _get(self, url: str, params: dict[str, Any] | None = None) -> httpx.Response:
        return self.client.request("GET", url, params=params, headers={"Accept": TAXII})

    def _json(self, response: httpx.Response) -> Any:
        return parse_json(self.partner, response)

    # -- TAXII resources -----------------------------------------------------------

    def api_root(self) -> str:
        """The default API root's URL, from the discovery resource at ``/taxii2/``."""
        if self._api_root is None:
            found = self._json(self._get(f"{self.base}/taxii2/"))
            root = found.get("default") or (found.get("api_roots") or [None])[0]
            if not root:
                raise SharingError(f"{self.partner.name}'s TAXII discovery names no API root")
            self._api_root = str(root).rstrip("/") + "/"
        return self._api_root

    def collection(self) -> dict[str, Any]:
        """The one collection this node may read and write at the partner (its agreement's)."""
        url = f"{self.api_root()}collections/"
        found = self._json(self._get(url))
        usable = [c for c in found.get("collections") or [] if c.get("can_read")]
        if not usable:
            raise SharingError(
                f"{self.partner.name} offers this node no collection (no agreement there?)",
                partner=self.partner.name,
            )
        return dict(usable[0])

    def collection_id(self) -> str:
        """The id of :meth:`collection`, discovered once per client."""
        if self._collection is None:
            self._collection = str(self.collection()["id"])
        return self._collection

    def objects(
        self,
        collection_id: str,
        *,
        added_after: str | None = None,
        limit: int = 500,
        next_token: str | None = None,
    ) -> Page:
        """One page of objects, its signature verified."""
        params: dict[str, Any] = {"limit": limit}
        if next_token:
            params["next"] = next_token
        elif added_after:
            params["added_after"] = added_after
        url = f"{self.api_root()}collections/{collection_id}/objects/"
        response = self._get(url, params)
        check_signed(self.partner, response.headers, response.content, what="object page")
        body = self._json(response)
        return Page(
            objects=list(body.get("objects") or []),
            more=bool(body.get("more")),
            next=body.get("next"),
            added_last=response.headers.get("X-TAXII-Date-Added-Last"),
        )

    def pages(
        self, collection_id: str, *, added_after: str | None, limit: int = 500
    ) -> Iterator[Page]:
        """Every page added after ``added_after``, one at a time (bounded memory)."""
        page = self.objects(collection_id, added_after=added_after, limit=limit)
        yield page
        while page.more and page.next:
            page = self.objects(collection_id, next_token=page.next, limit=limit)
            yield page

    def add_objects(self, collection_id: str, objects: list[dict[str, Any]]) -> dict[str, Any]:
        """POST objects (one signed envelope); the partner's status resource."""
        body = json.dumps({"objects": objects}, separators=(",", ":")).encode()
        url = f"{self.api_root()}collections/{collection_id}/objects/"
        headers = {"Accept": TAXII, "Content-Type": TAXII}
        return dict(self._json(self.client.request("POST", url, content=body, headers=headers)))
