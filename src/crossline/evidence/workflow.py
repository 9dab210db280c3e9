"""Legal-assistance requests, the pure part: types, the status workflow, the SLA clock,
and what to ask for each kind of indicator.

::

    draft -> sent -> acknowledged -> partly_answered -> answered
                 \\________________\\________________\\-> refused | withdrawn
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from crossline.errors import EvidenceError

TYPES = {
    "mlat": "Mutual legal assistance (treaty) request",
    "letter_rogatory": "Letter rogatory",
    "emergency_disclosure": "Emergency disclosure request",
    "preservation": "Preservation request",
    "freeze": "Freeze request",
}
# Days a partner has to answer, by type, unless a due date is given. Emergency and
# freeze requests are about money that leaves within hours; treaty requests average
# about ten months, which is the gap this clock exists to make visible.
SLA_DAYS = {
    "mlat": 90,
    "letter_rogatory": 180,
    "emergency_disclosure": 2,
    "preservation": 7,
    "freeze": 2,
}
STATUSES = (
    "draft",
    "sent",
    "acknowledged",
    "partly_answered",
    "answered",
    "refused",
    "withdrawn",
)
CLOSED = frozenset({"answered", "refused", "withdrawn"})
TRANSITIONS: dict[str, frozenset[str]] = {
    "draft": frozenset({"sent", "withdrawn"}),
    "sent": frozenset({"acknowledged", "partly_answered", "answered", "refused", "withdrawn"}),
    "acknowledged": frozenset({"partly_answered", "answered", "refused", "withdrawn"}),
    "partly_answered": frozenset({"partly_answered", "answered", "refused", "withdrawn"}),
    "answered": frozenset(),
    "refused": frozenset(),
    "withdrawn": frozenset(),
}
# Statuses only the requested side may set (they travel back to the requester).
ANSWERING = frozenset({"acknowledged", "partly_answered", "answered", "refused"})

MONEY_KINDS = frozenset({"upi", "bank_account", "iban", "ifsc", "card", "btc", "eth", "wallet"})
ASKS = {
    "phone": "subscriber details (name, address, identity documents, activation date, "
    "point of sale) and call detail records",
    "upi": "KYC of the handle's holder, the linked bank account and its statements",
    "bank_account": "KYC and account-opening documents, statements, linked devices and IPs",
    "iban": "KYC and account-opening documents, statements",
    "ifsc": "branch records for the accounts reported at this branch",
    "card": "cardholder KYC and transaction history",
    "email": "subscriber details and login IP logs",
    "domain": "registrant details, hosting records and access logs",
    "url": "hosting records and access logs for this address",
    "btc": "exchange KYC for deposits and withdrawals of this wallet",
    "eth": "exchange KYC for deposits and withdrawals of this wallet",
    "wallet": "exchange KYC for deposits and withdrawals of this wallet",
}


def check_type(kind: str) -> str:
    if kind not in TYPES:
        raise EvidenceError(
            f"unknown request type {kind!r}", field="type", expected=", ".join(TYPES)
        )
    return kind


def check_transition(current: str, new: str) -> None:
    """Raise EvidenceError naming both statuses when ``current -> new`` is not allowed."""
    if new not in STATUSES:
        raise EvidenceError(f"unknown status {new!r}", field="status", expected=", ".join(STATUSES))
    if new not in TRANSITIONS.get(current, frozenset()):
        allowed = ", ".join(sorted(TRANSITIONS.get(current, ()))) or "none (closed)"
        raise EvidenceError(
            f"a request cannot go from {current!r} to {new!r}; from {current!r}: {allowed}",
            from_status=current,
            to_status=new,
        )


def ask_for(kind: str, request_type: str) -> str | None:
    """What to ask the partner about one indicator (None: nothing to ask of this type)."""
    if request_type == "preservation":
        return f"preservation of records for this {kind.replace('_', ' ')} pending a formal request"
    if request_type == "freeze":
        if kind not in MONEY_KINDS:
            return None
        return "freezing of the balance and of incoming transfers; KYC of the holder"
    base = ASKS.get(kind)
    if base is None:
        return None
    if kind == "phone":
        return f"{base}; preservation of call records"
    if kind in MONEY_KINDS and request_type != "emergency_disclosure":
        return f"{base}; freezing of balances"
    return base


def due_date(request_type: str, start: date) -> date:
    return start + timedelta(days=SLA_DAYS[request_type])


def sla(request: Mapping[str, Any], today: date) -> dict[str, Any]:
    """The SLA clock of a request: days open, due date, days left, overdue."""
    created = request["created_at"]
    started = request.get("sent_at") or created
    start_day = started.date() if isinstance(started, datetime) else started
    closed = request["status"] in CLOSED
    end_day = request["closed_at"].date() if closed and request.get("closed_at") else today
    due = request.get("due_date")
    days_left = (due - today).days if due and not closed else None
    return {
        "days_open": max(0, (end_day - start_day).days),
        "due_date": due.isoformat() if due else None,
        "days_left": days_left,
        "overdue": bool(due and not closed and today > due),
    }
