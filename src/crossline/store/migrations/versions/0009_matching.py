"""blind matching (keys, partner digests, results, detail requests, budgets, query log),
alerts, webhook subscriptions and the delivery outbox

Revision ID: 0009
Revises: 0007
"""

import sqlalchemy as sa

from crossline.store.migrations.ddl import ID, TZ, Table, apply, drop_tables, keyed

revision = "0009"
down_revision = "0007"


def tables() -> list[Table]:
    return [
        Table(
            "match_keys",
            sa.Column("partner_id", ID, nullable=False),
            sa.Column("epoch", sa.Integer(), nullable=False),
            sa.Column("method", sa.String(length=32), nullable=False),
            sa.Column("fingerprint", sa.String(length=16), nullable=False),
            sa.Column("created_at", TZ, nullable=False),
            sa.PrimaryKeyConstraint("partner_id"),
        ),
        Table(
            "match_partner_digests",
            sa.Column("partner_id", ID, nullable=False),
            sa.Column("digest", sa.String(length=64), nullable=False),
            sa.Column("epoch", sa.Integer(), nullable=False),
            sa.Column("fetched_at", TZ, nullable=False),
            sa.PrimaryKeyConstraint("partner_id", "digest"),
        ),
        keyed(
            "match_results",
            sa.Column("partner_id", ID, nullable=False),
            sa.Column("indicator_id", ID, nullable=False),
            sa.Column("kind", sa.String(length=24), nullable=False),
            sa.Column("mode", sa.String(length=8), nullable=False),
            sa.Column("partner_ref", sa.String(length=128)),
            sa.Column("first_matched_at", TZ, nullable=False),
            sa.Column("matched_at", TZ, nullable=False),
            indexes={
                "ix_match_results_indicator": ["indicator_id"],
                "ix_match_results_partner": ["partner_id"],
            },
        ),
        keyed(
            "match_requests",
            sa.Column("direction", sa.String(length=3), nullable=False),
            sa.Column("partner_id", ID, nullable=False),
            sa.Column("match_id", ID),
            sa.Column("partner_ref", sa.String(length=128)),
            sa.Column("note", sa.String(length=None)),
            sa.Column("status", sa.String(length=16), nullable=False),
            sa.Column("envelope", sa.JSON(), nullable=False),
            sa.Column("created_at", TZ, nullable=False),
        ),
        Table(
            "match_budgets",
            sa.Column("partner_id", ID, nullable=False),
            sa.Column("per_request", sa.Integer(), nullable=False),
            sa.Column("per_day", sa.Integer(), nullable=False),
            sa.Column("updated_at", TZ, nullable=False),
            sa.PrimaryKeyConstraint("partner_id"),
        ),
        keyed(
            "match_queries",
            sa.Column("direction", sa.String(length=3), nullable=False),
            sa.Column("partner_id", ID, nullable=False),
            sa.Column("mode", sa.String(length=8), nullable=False),
            sa.Column("endpoint", sa.String(length=64), nullable=False),
            sa.Column("values_count", sa.Integer(), nullable=False),
            sa.Column("outcome", sa.String(length=16), nullable=False),
            sa.Column("actor", sa.String(length=160)),
            sa.Column("at", TZ, nullable=False),
            indexes={"ix_match_queries_partner_at": ["partner_id", "at"]},
        ),
        keyed(
            "alerts",
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
            indexes={"ix_alerts_created": ["created_at"]},
        ),
        keyed(
            "webhook_subscriptions",
            sa.Column("name", sa.String(length=64), nullable=False, unique=True),
            sa.Column("url", sa.String(length=None), nullable=False),
            sa.Column("active", sa.Boolean(), nullable=False),
            sa.Column("created_at", TZ, nullable=False),
        ),
        keyed(
            "webhook_deliveries",
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
            indexes={"ix_webhook_deliveries_due": ["status", "next_attempt_at"]},
        ),
    ]


def upgrade() -> None:
    apply(tables())


def downgrade() -> None:
    drop_tables(tables())
