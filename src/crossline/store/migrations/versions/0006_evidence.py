"""evidence items, links, the custody log (append-only), legal-assistance requests

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa

from crossline.store.migrations.ddl import ID, TZ, AppendOnly, Step, Table, keyed, reversible

revision = "0006"
down_revision = "0005"


def steps() -> list[Step]:
    return [
        keyed(
            "evidence_items",
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
            sa.UniqueConstraint("case_ref", "exhibit", name="uq_evidence_case_exhibit"),
            indexes={"ix_evidence_case": ["case_ref"], "ix_evidence_sha256": ["sha256"]},
        ),
        Table(
            "evidence_links",
            sa.Column("item_id", ID, sa.ForeignKey("evidence_items.id"), nullable=False),
            sa.Column("kind", sa.String(length=16), nullable=False),
            sa.Column("target_id", sa.String(length=64), nullable=False),
            sa.PrimaryKeyConstraint("item_id", "kind", "target_id"),
            indexes={"ix_evidence_links_target": ["kind", "target_id"]},
        ),
        Table(
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
            indexes={"ix_custody_item": ["item_id"]},
        ),
        keyed(
            "legal_requests",
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
            indexes={"ix_legal_requests_status": ["status"]},
        ),
        Table(
            "legal_request_events",
            sa.Column("request_id", ID, sa.ForeignKey("legal_requests.id"), nullable=False),
            sa.Column("seq", sa.Integer(), nullable=False),
            sa.Column("at", TZ, nullable=False),
            sa.Column("actor", sa.String(length=160), nullable=False),
            sa.Column("from_status", sa.String(length=24)),
            sa.Column("to_status", sa.String(length=24), nullable=False),
            sa.Column("note", sa.Text()),
            sa.PrimaryKeyConstraint("request_id", "seq"),
        ),
        Table(
            "legal_request_evidence",
            sa.Column("request_id", ID, sa.ForeignKey("legal_requests.id"), nullable=False),
            sa.Column("item_id", ID, sa.ForeignKey("evidence_items.id"), nullable=False),
            sa.Column("added_at", TZ, nullable=False),
            sa.Column("actor", sa.String(length=160), nullable=False),
            sa.Column("note", sa.Text()),
            sa.PrimaryKeyConstraint("request_id", "item_id"),
        ),
        AppendOnly("custody_log"),
    ]


upgrade, downgrade = reversible(steps)
