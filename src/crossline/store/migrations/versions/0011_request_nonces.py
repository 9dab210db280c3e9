"""nonces of signed partner requests (replay protection)

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "request_nonces",
        sa.Column("key_id", sa.String(length=64), nullable=False),
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key_id", "nonce"),
    )
    op.create_index("ix_request_nonces_seen", "request_nonces", ["seen_at"])


def downgrade() -> None:
    op.drop_index("ix_request_nonces_seen", table_name="request_nonces")
    op.drop_table("request_nonces")
