"""evidence items, links, the custody log (append-only), legal-assistance requests

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
ID = sa.String(length=36)

SQLITE_TRIGGERS = [
    """CREATE TRIGGER custody_log_no_update BEFORE UPDATE ON custody_log
       BEGIN SELECT RAISE(ABORT, 'custody_log is append-only'); END""",
    """CREATE TRIGGER custody_log_no_delete BEFORE DELETE ON custody_log
       BEGIN SELECT RAISE(ABORT, 'custody_log is append-only'); END""",
]
PG_TRIGGERS = [
    """CREATE OR REPLACE FUNCTION custody_log_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'custody_log is append-only'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER custody_log_no_change BEFORE UPDATE OR DELETE ON custody_log
       FOR EACH ROW EXECUTE FUNCTION custody_log_append_only()""",
]


def upgrade() -> None:
    op.create_table(
        "evidence_items",
        sa.Column("id", ID, nullable=False),
        sa.Column("case_ref", sa.String(length=128), nullable=False),
        sa.Column("exhibit", sa.String(length=64), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=255)),
        sa.Column("acquired_at", TZ, nullable=False),
        sa.Column("method", sa.String(length=255)),
        sa.Column("acquired_by", sa.String(length=160), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=128)),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("origin", sa.String(length=64)),
        sa.Column("created_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_ref", "exhibit", name="uq_evidence_case_exhibit"),
    )
    op.create_index("ix_evidence_case", "evidence_items", ["case_ref"])
    op.create_index("ix_evidence_sha256", "evidence_items", ["sha256"])
    op.create_table(
        "evidence_links",
        sa.Column("item_id", ID, sa.ForeignKey("evidence_items.id"), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("target_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("item_id", "kind", "target_id"),
    )
    op.create_index("ix_evidence_links_target", "evidence_links", ["kind", "target_id"])
    op.create_table(
        "custody_log",
        sa.Column("case_ref", sa.String(length=128), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("item_id", ID),
        sa.Column("package", sa.String(length=64)),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("actor", sa.String(length=160), nullable=False),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.JSON()),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("signature", sa.String(length=128), nullable=False),
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("case_ref", "seq"),
    )
    op.create_index("ix_custody_item", "custody_log", ["item_id"])
    op.create_table(
        "legal_requests",
        sa.Column("id", ID, nullable=False),
        sa.Column("direction", sa.String(length=8), nullable=False),
        sa.Column("type", sa.String(length=24), nullable=False),
        sa.Column("partner", sa.String(length=64), nullable=False),
        sa.Column("campaign_id", ID),
        sa.Column("case_ref", sa.String(length=128)),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("facts", sa.Text(), nullable=False),
        sa.Column("victims", sa.Integer(), nullable=False),
        sa.Column("losses", sa.JSON()),
        sa.Column("asks", sa.JSON(), nullable=False),
        sa.Column("legal_basis", sa.Text()),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("due_date", sa.Date()),
        sa.Column("created_by", sa.String(length=160), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.Column("sent_at", TZ),
        sa.Column("closed_at", TZ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_legal_requests_status", "legal_requests", ["status"])
    op.create_table(
        "legal_request_events",
        sa.Column("request_id", ID, sa.ForeignKey("legal_requests.id"), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("actor", sa.String(length=160), nullable=False),
        sa.Column("from_status", sa.String(length=24)),
        sa.Column("to_status", sa.String(length=24), nullable=False),
        sa.Column("note", sa.Text()),
        sa.PrimaryKeyConstraint("request_id", "seq"),
    )
    op.create_table(
        "legal_request_evidence",
        sa.Column("request_id", ID, sa.ForeignKey("legal_requests.id"), nullable=False),
        sa.Column("item_id", ID, sa.ForeignKey("evidence_items.id"), nullable=False),
        sa.Column("added_at", TZ, nullable=False),
        sa.Column("actor", sa.String(length=160), nullable=False),
        sa.Column("note", sa.Text()),
        sa.PrimaryKeyConstraint("request_id", "item_id"),
    )
    triggers = PG_TRIGGERS if op.get_bind().dialect.name == "postgresql" else SQLITE_TRIGGERS
    for statement in triggers:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS custody_log_no_change ON custody_log")
        op.execute("DROP FUNCTION IF EXISTS custody_log_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS custody_log_no_delete")
        op.execute("DROP TRIGGER IF EXISTS custody_log_no_update")
    op.drop_table("legal_request_evidence")
    op.drop_table("legal_request_events")
    op.drop_index("ix_legal_requests_status", table_name="legal_requests")
    op.drop_table("legal_requests")
    op.drop_index("ix_custody_item", table_name="custody_log")
    op.drop_table("custody_log")
    op.drop_index("ix_evidence_links_target", table_name="evidence_links")
    op.drop_table("evidence_links")
    op.drop_index("ix_evidence_sha256", table_name="evidence_items")
    op.drop_index("ix_evidence_case", table_name="evidence_items")
    op.drop_table("evidence_items")
