"""Sending a freeze request again, on an analyst's decision.

A request the bank never acknowledged (``sent``), one that ran out of attempts
(``failed``), one the bank refused (``rejected``, e.g. after the analyst fixed the
bank's endpoint) or one waiting for its next attempt (``retry``) goes back to
``pending``, due now, with its attempt count restarted so the backoff starts again.
The delivery worker then sends it as usual: a webhook carries the same
``Idempotency-Key`` (the bank recognises a repeat) and a file is never written twice.

Requests that are ``pending`` or ``sending`` are already on their way, ``acked`` ones
are done, and ``unroutable`` ones have no bank to go to: resending them is refused
with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import update

from crossline.errors import ValidationError
from crossline.money.freeze import request_dict, request_row
from crossline.store.repository import Store, utcnow
from crossline.store.schema_money import freeze_requests

RESENDABLE = ("sent", "failed", "rejected", "retry")
WHY_NOT = {
    "pending": "it is already waiting to be sent",
    "sending": "it is being sent right now",
    "acked": "the bank has acknowledged it",
    "unroutable": "no bank is known for its account (register the bank's endpoint first)",
}


def requeue(
    store: Store, request_id: str, *, now: Callable[[], datetime] = utcnow
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Put a request back in the outbox, due now; returns (before, after)."""
    with store.transaction() as conn:
        row = request_row(conn, request_id)
        before = request_dict(row)
        if row.status not in RESENDABLE:
            reason = WHY_NOT.get(row.status, "its state does not allow it")
            raise ValidationError(
                f"freeze request {request_id} is {row.status}: it cannot be sent again "
                f"because {reason}; only {', '.join(RESENDABLE)} requests can",
                field="status",
            )
        # The status guard in the WHERE keeps two analysts (or the worker) from both
        # moving the same request: the second finds it pending and changes nothing.
        conn.execute(
            update(freeze_requests)
            .where(freeze_requests.c.id == request_id, freeze_requests.c.status == row.status)
            .values(status="pending", attempts=0, next_attempt_at=now())
        )
        after = request_dict(request_row(conn, request_id))
    return before, after
