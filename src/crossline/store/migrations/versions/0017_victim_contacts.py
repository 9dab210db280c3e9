"""complainants' own contacts, apart from the index; joins the heads 0011, 0015, 0016

Revision ID: 0017
Revises: 0011, 0015, 0016
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = ("0011", "0015", "0016")
branch_labels = None
depends_on = None

ID = sa.String(length=36)


def upgrade() -> None:
    op.create_table(
        "victim_contacts",
        sa.Column("report_id", ID, nullable=False),
        sa.Column("indicator_id", ID, nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer()),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.PrimaryKeyConstraint("report_id", "indicator_id", "field", "start"),
    )
    op.create_index("ix_victim_contacts_indicator", "victim_contacts", ["indicator_id"])


def downgrade() -> None:
    op.drop_index("ix_victim_contacts_indicator", table_name="victim_contacts")
    op.drop_table("victim_contacts")
