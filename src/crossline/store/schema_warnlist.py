"""The node's own warning list: values an analyst listed (``crossline warnlist add``).

The shipped list is a data file in the package; this table holds the additions, so
they survive restarts and upgrades. Who added what is in the audit log as well.
"""

from __future__ import annotations

from sqlalchemy import Column, String, Text

from crossline.store import columns as col

warnlist_entries = col.table(
    "warnlist_entries",
    Column("kind", String(24), primary_key=True),
    Column("value", String(512), primary_key=True),  # normalized
    Column("owner", Text, nullable=False),
    Column("source", Text, nullable=False),  # the page or document that says it is public
    col.actor("added_by"),
    col.moment("added_at", required=True),
)
