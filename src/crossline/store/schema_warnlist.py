"""The node's own warning list: values an analyst listed (``crossline warnlist add``).

The shipped list is a data file in the package; this table holds the additions, so
they survive restarts and upgrades. Who added what is in the audit log as well.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, String, Table, Text

from crossline.store.schema import metadata

warnlist_entries = Table(
    "warnlist_entries",
    metadata,
    Column("kind", String(24), primary_key=True),
    Column("value", String(512), primary_key=True),  # normalized
    Column("owner", Text, nullable=False),
    Column("source", Text, nullable=False),  # the page or document that says it is public
    Column("added_by", String(160), nullable=False),
    Column("added_at", DateTime(timezone=True), nullable=False),
)
