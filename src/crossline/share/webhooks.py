"""Delivery of alerts: signed webhooks and partner nodes, through an outbox with retries.

Every new alert gets one ``webhook_deliveries`` row per destination, written in the
transaction that stores the alert, holding the sealed envelope (Ed25519, see
:mod:`crossline.share.envelope`): a webhook receiver checks it with this node's public
key, a partner node with the key it registered for this node. :func:`deliver_due` POSTs
what is due; a failure is retried with exponential backoff (1 s, 2 s, 4 s ... capped at
an hour) up to ``MAX_ATTEMPTS``. Delivery is at least once: receivers de-duplicate by
alert id (a Crossline node does).

:class:`DeliveryWorker` runs :func:`deliver_due` in a thread of the serving node, a few
times a second, so an alert leaves well within a second of being raised.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import Connection, select, update

from crossline.background import OutboxWorker
from crossline.config import Settings
from crossline.domain import make_id
from crossline.errors import CrosslineError, NotFoundError, ValidationError
from crossline.net.outbound import Outbound, send, short_reason
from crossline.share.agreements import get_agreement
from crossline.share.alert_payload import alert_dict, partner_payload
from crossline.share.identity import NodeIdentity, load_identity
from crossline.share.partner_client import PartnerClient
from crossline.share.partners import Partner, list_partners
from crossline.store import Store
from crossline.store.repository import as_utc, iso_utc, utcnow
from crossline.store.schema_matching import webhook_deliveries, webhook_subscriptions

log = logging.getLogger("crossline.webhooks")

BASE_DELAY = 1.0  # seconds before the first retry
MAX_DELAY = 3600.0
MAX_ATTEMPTS = 10
TIMEOUT = 5.0
INBOX_PATH = "/api/v1/alerts/inbox"
NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


# -- subscriptions -------------------------------------------------------------------------------


def add_subscription(store: Store, name: str, url: str, outbound: Outbound) -> dict[str, Any]:
    """Register (or re-point) a webhook receiving every new alert.

    The destination is checked by ``outbound``'s egress guard now (EgressRefusedError for
    a loopback, private or link-local address the operator did not allow) and again at
    every delivery.
    """
    if not NAME.match(name):
        raise ValidationError(f"webhook name {name!r}", field="name", expected="[a-z0-9._-]")
    if not re.match(r"^https?://[^\s/]+", url) or len(url) > 2000:
        raise ValidationError(f"webhook URL {url!r}", field="url", expected="http(s)://host/path")
    outbound.check(url)
    sid = make_id("webhook", name)
    now = utcnow()
    with store.transaction() as conn:
        if conn.execute(
            select(webhook_subscriptions.c.id).where(webhook_subscriptions.c.id == sid)
        ).first():
            conn.execute(
                update(webhook_subscriptions)
                .where(webhook_subscriptions.c.id == sid)
                .values(url=url, active=True)
            )
        else:
            conn.execute(
                webhook_subscriptions.insert().values(
                    id=sid, name=name, url=url, active=True, created_at=now
                )
            )
    return next(s for s in list_subscriptions(store) if s["id"] == sid)


def remove_subscription(store: Store, name: str) -> None:
    """Stop sending to a webhook (its past deliveries stay on record)."""
    with store.transaction() as conn:
        done = conn.execute(
            update(webhook_subscriptions)
            .where(webhook_subscriptions.c.name == name)
            .values(active=False)
        )
    if not done.rowcount:
        raise NotFoundError(f"no webhook called {name!r}", webhook=name)


def list_subscriptions(store: Store) -> list[dict[str, Any]]:
    with store.read() as conn:
        rows = conn.execute(select(webhook_subscriptions).order_by(webhook_subscriptions.c.name))
        return [
            {
                "id": r.id,
                "name": r.name,
                "url": r.url,
                "active": bool(r.active),
                "created_at": as_utc(r.created_at).isoformat(),  # type: ignore[union-attr]
            }
            for r in rows
        ]


# -- queueing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Targets:
    """Where new alerts go: active webhooks, and partners whose agreement takes alerts."""

    webhooks: tuple[tuple[str, str], ...] = ()  # (subscription id, url)
    partners: dict[str, Partner] = field(default_factory=dict)  # partner id -> partner


def alerts_allowed(store: Store, partner: Partner) -> bool:
    """Whether the agreement in force with ``partner`` lets alerts go to it."""
    agreement = get_agreement(store, partner.name)
    return agreement is not None and bool(agreement.alerts)


def targets(store: Store, *, partners: bool = True) -> Targets:
    """Read before the alert transaction (agreements are read through the store)."""
    with store.read() as conn:
        hooks = tuple(
            (r.id, r.url)
            for r in conn.execute(
                select(webhook_subscriptions.c.id, webhook_subscriptions.c.url).where(
                    webhook_subscriptions.c.active.is_(True)
                )
            )
        )
    to: dict[str, Partner] = {}
    if partners:
        for p in list_partners(store):
            if p.active and p.base_url and alerts_allowed(store, p):
                to[p.id] = p
    return Targets(hooks, to)


def enqueue(
    conn: Connection,
    settings: Settings,
    fresh: list[dict[str, Any]],
    to: Targets,
    *,
    now: datetime | None = None,
) -> int:
    """Queue the deliveries of newly stored alerts (inside the caller's transaction)."""
    if not fresh or not (to.webhooks or to.partners):
        return 0
    from crossline.share.envelope import seal

    now = now or utcnow()
    identity = load_identity(settings)
    rows = []
    for alert in fresh:
        full = {"type": "crossline.alert", "alert": alert_dict(_Row(alert))}
        for sid, url in to.webhooks:
            rows.append(
                _delivery(alert["id"], "webhook", sid, url, seal(identity, full, now=now), now)
            )
        partner = to.partners.get(alert.get("partner_id") or "")
        if partner is not None and alert["origin"] == "local":
            payload = partner_payload(alert, settings.node_name)
            url = f"{partner.base_url}{INBOX_PATH}"
            rows.append(
                _delivery(
                    alert["id"], "partner", partner.id, url, seal(identity, payload, now=now), now
                )
            )
    if rows:
        conn.execute(webhook_deliveries.insert(), rows)
    return len(rows)


class _Row:
    """Attribute access over a freshly inserted alert dict (same shape as a table row)."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update({"acked_at": None, "acked_by": None, **values})


def _delivery(
    alert_id: str, target: str, target_id: str, url: str, envelope: dict[str, Any], now: datetime
) -> dict[str, Any]:
    return {
        "id": make_id("delivery", alert_id, target, target_id),
        "alert_id": alert_id,
        "target": target,
        "target_id": target_id,
        "url": url,
        "envelope": envelope,
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }


# -- delivering ----------------------------------------------------------------------------------


def backoff(attempts: int) -> float:
    """Seconds before the next try after ``attempts`` failed ones."""
    return min(BASE_DELAY * 2 ** max(0, attempts - 1), MAX_DELAY)


def deliver_due(
    store: Store,
    settings: Settings,
    outbound: Outbound | None = None,
    *,
    now: datetime | None = None,
    limit: int = 100,
) -> dict[str, int]:
    """POST every due delivery once; returns counts of delivered / retrying / failed.

    Webhooks get a plain POST of the sealed envelope; partner nodes a signed partner
    request (:class:`PartnerClient`). Both go through the egress guard of ``outbound``.
    """
    now = now or utcnow()
    d = webhook_deliveries.c
    with store.read() as conn:
        due = conn.execute(
            select(webhook_deliveries)
            .where(d.status == "pending", d.next_attempt_at <= now)
            .order_by(d.next_attempt_at, d.id)
            .limit(limit)
        ).all()
    counts = {"delivered": 0, "retrying": 0, "failed": 0}
    if not due:
        return counts
    outbound = outbound or Outbound.of(settings)
    partners = {p.id: p for p in list_partners(store)}
    identity = load_identity(settings)
    with outbound.client(timeout=TIMEOUT) as http:
        for row in due:
            if not claim(store, row.id, now):
                continue  # another server process is delivering it
            if row.target == "partner":
                error = _to_partner(partners.get(row.target_id), identity, outbound, row)
            else:
                error = _to_webhook(http, row.url, row.envelope)
            _record(store, row, error, now, counts)
    return counts


#: How long a claimed delivery is left to its process before another may try it.
CLAIM_SECONDS = 120.0


def claim(store: Store, delivery_id: str, now: datetime) -> bool:
    """Take a due delivery for this process (several server processes run a delivery
    worker each): it moves out of the due set for ``CLAIM_SECONDS``, so no other process
    sends it meanwhile; the outcome then sets its real next attempt."""
    d = webhook_deliveries.c
    with store.transaction() as conn:
        done = conn.execute(
            update(webhook_deliveries)
            .where(d.id == delivery_id, d.status == "pending", d.next_attempt_at <= now)
            .values(next_attempt_at=now + timedelta(seconds=CLAIM_SECONDS))
        )
    return bool(done.rowcount == 1)


def _record(
    store: Store, row: Any, error: str | None, now: datetime, counts: dict[str, int]
) -> None:
    d = webhook_deliveries.c
    attempts = row.attempts + 1
    if error is None:
        values: dict[str, Any] = {
            "status": "delivered",
            "delivered_at": utcnow(),
            "last_error": None,
        }
        counts["delivered"] += 1
    elif attempts >= MAX_ATTEMPTS:
        values = {"status": "failed", "last_error": error}
        counts["failed"] += 1
        log.error("delivery %s to %s failed for good: %s", row.id, row.target, error)
    else:
        values = {
            "next_attempt_at": now + timedelta(seconds=backoff(attempts)),
            "last_error": error,
        }
        counts["retrying"] += 1
    with store.transaction() as conn:
        conn.execute(
            update(webhook_deliveries).where(d.id == row.id).values(attempts=attempts, **values)
        )


def _to_webhook(client: httpx.Client, url: str, envelope: Any) -> str | None:
    """None when the receiver accepted (2xx), else the status and a short reason: never
    what the receiver answered (it could be an internal service talking)."""
    try:
        response = send(
            client, "POST", url, who="webhook", json=envelope,
            headers={"Content-Type": "application/json"},
        )  # fmt: skip
    except CrosslineError as exc:
        return exc.message
    if 200 <= response.status_code < 300:
        return None
    return short_reason(response)


def _to_partner(
    partner: Partner | None, identity: NodeIdentity, outbound: Outbound, row: Any
) -> str | None:
    """None when the partner node took the alert, else why not (never its credential)."""
    if partner is None:
        return "the partner is no longer registered"
    try:
        with PartnerClient(partner, identity, outbound, timeout=TIMEOUT) as client:
            client.request("POST", row.url, json=row.envelope)
    except CrosslineError as exc:
        return exc.message
    return None


def list_deliveries(store: Store, *, limit: int = 100) -> list[dict[str, Any]]:
    d = webhook_deliveries.c
    with store.read() as conn:
        rows = conn.execute(
            select(
                d.id,
                d.alert_id,
                d.target,
                d.url,
                d.status,
                d.attempts,
                d.last_error,
                d.delivered_at,
            )
            .order_by(d.created_at.desc(), d.id)
            .limit(limit)
        ).all()
    return [
        {
            **r._mapping,
            "delivered_at": iso_utc(r.delivered_at),
        }
        for r in rows
    ]


class DeliveryWorker(OutboxWorker):
    """Delivers due alerts in a background thread every ``interval`` seconds (default
    0.2), or at once when woken."""

    thread = "alert-delivery"
    default_interval = 0.2

    def deliver(self, store: Store, settings: Settings, outbound: Outbound) -> object:
        return deliver_due(store, settings, outbound)
