"""money trails: transfers, freeze requests, bank endpoints, mule scores

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa

from crossline.store.migrations.ddl import ID, TZ, Table, apply, drop_tables, keyed

revision = "0007"
down_revision = "0006"

ACCOUNT = sa.String(length=200)


def tables() -> list[Table]:
    return [
        keyed(
            "transfers",
            sa.Column("source", sa.String(length=64), nullable=False),
            sa.Column("txn_id", sa.String(length=128), nullable=False),
            sa.Column("reference", sa.String(length=128)),
            sa.Column("at", TZ, nullable=False),
            sa.Column("from_account", ACCOUNT, nullable=False),
            sa.Column("to_account", ACCOUNT, nullable=False),
            sa.Column("amount", sa.Numeric(18, 2), nullable=False),
            sa.Column("currency", sa.String(length=3), nullable=False),
            sa.Column("channel", sa.String(length=16), nullable=False),
            sa.Column("to_bank", sa.String(length=16)),
            sa.Column("from_bank", sa.String(length=16)),
            sa.Column("balance_after", sa.Numeric(18, 2)),
            sa.Column("report_id", ID),
            sa.Column("fraud_label", sa.Integer()),
            sa.Column("import_id", ID),
            sa.Column("created_at", TZ, nullable=False),
            indexes={
                "ix_transfers_from_at": ["from_account", "at"],
                "ix_transfers_to_at": ["to_account", "at"],
                "ix_transfers_reference": ["reference"],
                "ix_transfers_report": ["report_id"],
            },
        ),
        keyed(
            "freeze_requests",
            sa.Column("report_id", ID, nullable=False),
            sa.Column("complaint_ref", sa.String(length=255)),
            sa.Column("account", ACCOUNT, nullable=False),
            sa.Column("bank_code", sa.String(length=16)),
            sa.Column("bank_name", sa.String(length=128)),
            sa.Column("amount", sa.Numeric(18, 2), nullable=False),
            sa.Column("currency", sa.String(length=3), nullable=False),
            sa.Column("layer", sa.Integer(), nullable=False),
            sa.Column("transactions", sa.JSON(), nullable=False),
            sa.Column("status", sa.String(length=16), nullable=False),
            sa.Column("attempts", sa.Integer(), nullable=False),
            sa.Column("next_attempt_at", TZ),
            sa.Column("last_error", sa.Text()),
            sa.Column("delivery", sa.String(length=16)),
            sa.Column("ack_ref", sa.String(length=255)),
            sa.Column("complaint_seen_at", TZ),
            sa.Column("created_at", TZ, nullable=False),
            sa.Column("latency_ms", sa.Float()),
            sa.Column("sent_at", TZ),
            sa.Column("acked_at", TZ),
            indexes={
                "ix_freeze_status": ["status", "next_attempt_at"],
                "ix_freeze_report": ["report_id"],
                "ix_freeze_account": ["account"],
            },
        ),
        Table(
            "bank_endpoints",
            sa.Column("bank_code", sa.String(length=16), nullable=False),
            sa.Column("name", sa.String(length=128)),
            sa.Column("mode", sa.String(length=16), nullable=False),
            sa.Column("url", sa.Text()),
            sa.Column("created_at", TZ, nullable=False),
            sa.PrimaryKeyConstraint("bank_code"),
        ),
        Table(
            "mule_scores",
            sa.Column("account", ACCOUNT, nullable=False),
            sa.Column("score", sa.Float(), nullable=False),
            sa.Column("level", sa.String(length=8), nullable=False),
            sa.Column("reasons", sa.JSON(), nullable=False),
            sa.Column("victims", sa.Integer(), nullable=False),
            sa.Column("first_seen", TZ),
            sa.Column("last_seen", TZ),
            sa.Column("updated_at", TZ, nullable=False),
            sa.PrimaryKeyConstraint("account"),
            indexes={"ix_mule_scores_score": ["score"]},
        ),
    ]


def upgrade() -> None:
    apply(tables())


def downgrade() -> None:
    drop_tables(tables())
