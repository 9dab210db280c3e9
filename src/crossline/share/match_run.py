"""The querying side of blind matching: run a match against a partner node over HTTP,
and send a request for details on a match.

``run_match(..., mode="hmac")`` downloads the partner's digests (kept on file so new
reports can alert on them), intersects them with this node's own digests under the
same derived key, and asks the partner for the case references of the matches only.
``mode="psi"`` sends this node's values blinded, in chunks, and intersects locally.
Either way the results ("partner X holds this value in its case Y") are stored in
``match_results`` and the query is logged. Requests go through a
:class:`~crossline.share.partner_client.PartnerClient`; tests bridge two in-process nodes
with the transport of its :class:`~crossline.net.outbound.Outbound`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import delete

from crossline.config import Settings
from crossline.domain import make_id
from crossline.errors import IntegrityError, SharingError, TransportError
from crossline.net.outbound import Outbound
from crossline.share import blind, psi
from crossline.share import matching as mt
from crossline.share.envelope import seal
from crossline.share.identity import load_identity
from crossline.share.partner_client import PartnerClient
from crossline.share.partners import Partner, get_partner
from crossline.store import Store
from crossline.store.repository import chunks, utcnow
from crossline.store.schema_matching import match_partner_digests, match_requests

PSI_CHUNK = 2_000
REFS_CHUNK = 1_000
TIMEOUT = 60.0


@contextmanager
def _client(
    settings: Settings, partner: Partner, outbound: Outbound | None
) -> Iterator[PartnerClient]:
    """A partner client for one run, closed afterwards."""
    with PartnerClient(
        partner, load_identity(settings), outbound or Outbound.of(settings), timeout=TIMEOUT
    ) as client:
        yield client


def _log_out(
    store: Store, partner: Partner, mode: str, endpoint: str, count: int, actor: str
) -> None:
    with store.transaction() as conn:
        mt.log_query(
            conn, direction="out", partner=partner, mode=mode, endpoint=endpoint, count=count,
            outcome="ok", actor=actor, now=utcnow(),
        )  # fmt: skip


def fetch_digests(
    store: Store, settings: Settings, partner: Partner, client: PartnerClient, *, actor: str
) -> set[str]:
    """Every digest the partner publishes to us, checked against our key, kept on file."""
    key, epoch = mt.match_key(store, settings, partner)
    found: set[str] = set()
    cursor: str | None = None
    while True:
        params = {"limit": mt.PAGE, **({"cursor": cursor} if cursor else {})}
        page = client.json("GET", "/api/v1/match/digests", params=params)
        if page.get("key_fingerprint") != blind.fingerprint(key):
            raise IntegrityError(
                f"partner {partner.name!r} digests use another key (its epoch "
                f"{page.get('epoch')}, ours {epoch}): rotate to the same epoch on both nodes"
            )
        found.update(str(d) for d in page.get("items") or [])
        cursor = page.get("next")
        if not cursor:
            break
    now = utcnow()
    with store.transaction() as conn:
        conn.execute(
            delete(match_partner_digests).where(match_partner_digests.c.partner_id == partner.id)
        )
        rows = [
            {"partner_id": partner.id, "digest": d, "epoch": epoch, "fetched_at": now}
            for d in sorted(found)
        ]
        for part in chunks(rows):
            conn.execute(match_partner_digests.insert(), list(part))
    _log_out(store, partner, "hmac", "digests", len(found), actor)
    return found


def run_match(
    store: Store, settings: Settings, partner_name: str, mode: str = "hmac", *,
    outbound: Outbound | None = None, actor: str = "cli",
) -> dict[str, Any]:  # fmt: skip
    """Match this node's values against ``partner_name``'s; returns a summary."""
    if mode not in mt.MODES:
        raise SharingError(f"unknown matching mode {mode!r}", expected="hmac or psi")
    partner = get_partner(store, partner_name)
    if not partner.active:
        raise SharingError(f"partner {partner.name!r} is not active")
    agreement = mt.agreement_for(store, partner, mode)
    mine = list(mt.iter_local_values(store, mt.allowed_markings(agreement)))
    found: list[tuple[mt.LocalValue, str | None]] = []
    with _client(settings, partner, outbound) as http:
        if mode == "hmac":
            theirs = fetch_digests(store, settings, partner, http, actor=actor)
            key, _epoch = mt.match_key(store, settings, partner)
            by_digest = {blind.digest_hex(key, v.kind, v.value): v for v in mine}
            matched = sorted(set(by_digest) & theirs)
            for part in chunks(matched, REFS_CHUNK):
                body = http.json("POST", "/api/v1/match/refs", json={"digests": list(part)})
                refs = {i["digest"]: i.get("ref") for i in body.get("items") or []}
                found.extend((by_digest[d], refs.get(d)) for d in part)
                _log_out(store, partner, "hmac", "refs", len(part), actor)
        else:
            for part in chunks(mine, PSI_CHUNK):
                querier = psi.Querier([(v.kind, v.value) for v in part])
                body = http.json("POST", "/api/v1/match/psi", json={"points": querier.request()})
                found.extend((part[i], ref) for i, ref in querier.intersect(body))
                _log_out(store, partner, "psi", "psi", len(part), actor)
    ids = mt.save_results(store, partner, mode, found)
    return {
        "partner": partner.name,
        "mode": mode,
        "local_values": len(mine),
        "matches": len(ids),
        "match_ids": ids,
    }


def request_details(
    store: Store, settings: Settings, match_ref: str, *, note: str | None = None,
    outbound: Outbound | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Send the partner a signed request for details on a match; stored whatever happens."""
    match = mt.get_result(store, match_ref)
    partner = get_partner(store, match["partner"])
    now = utcnow()
    rid = make_id("match-request", match["id"], now.isoformat())
    payload = {
        "type": "crossline.match_request", "id": rid, "node": settings.node_name,
        "partner_ref": match["partner_ref"], "mode": match["mode"], "value_kind": match["kind"],
        "note": note,
    }  # fmt: skip
    envelope = seal(load_identity(settings), payload, now=now)
    status, error = "sent", None
    try:
        with _client(settings, partner, outbound) as http:
            http.request("POST", "/api/v1/match/requests", json=envelope)
    except (TransportError, SharingError) as exc:
        status, error = "failed", exc.message
    with store.transaction() as conn:
        conn.execute(
            match_requests.insert().values(
                id=rid, direction="out", partner_id=partner.id, match_id=match["id"],
                partner_ref=match["partner_ref"], note=note, status=status, envelope=envelope,
                created_at=now,
            )
        )  # fmt: skip
    return {"id": rid, "partner": partner.name, "match_id": match["id"],
            "partner_ref": match["partner_ref"], "status": status, "error": error}  # fmt: skip
