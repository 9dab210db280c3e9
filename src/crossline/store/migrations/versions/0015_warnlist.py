"""the node's own warning list

Revision ID: 0015
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "warnlist_entries",
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("value", sa.String(length=512), nullable=False),
        sa.Column("owner", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("added_by", sa.String(length=160), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("kind", "value"),
    )


def downgrade() -> None:
    op.drop_table("warnlist_entries")
