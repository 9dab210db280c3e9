"""Tables of incremental publishing: the change log and each collection's cursor.

``publish_changes`` is written by the database itself (triggers added by revision 0027
on ``reports``, ``components``, ``sightings``, ``indicators`` and ``citizen_reports``),
so every writer — the importers, the bulk path, linking, corrections, moderation — is
logged without having to remember to: a row says that a report, a campaign or an
indicator changed. ``publish_cursors`` holds, per TAXII collection, the last change
its publication took in and a fingerprint of the agreement it was computed under (a
changed agreement forces a full recompute).

``stix_objects.source`` (same revision) names the record a published object was
computed from (``report:ID``, ``indicator:ID``, ``campaign:ID``, ``node``), so an
incremental publication finds the objects of a changed record without reading the
collection.
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, Integer, String

from crossline.store import columns as col
from crossline.store.columns import ID

publish_changes = col.table(
    "publish_changes",
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),  # report | campaign | indicator
    Column("ref", ID, nullable=False),
)

publish_cursors = col.table(
    "publish_cursors",
    Column("collection_id", ID, primary_key=True),
    Column("agreement_id", String(64), nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("change_seq", Integer, nullable=False),
    col.moment("published_at", required=True),
    col.moment("full_at"),
)

#: The campaign summaries a partner's campaign list is served from, one row per shared
#: campaign, kept current from the change log (its cursor is in ``publish_cursors``).
shared_campaigns = col.table(
    "shared_campaigns",
    Column("view_id", ID, primary_key=True),
    Column("campaign_id", ID, primary_key=True),
    Column("summary", JSON, nullable=False),
)
