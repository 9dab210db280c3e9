"""Value types of money trails: a transfer between two accounts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from crossline.domain import make_id


def transfer_id(source: str, txn_id: str) -> str:
    """Deterministic id: the same transaction of the same source is stored once."""
    return make_id("transfer", source, txn_id)


@dataclass(frozen=True, slots=True)
class Transfer:
    """One movement of money; accounts are canonical keys (see ``money.accounts``)."""

    txn_id: str
    at: datetime  # timezone-aware UTC
    from_account: str
    to_account: str
    amount: Decimal
    currency: str = "INR"
    channel: str = "other"
    source: str = "transfers"
    reference: str | None = None
    to_bank: str | None = None
    from_bank: str | None = None
    balance_after: Decimal | None = None  # of the sending account
    report_id: str | None = None  # a complaint's own payment
    fraud_label: int | None = None

    @property
    def id(self) -> str:
        return transfer_id(self.source, self.txn_id)

    @property
    def key(self) -> tuple[str, str]:
        """What the id is made from (cheap to compare; ``id`` hashes it)."""
        return (self.source, self.txn_id)

    def row(self, *, import_id: str | None, now: datetime) -> dict[str, Any]:
        """The ``transfers`` table row."""
        return {
            "id": self.id,
            "source": self.source,
            "txn_id": self.txn_id,
            "reference": self.reference,
            "at": self.at,
            "from_account": self.from_account,
            "to_account": self.to_account,
            "amount": self.amount,
            "currency": self.currency,
            "channel": self.channel,
            "to_bank": self.to_bank,
            "from_bank": self.from_bank,
            "balance_after": self.balance_after,
            "report_id": self.report_id,
            "fraud_label": self.fraud_label,
            "import_id": import_id,
            "created_at": now,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "txn_id": self.txn_id,
            "reference": self.reference,
            "at": self.at.isoformat(),
            "from": self.from_account,
            "to": self.to_account,
            "amount": str(self.amount),
            "currency": self.currency,
            "channel": self.channel,
        }


def transfer_from_row(row: Any) -> Transfer:
    """A ``transfers`` row (mapping or Row) back to a Transfer."""
    m = row._mapping if hasattr(row, "_mapping") else row
    at = m["at"]
    if at.tzinfo is None:  # SQLite hands back naive UTC
        from datetime import UTC

        at = at.replace(tzinfo=UTC)
    return Transfer(
        txn_id=m["txn_id"],
        at=at,
        from_account=m["from_account"],
        to_account=m["to_account"],
        amount=Decimal(str(m["amount"])),
        currency=m["currency"],
        channel=m["channel"],
        source=m["source"],
        reference=m["reference"],
        to_bank=m["to_bank"],
        from_bank=m["from_bank"],
        balance_after=None if m["balance_after"] is None else Decimal(str(m["balance_after"])),
        report_id=m["report_id"],
        fraud_label=m["fraud_label"],
    )
