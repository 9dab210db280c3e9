"""sync state per partner and direction

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa

from crossline.store.migrations.ddl import TZ, Step, Table, reversible

revision = "0010"
down_revision = "0009"


def steps() -> list[Step]:
    return [
        Table(
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
    ]


upgrade, downgrade = reversible(steps)
