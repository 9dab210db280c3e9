"""Where sync with each partner stands, so a restart resumes without loss or duplicates.

One row per (partner, direction). For ``pull`` the cursor is the partner's
``X-TAXII-Date-Added-Last`` of the last page imported; for ``push`` it is the ``seq`` of
the last published object delivered to the partner.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Text

from crossline.store import columns as col

sync_state = col.table(
    "sync_state",
    Column("partner", String(64), primary_key=True),
    Column("direction", String(4), primary_key=True),  # pull | push
    Column("collection_id", String(64)),
    Column("cursor", String(40)),
    Column("objects", Integer, nullable=False, default=0),  # moved so far
    Column("failures", Integer, nullable=False, default=0),  # consecutive failed runs
    col.moment("last_attempt_at"),
    col.moment("last_success_at"),
    Column("last_error", Text),
)


# Nonces of signed partner requests seen within the replay window (see
# crossline.share.request_signing): in the database so that every worker of a node
# refuses a request another worker already took.
request_nonces = col.table(
    "request_nonces",
    Column("key_id", String(64), primary_key=True),
    Column("nonce", String(64), primary_key=True),
    col.moment("seen_at", required=True),
)
Index("ix_request_nonces_seen", request_nonces.c.seen_at)

SYNC_TABLES = (sync_state, request_nonces)
