"""The registered partners kept per server process, so the partner check of a token
that is no partner's (a bank's registry token) costs no database read.

The partner list is small and read whole. It is used only while it is younger than
:data:`~crossline.filestamp.STAMP_TTL` seconds and the node's partner stamp has not
moved since it was read. Every change of partners, agreements or organisations made
through a store opened from the node's settings moves the stamp after its commit
(:mod:`crossline.share.partner_stamp`), so the next request in any process reads
them afresh.
Agreements are not kept: whether one is in force depends on the hour, and only a
partner's own requests need it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from crossline.filestamp import STAMP_TTL, FileStamp
from crossline.share.partners import Partner, list_partners
from crossline.store import Store


@dataclass(frozen=True, slots=True)
class _Kept:
    by_org: dict[str, Partner]
    stamp: bytes
    read_at: float


class PartnerCache:
    """Partners by organisation id, valid while the stamp stands (thread-safe)."""

    def __init__(self, store: Store, stamp: FileStamp, *, ttl: float = STAMP_TTL) -> None:
        self.store = store
        self.stamp = stamp
        self.ttl = ttl
        self.clock = time.monotonic
        self._kept: _Kept | None = None

    def kept(self) -> dict[str, Partner] | None:
        """The partners by organisation from memory alone; None when they must be read."""
        kept = self._kept
        if kept is None:
            return None
        if self.clock() - kept.read_at >= self.ttl or self.stamp.read() != kept.stamp:
            self._kept = None
            return None
        return kept.by_org

    def by_org(self) -> dict[str, Partner]:
        """The partners by organisation, read from the database when not kept."""
        found = self.kept()
        if found is not None:
            return found
        # Read the stamp first: a change committed meanwhile moves it past what is kept.
        stamp = self.stamp.read()
        found = {p.org_id: p for p in list_partners(self.store) if p.org_id}
        if stamp is not None:
            self._kept = _Kept(found, stamp, self.clock())
        return found
