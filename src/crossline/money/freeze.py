"""Freeze (hold) requests: one per account on a complaint's trail that may still hold
the victim's money, addressed to the bank that holds the account.

A request's id is ``uuid5(report id, account)``: re-tracing a complaint when more
trail data arrives adds requests for newly found accounts and never a second
request for an account already asked.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from crossline.domain import make_id
from crossline.errors import NotFoundError
from crossline.money import store as mstore
from crossline.money.accounts import bank_of
from crossline.money.model import Transfer
from crossline.money.trail import TraceParams, Trail, trace
from crossline.store.repository import Store, as_utc, chunks, utcnow
from crossline.store.schema import reports
from crossline.store.schema_money import freeze_requests


def request_id(report_id: str, account: str) -> str:
    return make_id("freeze", report_id, account)


def plan_requests(
    report_id: str,
    complaint_ref: str | None,
    trail: Trail,
    *,
    now: datetime,
    seen_at: datetime | None,
) -> list[dict[str, Any]]:
    """The request rows for a traced complaint (pure: no I/O)."""
    params = trail.params
    currency = trail.seeds[0].currency if trail.seeds else "INR"
    latency = (now - seen_at).total_seconds() * 1000 if seen_at else None
    rows = []
    for node in trail.holders():
        bank = bank_of(node.account, node.bank_hint)
        rows.append(
            {
                "id": request_id(report_id, node.account),
                "report_id": report_id,
                "complaint_ref": complaint_ref,
                "account": node.account,
                "bank_code": bank.code if bank else None,
                "bank_name": bank.name if bank else None,
                "amount": Decimal(f"{node.hold_amount(params):.2f}"),
                "currency": currency,
                "layer": node.layer,
                "transactions": [
                    {k: t[k] for k in ("txn_id", "reference", "at", "amount")}
                    for t in node.transactions[:50]
                ],
                "status": "pending" if bank else "unroutable",
                "attempts": 0,
                "next_attempt_at": now if bank else None,
                "last_error": None if bank else "no bank known for this account",
                "delivery": None,
                "ack_ref": None,
                "complaint_seen_at": seen_at,
                "created_at": now,
                "latency_ms": latency,
                "sent_at": None,
                "acked_at": None,
            }
        )
    return rows


def trace_complaint(
    store: Store, ref: str, params: TraceParams | None = None
) -> tuple[Trail, str | None, dict[str, Any]]:
    """Trace a complaint or a transaction from the store: (trail, report id, fetch stats)."""
    params = params or TraceParams()
    started = time.perf_counter()
    with store.read() as conn:
        seeds, report_id = mstore.seeds_for(conn, ref)
        fetched = mstore.reachable_transfers(conn, seeds, params)
    trail = trace(seeds, fetched.transfers, params)
    stats = {
        "transfers_read": len(fetched.transfers),
        "accounts_visited": fetched.accounts,
        "queries": fetched.queries,
        "capped": fetched.capped,
        "ms": round((time.perf_counter() - started) * 1000, 2),
    }
    return trail, report_id, stats


def create_requests(
    store: Store,
    report_ids: Iterable[str] = (),
    *,
    seeds: dict[str, list[Transfer]] | None = None,
    seen_at: datetime | None = None,
    params: TraceParams | None = None,
    refs: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Trace each complaint and store the requests not already stored; returns those.

    ``seeds`` gives complaints' payments directly (else they are read for
    ``report_ids``); ``refs`` their own references when they are not stored yet. A
    complaint whose payees have no stored outflow needs no walk through the store
    (the common case when complaints arrive before the banks' trails), so a batch of
    thousands of complaints costs a few queries.
    """
    refs = dict(refs or {})
    trails: dict[str, Trail] = {}
    with store.read() as conn:
        if seeds is None:
            seeds = {rid: mstore.complaint_hops(conn, rid) for rid in report_ids}
        seeds = {rid: hops for rid, hops in seeds.items() if hops}
        active = mstore.accounts_with_outflows(
            conn, {h.to_account for hops in seeds.values() for h in hops}
        )
        for rid, hops in seeds.items():
            if any(h.to_account in active for h in hops):
                found = mstore.reachable_transfers(conn, hops, params).transfers
            else:
                found = []
            trails[rid] = trace(hops, found, params)
        unknown = [rid for rid in trails if rid not in refs]
        for part in chunks(unknown):
            refs.update(
                conn.execute(
                    select(reports.c.id, reports.c.source_ref).where(reports.c.id.in_(part))
                ).all()
            )
    now = utcnow()
    rows = [
        row
        for rid, trail in trails.items()
        for row in plan_requests(rid, refs.get(rid), trail, now=now, seen_at=seen_at)
    ]
    if not rows:
        return []
    with store.transaction() as conn:
        # The check and the insert are one step: concurrent imports of one complaint
        # would otherwise both find its requests new.
        store.dialect.key_lock(conn, "freeze-requests")
        known: set[str] = set()
        for part in chunks([r["id"] for r in rows]):
            known.update(
                conn.execute(
                    select(freeze_requests.c.id).where(freeze_requests.c.id.in_(part))
                ).scalars()
            )
        fresh = list({r["id"]: r for r in rows if r["id"] not in known}.values())
        if fresh:
            conn.execute(freeze_requests.insert(), fresh)
            # The registry counts freeze requests per account.
            store.note_risk_changes(conn, accounts=(r["account"] for r in fresh))
    return fresh


def request_row(conn: Any, request_id: str) -> Any:
    """The stored row of freeze request ``request_id``; NotFoundError when there is none."""
    row = conn.execute(select(freeze_requests).where(freeze_requests.c.id == request_id)).first()
    if row is None:
        raise NotFoundError(f"no freeze request {request_id!r}")
    return row


def request_dict(row: Any) -> dict[str, Any]:
    m = dict(row._mapping if hasattr(row, "_mapping") else row)
    for key in ("next_attempt_at", "complaint_seen_at", "created_at", "sent_at", "acked_at"):
        value = as_utc(m.get(key))
        m[key] = value.isoformat() if value else None
    m["amount"] = str(m["amount"])
    return m


@dataclass(frozen=True)
class FreezeFilter:
    """Which freeze requests a list is of: in one of the delivery states ``status``
    (comma-separated), of one complaint, of the complaints of one campaign; None: any."""

    status: str | None = None
    report_id: str | None = None
    campaign_id: str | None = None

    def apply(self, q: Any) -> Any:
        """``q`` narrowed to the requests this filter names."""
        if self.status:
            q = q.where(freeze_requests.c.status.in_(self.status.split(",")))
        if self.report_id:
            q = q.where(freeze_requests.c.report_id == self.report_id)
        if self.campaign_id:  # the complaints of one campaign (a component of reports)
            q = q.where(
                freeze_requests.c.report_id.in_(
                    select(reports.c.id).where(reports.c.component_id == self.campaign_id)
                )
            )
        return q


ANY = FreezeFilter()


def list_requests(
    store: Store, where: FreezeFilter = ANY, *, limit: int = 100, offset: int = 0
) -> list[dict[str, Any]]:
    """Requests newest first, of those ``where`` names."""
    q = select(freeze_requests).order_by(freeze_requests.c.created_at.desc(), freeze_requests.c.id)
    q = where.apply(q).limit(limit).offset(offset)
    with store.read() as conn:
        return [request_dict(r) for r in conn.execute(q).all()]


def count_by_status(store: Store, where: FreezeFilter = ANY) -> dict[str, int]:
    """How many requests are in each delivery state, of those ``where`` names whatever
    their state (its ``status`` is left aside: the counts are per state)."""
    q = select(freeze_requests.c.status, func.count()).group_by(freeze_requests.c.status)
    with store.read() as conn:
        rows = conn.execute(replace(where, status=None).apply(q)).all()
    return {str(status): int(n) for status, n in sorted(rows)}
