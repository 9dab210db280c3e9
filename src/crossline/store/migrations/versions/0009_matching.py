"""blind matching (keys, partner digests, results, detail requests, budgets, query log),
alerts, webhook subscriptions and the delivery outbox

Revision ID: 0009
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0007"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
ID = sa.String(length=36)


def upgrade() -> None:
    op.create_table(
        "match_keys",
        sa.Column("partner_id", ID, nullable=False),
        sa.Column("epoch", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=32), nullable=False),
        sa.Column("fingerprint", sa.String(length=16), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("partner_id"),
    )
    op.create_table(
        "match_partner_digests",
        sa.Column("partner_id", ID, nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("epoch", sa.Integer(), nullable=False),
        sa.Column("fetched_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("partner_id", "digest"),
    )
    op.create_table(
        "match_results",
        sa.Column("id", ID, nullable=False),
        sa.Column("partner_id", ID, nullable=False),
        sa.Column("indicator_id", ID, nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("mode", sa.String(length=8), nullable=False),
        sa.Column("partner_ref", sa.String(length=128)),
        sa.Column("first_matched_at", TZ, nullable=False),
        sa.Column("matched_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_match_results_indicator", "match_results", ["indicator_id"])
    op.create_index("ix_match_results_partner", "match_results", ["partner_id"])
    op.create_table(
        "match_requests",
        sa.Column("id", ID, nullable=False),
        sa.Column("direction", sa.String(length=3), nullable=False),
        sa.Column("partner_id", ID, nullable=False),
        sa.Column("match_id", ID),
        sa.Column("partner_ref", sa.String(length=128)),
        sa.Column("note", sa.String(length=None)),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("envelope", sa.JSON(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "match_budgets",
        sa.Column("partner_id", ID, nullable=False),
        sa.Column("per_request", sa.Integer(), nullable=False),
        sa.Column("per_day", sa.Integer(), nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("partner_id"),
    )
    op.create_table(
        "match_queries",
        sa.Column("id", ID, nullable=False),
        sa.Column("direction", sa.String(length=3), nullable=False),
        sa.Column("partner_id", ID, nullable=False),
        sa.Column("mode", sa.String(length=8), nullable=False),
        sa.Column("endpoint", sa.String(length=64), nullable=False),
        sa.Column("values_count", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("actor", sa.String(length=160)),
        sa.Column("at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_match_queries_partner_at", "match_queries", ["partner_id", "at"])
    op.create_table(
        "alerts",
        sa.Column("id", ID, nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("origin", sa.String(length=8), nullable=False),
        sa.Column("partner_id", ID),
        sa.Column("indicator_id", ID),
        sa.Column("report_id", ID),
        sa.Column("component_id", ID),
        sa.Column("partner_ref", sa.String(length=128)),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("acked_at", TZ),
        sa.Column("acked_by", sa.String(length=160)),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_alerts_created", "alerts", ["created_at"])
    op.create_table(
        "webhook_subscriptions",
        sa.Column("id", ID, nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False, unique=True),
        sa.Column("url", sa.String(length=None), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "webhook_deliveries",
        sa.Column("id", ID, nullable=False),
        sa.Column("alert_id", ID, nullable=False),
        sa.Column("target", sa.String(length=8), nullable=False),
        sa.Column("target_id", ID, nullable=False),
        sa.Column("url", sa.String(length=None), nullable=False),
        sa.Column("envelope", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", TZ, nullable=False),
        sa.Column("last_error", sa.String(length=None)),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("delivered_at", TZ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_webhook_deliveries_due", "webhook_deliveries", ["status", "next_attempt_at"]
    )


def downgrade() -> None:
    op.drop_table("webhook_deliveries")
    op.drop_table("webhook_subscriptions")
    op.drop_table("alerts")
    op.drop_table("match_queries")
    op.drop_table("match_budgets")
    op.drop_table("match_requests")
    op.drop_table("match_results")
    op.drop_table("match_partner_digests")
    op.drop_table("match_keys")
