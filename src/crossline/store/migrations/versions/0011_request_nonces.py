"""nonces of signed partner requests (replay protection)

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa

from crossline.store.migrations.ddl import TZ, Step, Table, reversible

revision = "0011"
down_revision = "0010"


def steps() -> list[Step]:
    return [
        Table(
            "request_nonces",
            sa.Column("key_id", sa.String(length=64), nullable=False),
            sa.Column("nonce", sa.String(length=64), nullable=False),
            sa.Column("seen_at", TZ, nullable=False),
            sa.PrimaryKeyConstraint("key_id", "nonce"),
            indexes={"ix_request_nonces_seen": ["seen_at"]},
        )
    ]


upgrade, downgrade = reversible(steps)
