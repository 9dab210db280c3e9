"""Tables of STIX 2.1 exchange: objects published to or received from partners, and
TAXII status resources.

``stix_objects`` holds one row per (collection, object id, version). The object itself
is kept as compact JSON text, exactly as it is served: a TAXII page is assembled by
joining stored texts, without parsing or re-serialising any object. Pages are read in
(collection, date_added, seq) order through one index, so the cost of a page does not
grow with the collection.

Provenance travels with every received row: which partner sent it, under which
agreement, when it arrived, and the key that signed it when it came in a signed
envelope.
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, Index, Integer, String, Text, UniqueConstraint

from crossline.store import columns as col
from crossline.store.columns import ID

stix_objects = col.table(
    "stix_objects",
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("collection_id", ID, nullable=False),
    Column("stix_id", String(160), nullable=False),
    Column("type", String(64), nullable=False),
    Column("spec_version", String(8), nullable=False),
    # modified (or created, or date added) as YYYY-MM-DDTHH:MM:SS.ffffffZ: sorts as time
    Column("version", String(32), nullable=False),
    col.moment("date_added", required=True),
    Column("is_latest", Boolean, nullable=False),
    Column("marking", String(24)),
    Column("direction", String(3), nullable=False),  # "out": published, "in": received
    Column("partner", String(64)),
    Column("agreement", String(64)),
    col.moment("received_at"),
    Column("signer_key_id", String(16)),
    Column("body", Text, nullable=False),
    # the record a published object was computed from (report:ID, indicator:ID,
    # campaign:ID, node): what an incremental publication looks objects up by
    Column("source", String(48)),
    UniqueConstraint("collection_id", "stix_id", "version", name="uq_stix_objects_version"),
)
Index(
    "ix_stix_objects_page",
    stix_objects.c.collection_id,
    stix_objects.c.date_added,
    stix_objects.c.seq,
)
Index("ix_stix_objects_id", stix_objects.c.collection_id, stix_objects.c.stix_id)
Index("ix_stix_objects_source", stix_objects.c.collection_id, stix_objects.c.source)
# what a partner has sent, whichever of its collections kept it (received again: skipped)
Index("ix_stix_objects_partner", stix_objects.c.partner, stix_objects.c.stix_id)

taxii_status = col.table(
    "taxii_status",
    col.key(),
    Column("collection_id", ID, nullable=False),
    Column("status", String(16), nullable=False),  # pending | complete
    col.moment("request_timestamp", required=True),
    Column("total_count", Integer, nullable=False),
    Column("success_count", Integer, nullable=False),
    Column("failure_count", Integer, nullable=False),
    Column("pending_count", Integer, nullable=False),
    Column("successes", JSON),
    Column("failures", JSON),
    Column("pendings", JSON),
    Column("org_id", ID),  # who posted: only that organisation (or the home agency) reads it
    Column("partner", String(64)),
    Column("agreement", String(64)),
)

STIX_TABLES = (stix_objects, taxii_status)
