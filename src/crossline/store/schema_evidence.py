"""Tables of evidence and legal assistance.

``evidence_items`` describes each file held as evidence (what, from whom, when, how,
by whom, case and exhibit); the bytes live in the content store under their SHA-256,
never in the database. ``evidence_links`` ties items to reports, indicators and
campaigns. ``custody_log`` is the chain of custody: one hash chain per case, each
entry signed by the node that wrote it; the migration makes it append-only.

``legal_requests`` are treaty requests, letters rogatory, emergency disclosure,
preservation and freeze requests, with their status history in
``legal_request_events`` and the evidence that answers them in
``legal_request_evidence``.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)

from crossline.store import columns as col
from crossline.store.columns import ID

evidence_items = col.table(
    "evidence_items",
    col.key(),
    Column("case_ref", String(128), nullable=False),
    Column("exhibit", String(64), nullable=False),
    Column("description", Text, nullable=False),
    Column("source", String(255)),  # from whom the item was obtained
    col.moment("acquired_at", required=True),  # when
    Column("method", String(255)),  # how it was acquired (seizure, production order ...)
    col.actor("acquired_by"),  # by whom
    Column("filename", String(255), nullable=False),
    Column("media_type", String(128)),
    Column("sha256", String(64), nullable=False),
    Column("size_bytes", BigInteger, nullable=False),
    Column("origin", String(64)),  # None: acquired here; else the node it was received from
    col.created_at(),
    # The organisation owning the item's case (None: the home organisation); see node.scope.
    Column("org_id", ID),
    UniqueConstraint("case_ref", "exhibit", name="uq_evidence_case_exhibit"),
)
Index("ix_evidence_case", evidence_items.c.case_ref)
Index("ix_evidence_sha256", evidence_items.c.sha256)

evidence_links = col.table(
    "evidence_links",
    Column("item_id", ID, ForeignKey("evidence_items.id"), primary_key=True),
    Column("kind", String(16), primary_key=True),  # report, indicator, campaign
    Column("target_id", String(64), primary_key=True),
)
Index("ix_evidence_links_target", evidence_links.c.kind, evidence_links.c.target_id)

custody_log = col.table(
    "custody_log",
    Column("case_ref", String(128), primary_key=True),  # one chain per case
    Column("seq", Integer, primary_key=True),
    Column("item_id", ID),
    Column("package", String(64)),
    Column("action", String(16), nullable=False),
    col.actor(),
    Column("at", String(40), nullable=False),  # ISO 8601 UTC text: hashed as written
    Column("detail", JSON),
    *col.hash_chain(),
    Column("signature", String(128), nullable=False),
    Column("key_id", String(16), nullable=False),
)
Index("ix_custody_item", custody_log.c.item_id)

legal_requests = col.table(
    "legal_requests",
    col.key(),
    Column("direction", String(8), nullable=False),  # outgoing, incoming
    Column("type", String(24), nullable=False),
    Column("partner", String(64), nullable=False),  # the other node's name
    Column("campaign_id", ID),
    Column("case_ref", String(128)),
    Column("title", String(255), nullable=False),
    Column("facts", Text, nullable=False),
    Column("victims", Integer, nullable=False, default=0),
    Column("losses", JSON),
    Column("asks", JSON, nullable=False),  # [{kind, value, ask}]
    Column("legal_basis", Text),
    Column("status", String(24), nullable=False),
    Column("due_date", Date),
    col.actor("created_by"),
    col.created_at(),
    col.moment("updated_at", required=True),
    col.moment("sent_at"),
    col.moment("closed_at"),
    Column("org_id", ID),  # the owning organisation (None: the home organisation)
)
Index("ix_legal_requests_status", legal_requests.c.status)

legal_request_events = col.table(
    "legal_request_events",
    Column("request_id", ID, ForeignKey("legal_requests.id"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    col.moment("at", required=True),
    col.actor(),
    Column("from_status", String(24)),
    Column("to_status", String(24), nullable=False),
    Column("note", Text),
)

legal_request_evidence = col.table(
    "legal_request_evidence",
    Column("request_id", ID, ForeignKey("legal_requests.id"), primary_key=True),
    Column("item_id", ID, ForeignKey("evidence_items.id"), primary_key=True),
    col.moment("added_at", required=True),
    col.actor(),
    Column("note", Text),
)

EVIDENCE_TABLES = (
    evidence_items,
    evidence_links,
    custody_log,
    legal_requests,
    legal_request_events,
    legal_request_evidence,
)
