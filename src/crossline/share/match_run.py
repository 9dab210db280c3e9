"""The querying side of blind matching: run a match against a partner node over HTTP,
and send a request for details on a match.

``run_match(..., mode="hmac")`` downloads the partner's digests (kept on file so new
reports can alert on them), intersects them with this node's own digests under the
same derived key, and asks the partner for the case references of the matches only.
``mode="psi"`` sends this node's values blinded, in chunks, and intersects locally.
Either way the results ("partner X holds this value in its case Y") are stored in
``match_results`` and the query is logged. The HTTP client is injected, so tests
bridge two in-process nodes with httpx transports.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from sqlalchemy import delete

from crossline.config import Settings
from crossline.domain import make_id
from crossline.errors import (
    IntegrityError,
    NotAllowedError,
    PartnerRateLimitedError,
    SharingError,
    TransportError,
)
from crossline.share import blind, psi
from crossline.share import matching as mt
from crossline.share.partners import Partner, get_partner
from crossline.store import Store
from crossline.store.repository import chunks, utcnow
from crossline.store.schema_matching import match_partner_digests, match_requests

PSI_CHUNK = 2_000
REFS_CHUNK = 1_000
TIMEOUT = 60.0


@contextmanager
def _client(partner: Partner, client: httpx.Client | None) -> Iterator[httpx.Client]:
    """The given client, or a fresh one closed afterwards."""
    if not partner.base_url:
        raise SharingError(f"partner {partner.name!r} has no base URL", partner=partner.name)
    if client is not None:
        yield client
        return
    with httpx.Client(timeout=TIMEOUT) as own:
        yield own


def _call(client: httpx.Client, method: str, path: str, partner: Partner, **kw: Any) -> Any:
    """One request to the partner; its refusals become our errors (never 5xx here)."""
    headers = {"Authorization": f"Bearer {partner.credential}"} if partner.credential else {}
    try:
        response = client.request(method, f"{partner.base_url}{path}", headers=headers, **kw)
    except httpx.HTTPError as exc:
        raise TransportError(
            f"partner {partner.name!r} unreachable: {exc.__class__.__name__}", partner=partner.name
        ) from exc
    if 200 <= response.status_code < 300:
        return response.json()
    try:
        err = response.json().get("error", {})
    except ValueError:
        err = {}
    why = f"partner {partner.name!r} refused {method} {path}: HTTP {response.status_code} " + str(
        err.get("message") or response.text[:200]
    )
    if response.status_code == 429:
        raise PartnerRateLimitedError(
            why, retry_after=int(response.headers.get("Retry-After", "60"))
        )
    if response.status_code == 403:
        raise NotAllowedError(why, partner=partner.name)
    raise TransportError(why, partner=partner.name, status=response.status_code)


def _log_out(
    store: Store, partner: Partner, mode: str, endpoint: str, count: int, actor: str
) -> None:
    with store.transaction() as conn:
        mt.log_query(
            conn, direction="out", partner=partner, mode=mode, endpoint=endpoint, count=count,
            outcome="ok", actor=actor, now=utcnow(),
        )  # fmt: skip


def fetch_digests(
    store: Store, settings: Settings, partner: Partner, client: httpx.Client, *, actor: str
) -> set[str]:
    """Every digest the partner publishes to us, checked against our key, kept on file."""
    key, epoch = mt.match_key(store, settings, partner)
    found: set[str] = set()
    cursor: str | None = None
    while True:
        params = {"limit": mt.PAGE, **({"cursor": cursor} if cursor else {})}
        page = _call(client, "GET", "/api/v1/match/digests", partner, params=params)
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
    client: httpx.Client | None = None, actor: str = "cli",
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
    with _client(partner, client) as http:
        if mode == "hmac":
            theirs = fetch_digests(store, settings, partner, http, actor=actor)
            key, _epoch = mt.match_key(store, settings, partner)
            by_digest = {blind.digest_hex(key, v.kind, v.value): v for v in mine}
            matched = sorted(set(by_digest) & theirs)
            for part in chunks(matched, REFS_CHUNK):
                body = _call(
                    http, "POST", "/api/v1/match/refs", partner, json={"digests": list(part)}
                )
                refs = {i["digest"]: i.get("ref") for i in body.get("items") or []}
                found.extend((by_digest[d], refs.get(d)) for d in part)
                _log_out(store, partner, "hmac", "refs", len(part), actor)
        else:
            for part in chunks(mine, PSI_CHUNK):
                querier = psi.Querier([(v.kind, v.value) for v in part])
                body = _call(
                    http, "POST", "/api/v1/match/psi", partner, json={"points": querier.request()}
                )
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
    client: httpx.Client | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Send the partner a signed request for details on a match; stored whatever happens."""
    from crossline.share.envelope import seal
    from crossline.share.identity import load_identity

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
        with _client(partner, client) as http:
            _call(http, "POST", "/api/v1/match/requests", partner, json=envelope)
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
