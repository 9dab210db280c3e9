"""Tables of the exchange with partner nodes.

``partners`` is the registry of the nodes this node talks to: who they are (name,
country), the Ed25519 public key everything they send must verify with, where their
API / TAXII server lives, the credential this node presents to them, and the local
organisation whose tokens they use to read this node's API.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, String, Text, UniqueConstraint

from crossline.store import columns as col
from crossline.store.columns import ID

partners = col.table(
    "partners",
    col.key(),  # make_id("partner", name)
    Column("name", String(64), nullable=False),
    Column("country", String(2), nullable=False),
    Column("public_key", String(64), nullable=False),  # base64 of the raw Ed25519 key
    Column("key_id", String(16), nullable=False),
    Column("base_url", Text),  # the partner node's HTTP root; TAXII discovery at /taxii2/
    Column("credential", Text),  # bearer token presented to the partner: never logged or listed
    Column("org_id", ID, ForeignKey("organisations.id")),  # its tokens read this node's API
    Column("active", Boolean, nullable=False, default=True),
    col.created_at(),
    col.moment("updated_at", required=True),
    UniqueConstraint("name", name="uq_partners_name"),
)

SHARE_TABLES = (partners,)
