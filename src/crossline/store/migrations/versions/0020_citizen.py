"""reports sent by the public: reference numbers and moderation

Revision ID: 0020
Revises: 0019
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "citizen_reports",
        sa.Column("report_id", sa.String(length=36), nullable=False),
        sa.Column("reference", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("address_key", sa.String(length=32)),
        sa.Column("contact_consent", sa.Boolean(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("decided_at", TZ),
        sa.Column("decided_by", sa.String(length=128)),
        sa.Column("note", sa.Text()),
        sa.PrimaryKeyConstraint("report_id"),
        sa.UniqueConstraint("reference"),
    )
    op.create_index("ix_citizen_reports_status", "citizen_reports", ["status", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_citizen_reports_status", table_name="citizen_reports")
    op.drop_table("citizen_reports")
