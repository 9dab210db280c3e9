"""Delivering freeze requests to banks: signed webhooks, or JSON files for banks
without an API; acknowledgements; retries with exponential backoff.

Life of a request::

    pending -> sending -> sent (delivered, waiting for the bank's ack) -> acked
                       -> acked (the bank's answer carried an ack reference)
                       -> retry (network error, 5xx, 429: again after 2^n x base seconds)
                       -> rejected (the bank answered 4xx: the request is wrong; no retry)
                       -> failed (still failing after ``max_attempts``)
    unroutable: no bank is known for the account (left for an analyst)

"Nothing is sent twice": a deliverer first *claims* a request (UPDATE ... WHERE
status IN (pending, retry)); only the one whose UPDATE changed the row sends it.
Every delivery carries the request id as ``Idempotency-Key`` so a bank that got a
request whose answer was lost can recognise the retry. Files are written once
(create-exclusive) and never overwritten.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select, update

from crossline.background import OutboxWorker
from crossline.config import Settings
from crossline.errors import TransportError, ValidationError
from crossline.money.freeze import request_dict, request_row
from crossline.net.outbound import Outbound, send, short_reason
from crossline.share.envelope import seal
from crossline.share.identity import NodeIdentity, load_identity
from crossline.store.repository import Store, as_utc, utcnow
from crossline.store.schema_money import bank_endpoints, freeze_requests

BACKOFF_BASE = 30.0  # seconds; attempt n waits BASE * 2^(n-1)
MAX_ATTEMPTS = 8
STALE_SENDING = timedelta(minutes=5)  # a deliverer that died mid-send


class Rejected(Exception):
    """The bank refused the request itself (4xx): retrying would not help."""


@dataclass(frozen=True, slots=True)
class Outcome:
    status: str  # sent or acked
    ack_ref: str | None = None


def payload(row: dict[str, Any], node: str) -> dict[str, Any]:
    """What the bank receives: the account, the amount, the transactions, the complaint
    reference. Never anything about the victim."""
    return {
        "type": "freeze-request",
        "request_id": row["id"],
        "requested_by": node,
        "complaint_ref": row["complaint_ref"],
        "account": row["account"],
        "bank_code": row["bank_code"],
        "amount": str(row["amount"]),
        "currency": row["currency"],
        "layer": row["layer"],
        "transactions": row["transactions"],
        "created_at": row["created_at"],
        "ack": 'answer 2xx with {"ack_ref": "..."} or POST the ack later',
    }


class WebhookDeliverer:
    """POST of a signed envelope to the bank's URL."""

    def __init__(self, identity: NodeIdentity, outbound: Outbound) -> None:
        self.identity = identity
        self.outbound = outbound
        self._client: httpx.Client | None = None  # made on first use: most rounds send nothing

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    def deliver(self, row: dict[str, Any], url: str) -> Outcome:
        envelope = seal(self.identity, payload(row, self.identity.name))
        if self._client is None:
            self._client = self.outbound.client(timeout=10.0)
        response = send(
            self._client, "POST", url, who=f"bank endpoint of {row['bank_code']}", json=envelope,
            headers={"Idempotency-Key": row["id"]},
        )  # fmt: skip
        status = response.status_code
        if status == 429 or status >= 500 or 300 <= status < 400:  # 3xx: no redirect followed
            raise TransportError(
                f"bank endpoint answered {short_reason(response)}", bank=row["bank_code"]
            )
        if status >= 400:
            raise Rejected(f"bank refused the request: {short_reason(response)}")
        ack = None
        try:
            body = response.json()
            if isinstance(body, dict) and body.get("ack_ref"):
                ack = str(body["ack_ref"])[:255]
        except ValueError:
            pass
        return Outcome("acked" if ack else "sent", ack)


class FileDeliverer:
    """One JSON file per request under ``<directory>/<bank code>/`` for banks without an
    API (collected by the bank or mailed by an officer)."""

    def __init__(self, identity: NodeIdentity, directory: Path) -> None:
        self.identity = identity
        self.directory = directory

    def deliver(self, row: dict[str, Any], url: str | None = None) -> Outcome:
        del url
        folder = self.directory / (row["bank_code"] or "unknown")
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{row['id']}.json"
        data = json.dumps(seal(self.identity, payload(row, self.identity.name)), indent=1)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
        except FileExistsError:
            return Outcome("sent")  # written by an earlier attempt: never twice
        with os.fdopen(fd, "w") as fh:
            fh.write(data)
        return Outcome("sent")


@dataclass
class DeliveryReport:
    sent: int = 0
    acked: int = 0
    retry: int = 0
    failed: int = 0
    rejected: int = 0
    items: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def outbox_dir(settings: Settings) -> Path:
    return settings.home / "freeze-outbox"


def deliver_pending(
    store: Store,
    settings: Settings,
    *,
    outbound: Outbound | None = None,
    now: Callable[[], datetime] = utcnow,
    limit: int = 500,
    max_attempts: int = MAX_ATTEMPTS,
    backoff: float = BACKOFF_BASE,
) -> DeliveryReport:
    """Deliver every request that is due; returns what happened to each.

    Webhook deliveries go through ``outbound``'s egress guard (the settings' by default).
    """
    identity = load_identity(settings)
    webhook = WebhookDeliverer(identity, outbound or Outbound.of(settings))
    files = FileDeliverer(identity, outbox_dir(settings))
    report = DeliveryReport()
    try:
        _release_stale(store, now())
        with store.read() as conn:
            due = conn.execute(
                select(freeze_requests)
                .where(
                    freeze_requests.c.status.in_(("pending", "retry")),
                    freeze_requests.c.next_attempt_at <= now(),
                )
                .order_by(freeze_requests.c.next_attempt_at)
                .limit(limit)
            ).all()
            endpoints = {r.bank_code: r for r in conn.execute(select(bank_endpoints)).all()}
        for row in due:
            if not _claim(store, row.id, now()):
                continue  # another deliverer has it
            item = request_dict(row)
            endpoint = endpoints.get(row.bank_code)
            use_webhook = endpoint is not None and endpoint.mode == "webhook" and endpoint.url
            attempts = row.attempts + 1
            values: dict[str, Any] = {"attempts": attempts}
            try:
                if use_webhook:
                    outcome = webhook.deliver(item, endpoint.url)
                else:
                    outcome = files.deliver(item)
                values.update(
                    status=outcome.status,
                    sent_at=now(),
                    delivery="webhook" if use_webhook else "file",
                    last_error=None,
                    next_attempt_at=None,
                )
                if outcome.ack_ref:
                    values.update(ack_ref=outcome.ack_ref, acked_at=now())
            except TransportError as exc:
                if attempts >= max_attempts:
                    values.update(status="failed", last_error=exc.message, next_attempt_at=None)
                else:
                    wait = backoff * 2 ** (attempts - 1)
                    values.update(
                        status="retry",
                        last_error=exc.message,
                        next_attempt_at=now() + timedelta(seconds=wait),
                    )
            except Rejected as exc:
                values.update(status="rejected", last_error=str(exc), next_attempt_at=None)
            with store.transaction() as conn:
                conn.execute(
                    update(freeze_requests).where(freeze_requests.c.id == row.id).values(**values)
                )
            status = values["status"]
            setattr(report, status, getattr(report, status) + 1)
            report.items.append(
                {"id": row.id, "bank_code": row.bank_code, "status": status, "attempts": attempts}
            )
    finally:
        webhook.close()
    return report


def _claim(store: Store, request_id: str, at: datetime) -> bool:
    """Mark one request as being sent, if it is still waiting and still due: the due
    list was read earlier, and a resend, a reschedule or another deliverer may have
    changed the request since."""
    with store.transaction() as conn:
        result = conn.execute(
            update(freeze_requests)
            .where(
                freeze_requests.c.id == request_id,
                freeze_requests.c.status.in_(("pending", "retry")),
                freeze_requests.c.next_attempt_at <= at,
            )
            .values(status="sending", next_attempt_at=at)
        )
    return result.rowcount == 1


def _release_stale(store: Store, at: datetime) -> None:
    """Requests left 'sending' by a deliverer that died go back to retry (the bank
    recognises a repeat by its Idempotency-Key)."""
    with store.transaction() as conn:
        conn.execute(
            update(freeze_requests)
            .where(
                freeze_requests.c.status == "sending",
                freeze_requests.c.next_attempt_at < at - STALE_SENDING,
            )
            .values(status="retry")
        )


def acknowledge(store: Store, request_id: str, ack_ref: str) -> dict[str, Any]:
    """Record a bank's acknowledgement received later (API call, mail, phone)."""
    if not ack_ref.strip():
        raise ValidationError("ack_ref is empty: give the bank's reference", field="ack_ref")
    with store.transaction() as conn:
        row = request_row(conn, request_id)
        if row.status not in ("sent", "acked"):
            raise ValidationError(
                f"freeze request {request_id} is {row.status}: only a sent request can be "
                "acknowledged",
                field="status",
            )
        if row.status == "sent":
            conn.execute(
                update(freeze_requests)
                .where(freeze_requests.c.id == request_id)
                .values(status="acked", ack_ref=ack_ref.strip()[:255], acked_at=utcnow())
            )
        row = request_row(conn, request_id)
    return request_dict(row)


def set_endpoint(
    store: Store,
    bank_code: str,
    *,
    mode: str,
    url: str | None,
    name: str | None,
    outbound: Outbound,
) -> None:
    """Register how a bank takes its requests (``webhook`` with a URL, or ``file``); a
    webhook's destination must pass ``outbound``'s egress guard (EgressRefusedError)."""
    if mode not in ("webhook", "file"):
        raise ValidationError("mode must be webhook or file", field="mode")
    if mode == "webhook" and not (url and url.startswith(("https://", "http://"))):
        raise ValidationError("a webhook needs an http(s) URL", field="url")
    if mode == "webhook" and url:
        outbound.check(url)
    code = bank_code.strip().upper()
    with store.transaction() as conn:
        conn.execute(bank_endpoints.delete().where(bank_endpoints.c.bank_code == code))
        conn.execute(
            bank_endpoints.insert(),
            [{"bank_code": code, "name": name, "mode": mode, "url": url, "created_at": utcnow()}],
        )


def latency_summary(store: Store) -> dict[str, Any]:
    """Complaint-to-request latency over stored requests: count, p50, p99 (ms)."""
    with store.read() as conn:
        values = sorted(
            v for v in conn.execute(select(freeze_requests.c.latency_ms)).scalars() if v is not None
        )
    if not values:
        return {"count": 0, "p50_ms": None, "p99_ms": None}

    def pct(p: float) -> float:
        return round(values[min(len(values) - 1, int(p * len(values)))], 2)

    return {"count": len(values), "p50_ms": pct(0.5), "p99_ms": pct(0.99)}


__all__ = ["acknowledge", "as_utc", "deliver_pending", "latency_summary", "set_endpoint"]


class FreezeWorker(OutboxWorker):
    """Delivers due freeze requests in a background thread of a serving node: every
    ``interval`` seconds (default 1), and at once when woken (after an import stored
    complaints). Claims make it safe beside ``crossline money freeze deliver`` or another
    worker."""

    thread = "freeze-delivery"
    default_interval = 1.0

    def deliver(self, store: Store, settings: Settings, outbound: Outbound) -> object:
        return deliver_pending(store, settings, outbound=outbound)
