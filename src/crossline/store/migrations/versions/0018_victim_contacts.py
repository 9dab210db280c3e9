"""complainants' own contacts, apart from the index

Revision ID: 0018
Revises: 0017
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
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
