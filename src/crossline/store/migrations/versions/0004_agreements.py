"""sharing agreements: kinds, markings, purposes, withheld and coarsened fields, validity

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
ID = sa.String(length=36)


def upgrade() -> None:
    op.create_table(
        "agreements",
        sa.Column("id", ID, nullable=False),
        sa.Column("partner_id", ID, sa.ForeignKey("partners.id"), nullable=False),
        sa.Column("partner_name", sa.String(length=64), nullable=False),
        sa.Column("kinds", sa.JSON(), nullable=False),
        sa.Column("max_marking", sa.String(length=24), nullable=False),
        sa.Column("purposes", sa.JSON(), nullable=False),
        sa.Column("withheld", sa.JSON(), nullable=False),
        sa.Column("coarsen", sa.JSON(), nullable=False),
        sa.Column("allow_victim_contacts", sa.Boolean(), nullable=False),
        sa.Column("matching", sa.JSON(), nullable=False),
        sa.Column("alerts", sa.Boolean(), nullable=False),
        sa.Column("valid_from", TZ, nullable=False),
        sa.Column("expires_at", TZ),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text()),
        sa.Column("document", sa.JSON()),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_agreements_partner", "agreements", ["partner_name", "valid_from"])
    op.create_index("ix_reports_created", "reports", ["created_at", "id"])
    op.add_column("reports", sa.Column("pap", sa.String(length=16)))


def downgrade() -> None:
    op.drop_index("ix_reports_created", table_name="reports")
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("pap")
    op.drop_index("ix_agreements_partner", table_name="agreements")
    op.drop_table("agreements")
