"""The ``agreements`` table: what each partner may receive, up to which marking, until when.

Sets (kinds, purposes, withheld fields, matching modes) and the coarsening rules are
JSON; the document the agreement was loaded from is kept as it was written, for audit.
A partner may have several agreements over time (a renewal is a new row); the one in
force is the newest active one whose validity window contains "now".
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Index, String, Text

from crossline.store import columns as col
from crossline.store.columns import ID
from crossline.store.schema import reports

agreements = col.table(
    "agreements",
    Column(
        "id", ID, primary_key=True
    ),  # given in the file, else make_id("agreement", partner, valid_from)
    Column("partner_id", ID, ForeignKey("partners.id"), nullable=False),
    Column("partner_name", String(64), nullable=False),
    Column("kinds", JSON, nullable=False),  # ["indicator", "campaign", "report", "report_full"]
    Column("max_marking", String(24), nullable=False),
    Column("purposes", JSON, nullable=False),
    Column("withheld", JSON, nullable=False),  # report fields never sent
    Column("coarsen", JSON, nullable=False),  # {"location": "state"}
    Column("allow_victim_contacts", Boolean, nullable=False, default=False),
    Column("matching", JSON, nullable=False),  # ["hmac", "psi"]
    Column("alerts", Boolean, nullable=False, default=False),
    col.moment("valid_from", required=True),
    col.moment("expires_at"),
    Column("active", Boolean, nullable=False, default=True),
    Column("notes", Text),
    Column("document", JSON),  # as loaded, for the record
    col.created_at(),
    col.moment("updated_at", required=True),
)
Index("ix_agreements_partner", agreements.c.partner_name, agreements.c.valid_from)
# What goes to partners is read in storage order (a sync cursor: created_at, id).
Index("ix_reports_created", reports.c.created_at, reports.c.id)

AGREEMENT_TABLES = (agreements,)
