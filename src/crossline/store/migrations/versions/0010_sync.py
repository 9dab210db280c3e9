"""sync state per partner and direction

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "sync_state",
        sa.Column("partner", sa.String(length=64), nullable=False),
        sa.Column("direction", sa.String(length=4), nullable=False),
        sa.Column("collection_id", sa.String(length=64)),
        sa.Column("cursor", sa.String(length=40)),
        sa.Column("objects", sa.Integer(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_attempt_at", TZ),
        sa.Column("last_success_at", TZ),
        sa.Column("last_error", sa.Text()),
        sa.PrimaryKeyConstraint("partner", "direction"),
    )


def downgrade() -> None:
    op.drop_table("sync_state")
