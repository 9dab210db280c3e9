"""Reports sent by the public (the citizens' site) and where their moderation stands.

The report itself is an ordinary ``reports`` row (source ``citizen``); this table adds
what only a public report has: the reference number given to the reporter, the
moderation status that decides whether it may count as evidence, and a keyed hash of
the sending address (to see floods from one address without keeping the address).
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Index, String, Text

from crossline.store import columns as col

citizen_reports = col.table(
    "citizen_reports",
    col.key("report_id"),
    Column("reference", String(16), nullable=False, unique=True),
    # pending: counts for nothing; confirmed (by an analyst) or corroborated (another,
    # independent source reported the same value): counts and links; rejected: never.
    Column("status", String(16), nullable=False),
    Column("origin", String(16), nullable=False),  # web | api
    Column("address_key", String(32)),
    Column("contact_consent", Boolean, nullable=False, default=False),
    col.created_at(),
    col.moment("decided_at"),
    Column("decided_by", String(128)),
    Column("note", Text),
)
Index("ix_citizen_reports_status", citizen_reports.c.status, citizen_reports.c.created_at)

CITIZEN_TABLES = (citizen_reports,)
