"""A complaint's own payment as the first hop of its money trail.

NCRP-style complaints carry the victim's transaction: the amount, the UTR /
transaction id, and the payee's account + IFSC or UPI handle — either in
``transactions: [...]`` (one object per payment) or in the complaint's own columns
(``suspect_bank_account`` / ``suspect_ifsc`` / ``suspect_upi_id`` / ``transaction_id``
/ ``amount``). Each payment becomes a :class:`Transfer` from ``complaint:<report id>``
(the victim's own account is never stored) to the payee's canonical key.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

from crossline.domain import Report
from crossline.errors import CrosslineError
from crossline.ingest.dates import INDIA, parse_datetime
from crossline.ingest.ncrp import COLUMNS as NCRP_COLUMNS
from crossline.ingest.values import parse_amount
from crossline.money.accounts import account_key, channel_name
from crossline.money.model import Transfer

COMPLAINT_SOURCE = "complaint"
_TX_TIME_KEYS = ("date", "transaction_date", "txn_date", "time", "datetime", "transaction_time")


def complaint_account(report_id: str) -> str:
    return f"complaint:{report_id}"


def first_hops(report: Report) -> list[Transfer]:
    """The complaint's payments to suspect accounts (empty when it names none)."""
    at = report.incident_at or report.received_at
    txs = report.extra.get("transactions") if isinstance(report.extra, dict) else None
    payments: list[tuple[str, Decimal, str, datetime | None, str | None]] = []
    if isinstance(txs, list) and txs:
        for tx in txs:
            if isinstance(tx, dict):
                payments.extend(_from_transaction(tx, report.currency or "INR"))
    else:
        payments.extend(_from_columns(report))
    hops = []
    for i, (payee, amount, currency, when, ref) in enumerate(payments, start=1):
        when = when or at
        if when is None or amount <= 0:
            continue
        hops.append(
            Transfer(
                txn_id=f"{report.id}:{i}",
                at=when,
                from_account=complaint_account(report.id),
                to_account=payee,
                amount=amount,
                currency=currency,
                channel=channel_name(report.payment_method),
                source=COMPLAINT_SOURCE,
                reference=ref,
                report_id=report.id,
            )
        )
    return hops


def _key(get: Any) -> str | None:
    """The payee of one payment: account + IFSC, else UPI handle."""
    for account, ifsc, kind in (
        (get("suspect_bank_account"), get("suspect_ifsc"), "bank_account"),
        (get("suspect_upi_id"), None, "upi"),
    ):
        if account:
            try:
                return account_key(str(account), ifsc_code=ifsc and str(ifsc), kind=kind)
            except CrosslineError:
                continue
    return None


def _from_transaction(
    tx: dict[str, Any], currency: str
) -> Iterable[tuple[str, Decimal, str, datetime | None, str | None]]:
    values = {NCRP_COLUMNS.key_of(k) or k: v for k, v in tx.items() if v not in (None, "")}
    payee = _key(values.get)
    if payee is None or "amount" not in values:
        return []
    try:
        amount, cur = parse_amount(str(values["amount"]), currency)
    except ValueError:
        return []
    when = None
    for key in _TX_TIME_KEYS:
        if key in tx and tx[key]:
            try:
                when = parse_datetime(str(tx[key]), INDIA)
            except CrosslineError:
                when = None
            break
    ref = values.get("transaction_id")
    return [(payee, amount, cur, when, str(ref) if ref else None)]


def _from_columns(
    report: Report,
) -> Iterable[tuple[str, Decimal, str, datetime | None, str | None]]:
    if report.amount_lost is None:
        return []
    accounts = [s.value for s in report.suspects if s.kind == "bank_account"]
    ifscs = [s.value for s in report.suspects if s.kind == "ifsc"]
    payees = []
    for i, acc in enumerate(accounts):
        payee = _key({"suspect_bank_account": acc, "suspect_ifsc": _at(ifscs, i)}.get)
        if payee:
            payees.append(payee)
    for s in report.suspects:
        if s.kind == "upi":
            payee = _key({"suspect_upi_id": s.value}.get)
            if payee:
                payees.append(payee)
    if not payees:
        return []
    refs = _references(report.extra)
    # One amount for several payees: the split is unknown, so it is shared equally (each
    # payee's freeze request then asks for its share, never more than was paid).
    share = (report.amount_lost / len(payees)).quantize(Decimal("0.01"))
    return [
        (payee, share, report.currency or "INR", None, _at(refs, i) or _at(refs, 0))
        for i, payee in enumerate(payees)
    ]


def _references(extra: dict[str, Any]) -> list[str]:
    for key, value in (extra or {}).items():
        if NCRP_COLUMNS.key_of(key) == "transaction_id" and value:
            return [str(v) for v in (value if isinstance(value, list) else [value])]
    return []


def _at(values: list[str], i: int) -> str | None:
    return values[i] if i < len(values) else None
