"""Legal-assistance requests in the store: create (pre-filled from a campaign), list with
their SLA clock, move through the workflow, attach the evidence that answers them.

Pre-filling uses counts and totals only: victims' personal data never enters a request.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, func, select, update

from crossline.domain import make_id
from crossline.errors import EvidenceError, NotFoundError, ValidationError
from crossline.evidence.workflow import (
    CLOSED,
    TYPES,
    ask_for,
    check_transition,
    check_type,
    due_date,
    sla,
)
from crossline.store import Store
from crossline.store.read.campaigns import campaign_detail, campaign_indicators
from crossline.store.repository import as_utc
from crossline.store.schema_evidence import (
    evidence_items,
    legal_request_events,
    legal_request_evidence,
    legal_requests,
)
from crossline.store.visibility import EVERYTHING, OrgView, only_visible


def _money(total: dict[str, Any]) -> str:
    return (
        ", ".join(f"{cur} {float(v):,.2f}" for cur, v in sorted(total.items())) or "none reported"
    )


def prefill_from_campaign(conn: Connection, campaign: str, request_type: str) -> dict[str, Any]:
    """Facts, victims, losses and per-indicator asks of a campaign (no personal data)."""
    page = campaign_detail(conn, campaign, indicators_limit=0, reports_limit=0)
    values = campaign_indicators(conn, page["id"], limit=500)["items"]
    asks = []
    for ind in values:
        if ind["common"]:  # helplines and free-mail domains are not the fraudsters'
            continue
        ask = ask_for(ind["kind"], request_type)
        if ask:
            asks.append(
                {
                    "kind": ind["kind"],
                    "value": ind["value"],
                    "reports": ind["report_count"],
                    "ask": ask,
                }
            )
    juris = ", ".join(sorted(page["jurisdictions"])) or "unknown"
    label = page.get("label") or "unclassified"
    facts = (
        f"Campaign {page['id']} ({label}): {page['report_count']} reports from "
        f"{page['victims']} victims in {juris}, first reported {(page['first_seen'] or '?')[:10]}"
        f", last {(page['last_seen'] or '?')[:10]}. Reported losses: "
        f"{_money(page['total_loss'])}. The reports are tied together by the identifiers "
        "listed below, which are used by the persons under investigation."
    )
    return {
        "campaign_id": page["id"],
        "facts": facts,
        "victims": int(page["victims"] or 0),
        "losses": page["total_loss"] or {},
        "asks": asks,
        "title": f"{TYPES[request_type]}: campaign {page['id'][:8]} ({label})",
    }


@dataclass(frozen=True)
class RequestDraft:
    """What a new request says, as the requester gave it; None is left to the campaign's
    pre-fill (facts, title, asks) or empty."""

    request_type: str
    partner: str
    campaign: str | None = None  # id or prefix: pre-fills facts, victims, losses, asks
    case_ref: str | None = None
    title: str | None = None
    facts: str | None = None
    legal_basis: str | None = None
    due: date | None = None
    asks: Sequence[dict[str, Any]] | None = None


def create_request(
    store: Store, draft: RequestDraft, *, actor: str, org_id: str | None = None
) -> dict[str, Any]:
    """A draft request to ``draft.partner``; from a campaign, facts and asks are
    pre-filled.

    ``org_id`` owns it (None: the home organisation)."""
    check_type(draft.request_type)
    filled: dict[str, Any] = {"facts": "", "victims": 0, "losses": {}, "asks": [], "title": ""}
    if draft.campaign:
        with store.read() as conn:
            filled = prefill_from_campaign(conn, draft.campaign, draft.request_type)
    facts = draft.facts or filled["facts"]
    title = draft.title or filled["title"] or TYPES[draft.request_type]
    if not facts.strip():
        raise ValidationError("a request needs facts: give --campaign or --facts", field="facts")
    now = datetime.now(UTC)
    rid = make_id("legal-request", draft.partner, uuid.uuid4().hex)
    row = {
        "id": rid,
        "direction": "outgoing",
        "type": draft.request_type,
        "partner": draft.partner,
        "campaign_id": filled.get("campaign_id"),
        "case_ref": draft.case_ref,
        "title": title[:255],
        "facts": facts,
        "victims": filled["victims"],
        "losses": filled["losses"],
        "asks": list(draft.asks) if draft.asks is not None else filled["asks"],
        "legal_basis": draft.legal_basis,
        "status": "draft",
        "due_date": draft.due,
        "created_by": actor,
        "created_at": now,
        "updated_at": now,
        "org_id": org_id,
    }
    with store.transaction() as conn:
        conn.execute(legal_requests.insert().values(**row))
        _event(conn, rid, actor, None, "draft", "created", now)
    return get_request(store, rid)


def _event(
    conn: Connection,
    rid: str,
    actor: str,
    old: str | None,
    new: str,
    note: str | None,
    at: datetime,
) -> None:
    seq = conn.execute(
        select(func.coalesce(func.max(legal_request_events.c.seq), 0)).where(
            legal_request_events.c.request_id == rid
        )
    ).scalar()
    conn.execute(
        legal_request_events.insert().values(
            request_id=rid,
            seq=int(seq or 0) + 1,
            at=at,
            actor=actor,
            from_status=old,
            to_status=new,
            note=note,
        )
    )


def _iso(v: Any) -> Any:
    v = as_utc(v) if isinstance(v, datetime) else v
    return v.isoformat() if isinstance(v, datetime | date) else v


def request_dict(row: Any, today: date | None = None) -> dict[str, Any]:
    m = dict(row._mapping)
    for k in ("created_at", "updated_at", "sent_at", "closed_at"):
        m[k] = as_utc(m[k])
    clock = sla(m, today or datetime.now(UTC).date())
    out = {k: _iso(v) for k, v in m.items()}
    out["type_label"] = TYPES.get(m["type"], m["type"])
    out.update(clock)
    return out


def resolve_request(conn: Connection, ref: str) -> Any:
    rows = list(
        conn.execute(select(legal_requests).where(legal_requests.c.id.like(f"{ref}%")).limit(2))
        if len(ref) >= 6
        else []
    )
    if len(rows) != 1:
        raise NotFoundError(
            f"no single legal request {ref!r} (found {len(rows)})", expected="id or 6+ prefix"
        )
    return rows[0]


def get_request(store: Store, ref: str, today: date | None = None) -> dict[str, Any]:
    """A request with its history and the evidence attached to it."""
    with store.read() as conn:
        row = resolve_request(conn, ref)
        events = conn.execute(
            select(legal_request_events)
            .where(legal_request_events.c.request_id == row.id)
            .order_by(legal_request_events.c.seq)
        ).all()
        attached = conn.execute(
            select(legal_request_evidence, evidence_items)
            .join(evidence_items, evidence_items.c.id == legal_request_evidence.c.item_id)
            .where(legal_request_evidence.c.request_id == row.id)
            .order_by(legal_request_evidence.c.added_at)
        ).all()
    out = request_dict(row, today)
    out["history"] = [
        {
            "seq": e.seq,
            "at": _iso(as_utc(e.at)),
            "actor": e.actor,
            "from": e.from_status,
            "to": e.to_status,
            "note": e.note,
        }
        for e in events
    ]
    out["evidence"] = [
        {
            "item_id": a.item_id,
            "case": a.case_ref,
            "exhibit": a.exhibit,
            "description": a.description,
            "sha256": a.sha256,
            "size": a.size_bytes,
            "added_at": _iso(as_utc(a.added_at)),
            "note": a.note,
        }
        for a in attached
    ]
    return out


def list_requests(
    store: Store,
    *,
    overdue: bool = False,
    status: str | None = None,
    direction: str | None = None,
    today: date | None = None,
    limit: int = 500,
    view: OrgView = EVERYTHING,
) -> list[dict[str, Any]]:
    """Requests, overdue ones first, then by due date; ``overdue`` keeps only those.

    Only the requests ``view`` may see."""
    q = select(legal_requests)
    q = only_visible(q, view, legal_requests.c.org_id, "legal_request", legal_requests.c.id)
    if status:
        q = q.where(legal_requests.c.status == status)
    if direction:
        q = q.where(legal_requests.c.direction == direction)
    with store.read() as conn:
        rows = [request_dict(r, today) for r in conn.execute(q.limit(limit))]
    if overdue:
        rows = [r for r in rows if r["overdue"]]
    rows.sort(key=lambda r: (not r["overdue"], r["due_date"] or "9999", r["created_at"]))
    return rows


def set_status(
    store: Store,
    ref: str,
    new: str,
    *,
    actor: str,
    note: str | None = None,
    due: date | None = None,
) -> dict[str, Any]:
    """Move a request along the workflow (EvidenceError names a forbidden transition)."""
    now = datetime.now(UTC)
    with store.transaction() as conn:
        row = resolve_request(conn, ref)
        check_transition(row.status, new)
        values: dict[str, Any] = {"status": new, "updated_at": now}
        if new == "sent":
            values["sent_at"] = now
            if row.due_date is None:
                values["due_date"] = due or due_date(row.type, now.date())
        if new in CLOSED:
            values["closed_at"] = now
        conn.execute(update(legal_requests).where(legal_requests.c.id == row.id).values(**values))
        _event(conn, row.id, actor, row.status, new, note, now)
    return get_request(store, row.id)


def attach_evidence(
    store: Store, ref: str, item_ids: Sequence[str], *, actor: str, note: str | None = None
) -> dict[str, Any]:
    """Attach evidence items to a request (as its answer, or what backs it)."""
    now = datetime.now(UTC)
    with store.transaction() as conn:
        row = resolve_request(conn, ref)
        if row.status in ("refused", "withdrawn"):
            raise EvidenceError(f"request {row.id[:8]} is {row.status}: nothing can be attached")
        known = set(
            conn.execute(
                select(legal_request_evidence.c.item_id).where(
                    legal_request_evidence.c.request_id == row.id
                )
            ).scalars()
        )
        for iid in item_ids:
            if iid not in known:
                conn.execute(
                    legal_request_evidence.insert().values(
                        request_id=row.id, item_id=iid, added_at=now, actor=actor, note=note
                    )
                )
    return get_request(store, row.id)


def store_incoming(store: Store, payload: dict[str, Any], *, partner: str) -> dict[str, Any]:
    """Keep a request received from ``partner`` (receiving it twice changes nothing)."""
    req = payload
    now = datetime.now(UTC)
    check_type(str(req.get("type")))
    with store.transaction() as conn:
        exists = conn.execute(
            select(legal_requests.c.id).where(legal_requests.c.id == req["id"])
        ).first()
        if exists is None:
            conn.execute(
                legal_requests.insert().values(
                    id=str(req["id"]),
                    direction="incoming",
                    type=req["type"],
                    partner=partner,
                    campaign_id=None,  # the sender's campaign ids mean nothing here
                    case_ref=req.get("case_ref"),
                    title=str(req.get("title") or TYPES[req["type"]])[:255],
                    facts=str(req.get("facts") or ""),
                    victims=int(req.get("victims") or 0),
                    losses=req.get("losses") or {},
                    asks=list(req.get("asks") or []),
                    legal_basis=req.get("legal_basis"),
                    status="sent",
                    due_date=date.fromisoformat(req["due_date"]) if req.get("due_date") else None,
                    created_by=f"partner:{partner}",
                    created_at=now,
                    updated_at=now,
                    sent_at=datetime.fromisoformat(req["sent_at"]) if req.get("sent_at") else now,
                )
            )
            _event(conn, str(req["id"]), f"partner:{partner}", None, "sent", "received", now)
    return get_request(store, str(req["id"]))
