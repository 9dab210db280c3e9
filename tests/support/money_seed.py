"""A money trail for the seeded Indian complaint ``in-1`` (no new report): the victim's
UPI payment, two layers of mule accounts, a cash-out; its freeze requests and mule scores.

Used by the browser tests, whose shared node must keep its reports and campaigns as the
other browser tests expect them.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from crossline.money import store as mstore
from crossline.money.complaints import COMPLAINT_SOURCE, complaint_account
from crossline.money.model import Transfer
from crossline.money.service import compute_mules, import_records
from crossline.store import Store
from crossline.store.repository import utcnow
from support.api_seed import T0

# Day 3 is when in-1 was reported; the money moves within the hour.
AT = T0 + timedelta(days=3)
TRAIL = [
    ("W-1", 10, "fraudster@okaxis", "", "50100000000001", "HDFC0000001", 30000),
    ("W-2", 15, "fraudster@okaxis", "", "mule7@ybl", "", 14000),
    ("W-3", 30, "50100000000001", "HDFC0000001", "000200000009", "ICIC0000002", 25000),
    ("W-4", 40, "mule7@ybl", "", "cash:ATM-MUM-0007", "", 13000),
]


def seed_money(store: Store, report_id: str) -> int:
    """Store the trail of ``report_id``; returns how many freeze requests it has."""
    hop = Transfer(
        txn_id=f"{report_id}:1", at=AT, from_account=complaint_account(report_id),
        to_account="upi:fraudster@okaxis", amount=Decimal("45000"), currency="INR",
        channel="upi", source=COMPLAINT_SOURCE, reference="UTR7000001", report_id=report_id,
    )  # fmt: skip
    with store.transaction() as conn:
        if not mstore.existing_transfer_ids(conn, [hop.id]):
            mstore.insert_transfers(conn, [hop.row(import_id=None, now=utcnow())])
    rows = [
        {"txn_id": t, "time": (AT + timedelta(minutes=m)).isoformat(), "from": a,
         "from_ifsc": ai, "to": b, "to_ifsc": bi, "amount": amount, "currency": "INR",
         "reference": f"UTR{t}"}
        for t, m, a, ai, b, bi, amount in TRAIL
    ]  # fmt: skip
    summary = import_records(store, rows, source="bank-feed")
    compute_mules(store)
    return summary.freeze_requests
