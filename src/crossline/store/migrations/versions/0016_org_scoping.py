"""owning organisations: evidence items, legal requests, alerts; sharing between organisations

Revision ID: 0016
Revises: 0011, 0015 (also where those two branches of 0010 meet again)

Existing rows keep ``org_id`` NULL, which the organisation rule reads as "the home
organisation's" (they were created on the node before records had owners).
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = ("0011", "0015")
branch_labels = None
depends_on = None

ID = sa.String(length=36)


def upgrade() -> None:
    for table in ("evidence_items", "legal_requests", "alerts"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("org_id", ID, nullable=True))
    op.create_table(
        "org_shares",
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("object_id", sa.String(length=128), nullable=False),
        sa.Column("org_id", ID, sa.ForeignKey("organisations.id"), nullable=False),
        sa.Column("shared_by", sa.String(length=160), nullable=False),
        sa.Column("shared_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("kind", "object_id", "org_id"),
    )
    op.create_index("ix_org_shares_org", "org_shares", ["org_id", "kind"])


def downgrade() -> None:
    op.drop_index("ix_org_shares_org", table_name="org_shares")
    op.drop_table("org_shares")
    for table in ("alerts", "legal_requests", "evidence_items"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("org_id")
