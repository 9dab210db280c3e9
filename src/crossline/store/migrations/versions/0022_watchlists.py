"""watchlists, and an index on report references (identifier search)

Revision ID: 0022
Revises: 0021
"""

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_index("ix_reports_source_ref", "reports", ["source_ref"])
    op.create_table(
        "watchlists",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36)),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("actor", sa.String(length=160), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("target", sa.String(length=500), nullable=False),
        sa.Column("targets", sa.JSON(), nullable=False),
        sa.Column("note", sa.String(length=500)),
        sa.Column("notify", sa.Boolean(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("last_alert_at", TZ),
        sa.Column("alert_count", sa.Integer(), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_watchlists_user", "watchlists", ["user_id"])
    op.create_index("ix_watchlists_kind", "watchlists", ["kind"])


def downgrade() -> None:
    op.drop_index("ix_watchlists_kind", table_name="watchlists")
    op.drop_index("ix_watchlists_user", table_name="watchlists")
    op.drop_table("watchlists")
    op.drop_index("ix_reports_source_ref", table_name="reports")
