"""sharing agreements: kinds, markings, purposes, withheld and coarsened fields, validity

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

from crossline.store.migrations.ddl import ID, TZ, Indexes, Table, keyed

revision = "0004"
down_revision = "0003"


def agreements() -> Table:
    return keyed(
        "agreements",
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
        indexes={"ix_agreements_partner": ["partner_name", "valid_from"]},
    )


REPORTS_CREATED = Indexes("reports", {"ix_reports_created": ["created_at", "id"]})


# Not one list of steps: the column is added without a batch and dropped with one, and
# the downgrade has always dropped the index before it; it stays as nodes have run it.
def upgrade() -> None:
    agreements().create()
    REPORTS_CREATED.create()
    op.add_column("reports", sa.Column("pap", sa.String(length=16)))


def downgrade() -> None:
    REPORTS_CREATED.drop()
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("pap")
    agreements().drop()
