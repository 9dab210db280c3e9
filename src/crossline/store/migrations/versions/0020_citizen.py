"""reports sent by the public: reference numbers and moderation

Revision ID: 0020
Revises: 0019
"""

import sqlalchemy as sa

from crossline.store.migrations.ddl import ID, TZ, Step, Table, reversible

revision = "0020"
down_revision = "0019"


def steps() -> list[Step]:
    return [
        Table(
            "citizen_reports",
            sa.Column("report_id", ID, nullable=False),
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
            indexes={"ix_citizen_reports_status": ["status", "created_at"]},
        )
    ]


upgrade, downgrade = reversible(steps)
