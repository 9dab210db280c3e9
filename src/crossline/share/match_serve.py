"""The responder side of blind matching: what a partner's node gets when it asks.

``digests_page``  HMAC mode: this node's digests under the key shared with the partner,
                  a page at a time behind an opaque cursor (never an indicator id: ids
                  are derived from values and could be enumerated);
``refs_for``      HMAC mode: case references for the digests the partner matched;
``psi_answer``    PSI mode: the doubly blinded points and this node's tagged entries.

Each checks the partner's agreement (mode, markings), and ``refs_for``/``psi_answer``
charge the partner's budget. The route layer adds authentication and the audit log.
"""

from __future__ import annotations

import hashlib
import time
from typing import Any

from crossline.config import Settings
from crossline.errors import ValidationError
from crossline.share import blind, psi
from crossline.share import matching as mt
from crossline.share.partners import Partner
from crossline.store import Store
from crossline.store.repository import utcnow


def digests_page(
    store: Store, settings: Settings, partner: Partner, *, cursor: str | None, limit: int,
    actor: str | None = None,
) -> dict[str, Any]:  # fmt: skip
    agreement = mt.agreement_for(store, partner, "hmac")
    key, epoch = mt.match_key(store, settings, partner)
    after = mt.open_cursor(settings, cursor) if cursor else None
    with store.read() as conn:
        values = mt.local_values(conn, mt.allowed_markings(agreement), after=after, limit=limit)
    items = sorted(blind.digest_hex(key, v.kind, v.value) for v in values)
    with store.transaction() as conn:
        mt.log_query(
            conn, direction="in", partner=partner, mode="hmac", endpoint="digests",
            count=len(items), outcome="ok", actor=actor, now=utcnow(),
        )  # fmt: skip
    return {
        "epoch": epoch,
        "key_fingerprint": blind.fingerprint(key),
        "digest_bytes": blind.DIGEST_BYTES,
        "items": items,
        "next": mt.seal_cursor(settings, values[-1].indicator_id) if len(values) == limit else None,
    }


def _check_digests(digests: Any) -> list[str]:
    if not isinstance(digests, list):
        raise ValidationError("digests must be a list of hex strings", field="digests")
    size = blind.DIGEST_BYTES * 2
    for i, d in enumerate(digests):
        if not isinstance(d, str) or len(d) != size or any(c not in "0123456789abcdef" for c in d):
            raise ValidationError(
                f"digests[{i}] is not a digest", field=f"digests[{i}]", expected=f"{size} hex"
            )
    return digests


def refs_for(
    store: Store, settings: Settings, partner: Partner, digests: Any, *, actor: str | None = None
) -> dict[str, Any]:
    """Case references of the local values behind ``digests`` (unknown digests: nothing)."""
    wanted = set(_check_digests(digests))
    agreement = mt.agreement_for(store, partner, "hmac")
    mt.charge(store, partner, mode="hmac", endpoint="refs", count=len(wanted), actor=actor)
    key, _epoch = mt.match_key(store, settings, partner)
    share_refs = mt.refs_allowed(agreement)
    items = []
    for v in mt.iter_local_values(store, mt.allowed_markings(agreement)):
        d = blind.digest_hex(key, v.kind, v.value)
        if d in wanted:
            ref = mt.case_ref(settings, partner, v) if share_refs else None
            items.append({"digest": d, "ref": ref})
    return {"items": sorted(items, key=lambda x: x["digest"])}


PSI_CACHE_SECONDS = 600.0


def psi_answer(
    store: Store, settings: Settings, partner: Partner, points: Any, *, actor: str | None = None,
    cache: dict[str, Any] | None = None,
) -> dict[str, Any]:  # fmt: skip
    """One PSI round as the responder: {H(x)^ab} and this node's tagged entries.

    With ``cache`` (a dict kept by the serving node), the responder's secret and its
    blinded set are reused for ``PSI_CACHE_SECONDS`` while the set is unchanged: a
    partner sending its values in several chunks then costs one pass over this node's
    set. Reusing ``b`` for a while gives the partner nothing it could not get by asking.
    """
    if not isinstance(points, list):
        raise ValidationError("points must be a list of base64 strings", field="points")
    agreement = mt.agreement_for(store, partner, "psi")
    mt.charge(store, partner, mode="psi", endpoint="psi", count=len(points), actor=actor)
    share_refs = mt.refs_allowed(agreement)
    mine = [
        (v.kind, v.value, mt.case_ref(settings, partner, v) if share_refs else None)
        for v in mt.iter_local_values(store, mt.allowed_markings(agreement))
    ]
    if cache is None:
        return psi.Responder(mine).respond(points)
    digest = hashlib.sha256(repr(mine).encode()).hexdigest()
    now = time.monotonic()
    hit = cache.get(partner.id)
    if hit is None or hit[0] != digest or now - hit[1] > PSI_CACHE_SECONDS:
        hit = cache[partner.id] = (digest, now, psi.Responder(mine))
    responder: psi.Responder = hit[2]
    return responder.respond(points)
