"""Legal requests between nodes: signed envelopes over HTTP, both ways.

The requesting node POSTs a sealed ``legal_request`` to the partner's
``/api/v1/legal-requests/inbox`` with the credential the partner issued it; the partner
answers the same way with ``legal_request_update`` envelopes (acknowledged, partly
answered, answered, refused), which may carry evidence. Each side checks envelopes with
the key it registered for the other, never with the key an envelope carries.

Evidence travels inline (base64) up to ``INLINE_LIMIT`` per file; larger exhibits go as
a package (``crossline evidence export``/``import``). Sent items get a ``transfer``
custody entry; received ones a ``receive`` entry naming the sender's key.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select

from crossline.errors import EvidenceError, NotFoundError, ValidationError
from crossline.evidence.items import (
    EXHIBIT_FIELDS,
    Evidence,
    check_exhibit,
    get_item,
    item_id,
    safe_filename,
    store_item,
)
from crossline.evidence.requests import attach_evidence, get_request, set_status, store_incoming
from crossline.evidence.workflow import ANSWERING, check_transition, due_date
from crossline.net.outbound import Outbound
from crossline.share.envelope import open_envelope, seal
from crossline.share.partner_client import PartnerClient
from crossline.share.partners import Partner, get_partner, partner_by_key_id
from crossline.store.schema_evidence import evidence_items

INBOX = "/api/v1/legal-requests/inbox"
INLINE_LIMIT = 16 * 1024 * 1024
REQUEST_FIELDS = ("id", "type", "title", "facts", "victims", "losses", "asks", "legal_basis")


def post_envelope(
    ev: Evidence, partner: Partner, envelope: dict[str, Any], outbound: Outbound | None = None
) -> Any:
    """Deliver ``envelope`` to the partner's inbox (a signed partner request); the errors of
    :class:`~crossline.share.partner_client.PartnerClient` when it cannot."""
    with PartnerClient(
        partner, ev.identity, outbound or Outbound.of(ev.settings), timeout=30.0
    ) as client:
        return client.json("POST", INBOX, json=envelope)


def send_request(
    ev: Evidence, ref: str, *, actor: str, outbound: Outbound | None = None
) -> dict[str, Any]:
    """Send a draft outgoing request to its partner, signed; it becomes ``sent``."""
    req = get_request(ev.store, ref)
    if req["direction"] != "outgoing":
        raise EvidenceError("only requests made here can be sent", request=req["id"])
    check_transition(req["status"], "sent")
    partner = get_partner(ev.store, req["partner"])
    due = (
        date.fromisoformat(req["due_date"])
        if req["due_date"]
        else due_date(req["type"], datetime.now(UTC).date())
    )
    payload = {
        "kind": "legal_request",
        "request": {
            **{k: req[k] for k in REQUEST_FIELDS},
            "case_ref": req["case_ref"],
            "due_date": due.isoformat(),
            "sent_at": datetime.now(UTC).isoformat(),
        },
    }
    post_envelope(ev, partner, seal(ev.identity, payload), outbound)
    return set_status(
        ev.store, req["id"], "sent", actor=actor, note=f"delivered to {partner.name}", due=due
    )


def respond(
    ev: Evidence,
    ref: str,
    status: str,
    *,
    actor: str,
    note: str | None = None,
    items: Sequence[str] = (),
    notify: bool = True,
    outbound: Outbound | None = None,
) -> dict[str, Any]:
    """Change the status of a request, attaching evidence items.

    On a request received from a partner the change (and the evidence) travels back to
    it, signed, before it is recorded here; on a request made here it is recorded only
    (an answer that came by another channel).
    """
    req = get_request(ev.store, ref)
    check_transition(req["status"], status)
    found = [get_item(ev.store, i) for i in items]
    if req["direction"] == "incoming" and notify:
        if status not in ANSWERING:
            raise EvidenceError(
                f"the requested side answers with {', '.join(sorted(ANSWERING))}, not {status!r}",
                to_status=status,
            )
        partner = get_partner(ev.store, req["partner"])
        payload = {
            "kind": "legal_request_update",
            "id": req["id"],
            "status": status,
            "note": note,
            "evidence": [_travelling(ev, i) for i in found],
        }
        post_envelope(ev, partner, seal(ev.identity, payload), outbound)
        for i in found:
            ev.log(
                case=i["case_ref"],
                action="transfer",
                actor=actor,
                item=i["id"],
                detail={"to": partner.name, "request": req["id"], "sha256": i["sha256"]},
            )
    if found:
        attach_evidence(ev.store, req["id"], [i["id"] for i in found], actor=actor, note=note)
    return set_status(ev.store, req["id"], status, actor=actor, note=note)


def _travelling(ev: Evidence, item: dict[str, Any]) -> dict[str, Any]:
    if item["size_bytes"] > INLINE_LIMIT:
        raise EvidenceError(
            f"exhibit {item['exhibit']} is {item['size_bytes']:,} bytes: too large to travel "
            f"inline (limit {INLINE_LIMIT:,}); send it as a package",
            item=item["id"],
        )
    with ev.content.open(item["sha256"]) as fh:
        data = fh.read()
    return {
        **{k: item[k] for k in EXHIBIT_FIELDS},
        "case": item["case_ref"],
        "size": item["size_bytes"],
        "content_b64": base64.b64encode(data).decode("ascii"),
    }


# -- receiving ----------------------------------------------------------------------------------


def sender_of(ev: Evidence, envelope: Any) -> Partner:
    """The registered partner whose key signed ``envelope`` (NotFoundError if none)."""
    signer = envelope.get("signer") if isinstance(envelope, dict) else None
    kid = signer.get("key_id") if isinstance(signer, dict) else None
    if not isinstance(kid, str):
        raise ValidationError("not a signed envelope: no signer key id", field="signer")
    return partner_by_key_id(ev.store, kid)


def receive(ev: Evidence, partner: Partner, envelope: Any) -> dict[str, Any]:
    """Open an envelope from ``partner`` with its registered key and apply what it says."""
    payload = open_envelope(envelope, partner.public_key)
    kind = payload.get("kind") if isinstance(payload, dict) else None
    if kind == "legal_request":
        req = payload.get("request")
        if not isinstance(req, dict) or not isinstance(req.get("id"), str):
            raise ValidationError("legal_request without a request", field="request")
        return store_incoming(ev.store, req, partner=partner.name)
    if kind == "legal_request_update":
        return _apply_update(ev, partner, payload)
    raise ValidationError(f"unknown envelope kind {kind!r}", field="payload.kind")


def _apply_update(ev: Evidence, partner: Partner, payload: dict[str, Any]) -> dict[str, Any]:
    req = get_request(ev.store, str(payload.get("id") or ""))
    if req["direction"] != "outgoing" or req["partner"] != partner.name:
        raise NotFoundError(f"no request {payload.get('id')!r} was sent to {partner.name}")
    status = str(payload.get("status"))
    if status not in ANSWERING:
        raise ValidationError(f"a partner cannot set status {status!r}", field="status")
    check_transition(req["status"], status)
    actor = f"partner:{partner.name}"
    case = req["case_ref"] or f"REQ-{req['id'][:8]}"
    received = [
        _store_received(ev, partner, req["id"], case, e, actor)
        for e in payload.get("evidence") or []
    ]
    if received:
        attach_evidence(ev.store, req["id"], received, actor=actor, note=payload.get("note"))
    return set_status(ev.store, req["id"], status, actor=actor, note=payload.get("note"))


def _store_received(
    ev: Evidence, partner: Partner, rid: str, case: str, e: dict[str, Any], actor: str
) -> str:
    try:
        data = base64.b64decode(str(e["content_b64"]), validate=True)
        sha = str(e["sha256"])
    except (KeyError, ValueError) as exc:
        raise ValidationError("evidence in an answer needs sha256 and content_b64") from exc
    exhibit = check_exhibit(f"{partner.name[:20]}.{e.get('exhibit', 'X')}"[:64])
    stored = ev.content.put_stream(io.BytesIO(data), expect_sha256=sha)
    iid = item_id(case, exhibit)
    now = datetime.now(UTC)
    with ev.store.transaction() as conn:
        if conn.execute(select(evidence_items.c.id).where(evidence_items.c.id == iid)).first():
            return iid
        when = e.get("acquired_at")
        row = {
            "id": iid,
            "case_ref": case,
            "exhibit": exhibit,
            "description": str(e.get("description") or "received from partner")[:2000],
            "source": f"{partner.name} ({partner.country}), answer to request {rid[:8]}",
            "acquired_at": datetime.fromisoformat(when) if when else now,
            "method": e.get("method"),
            "acquired_by": str(e.get("acquired_by") or partner.name),
            "filename": safe_filename(str(e.get("filename") or "file")),
            "media_type": e.get("media_type"),
            "sha256": stored.sha256,
            "size_bytes": stored.size,
            "origin": partner.name,
            "created_at": now,
        }
        entry = store_item(
            conn,
            ev,
            row,
            action="receive",
            actor=actor,
            detail={
                "sender": {
                    "node": partner.name,
                    "country": partner.country,
                    "key_id": partner.key_id,
                    "public_key": partner.public_key,
                },
                "request": rid,
                "sender_case": e.get("case"),
                "sender_exhibit": e.get("exhibit"),
                "sha256": stored.sha256,
                "size": stored.size,
            },
        )
    ev.heads().record([entry])
    return iid
