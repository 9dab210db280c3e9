"""Tables of money trails: transfers, freeze requests, bank endpoints and mule scores.

Accounts are stored as one text key ``"<kind>:<normal form>"`` built from the
indicator normalizers (``upi:refund77@paytm``, ``bank_account:SBIN0001234:30123456789``,
``iban:DE89...``, ``btc:bc1...``), so an account on a trail is the same string an
analyst finds in the indicator index. A complaint's own payment is stored as a
transfer from ``complaint:<report id>`` (the victim's account is never stored).
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, Float, Index, Integer, Numeric, String, Text

from crossline.store import columns as col
from crossline.store.columns import ID

ACCOUNT = String(200)

transfers = col.table(
    "transfers",
    col.key(),  # uuid5(source, txn_id): re-import adds nothing
    Column("source", String(64), nullable=False),
    Column("txn_id", String(128), nullable=False),
    Column("reference", String(128)),  # UTR / bank reference, as written
    col.moment("at", required=True),
    Column("from_account", ACCOUNT, nullable=False),
    Column("to_account", ACCOUNT, nullable=False),
    Column("amount", Numeric(18, 2), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("channel", String(16), nullable=False),  # upi, imps, neft, atm, crypto, wire_intl ...
    Column("to_bank", String(16)),  # routing code of the receiving bank (IFSC prefix / BIC)
    Column("from_bank", String(16)),
    Column("balance_after", Numeric(18, 2)),  # of the sending account, when known
    Column("report_id", ID),  # set on a complaint's own payment (the first hop)
    Column("fraud_label", Integer),  # labelled data sets only (PaySim isFraud)
    Column("import_id", ID),
    col.created_at(),
)
Index("ix_transfers_from_at", transfers.c.from_account, transfers.c.at)
Index("ix_transfers_to_at", transfers.c.to_account, transfers.c.at)
Index("ix_transfers_reference", transfers.c.reference)
Index("ix_transfers_report", transfers.c.report_id)

# One row per (complaint, account): the key makes "nothing is created or sent twice" a
# property of the table, not of the code path that got there.
freeze_requests = col.table(
    "freeze_requests",
    col.key(),  # uuid5(report id, account)
    Column("report_id", ID, nullable=False),
    Column("complaint_ref", String(255)),
    Column("account", ACCOUNT, nullable=False),
    Column("bank_code", String(16)),
    Column("bank_name", String(128)),
    Column("amount", Numeric(18, 2), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("layer", Integer, nullable=False),
    Column("transactions", JSON, nullable=False),  # txn ids/references that brought money here
    Column(
        "status", String(16), nullable=False
    ),  # pending, sent, acked, failed, rejected, unroutable
    Column("attempts", Integer, nullable=False, default=0),
    col.moment("next_attempt_at"),
    Column("last_error", Text),
    Column("delivery", String(16)),  # webhook or file
    Column("ack_ref", String(255)),
    col.moment("complaint_seen_at"),  # when the node received the complaint
    col.created_at(),
    Column("latency_ms", Float),  # complaint received -> request created
    col.moment("sent_at"),
    col.moment("acked_at"),
)
Index("ix_freeze_status", freeze_requests.c.status, freeze_requests.c.next_attempt_at)
Index("ix_freeze_report", freeze_requests.c.report_id)
Index("ix_freeze_account", freeze_requests.c.account)

# Where each bank takes its freeze requests; a bank without a row gets JSON files.
bank_endpoints = col.table(
    "bank_endpoints",
    Column("bank_code", String(16), primary_key=True),
    Column("name", String(128)),
    Column("mode", String(16), nullable=False),  # webhook or file
    Column("url", Text),
    col.created_at(),
)

mule_scores = col.table(
    "mule_scores",
    Column("account", ACCOUNT, primary_key=True),
    Column("score", Float, nullable=False),
    Column("level", String(8), nullable=False),
    Column("reasons", JSON, nullable=False),
    Column("victims", Integer, nullable=False, default=0),
    col.moment("first_seen"),
    col.moment("last_seen"),
    col.moment("updated_at", required=True),
)
Index("ix_mule_scores_score", mule_scores.c.score)

MONEY_TABLES = (transfers, freeze_requests, bank_endpoints, mule_scores)
