"""the node's own warning list

Revision ID: 0015
Revises: 0010
"""

import sqlalchemy as sa

from crossline.store.migrations.ddl import TZ, Step, Table, reversible

revision = "0015"
down_revision = "0010"


def steps() -> list[Step]:
    return [
        Table(
            "warnlist_entries",
            sa.Column("kind", sa.String(length=24), nullable=False),
            sa.Column("value", sa.String(length=512), nullable=False),
            sa.Column("owner", sa.Text(), nullable=False),
            sa.Column("source", sa.Text(), nullable=False),
            sa.Column("added_by", sa.String(length=160), nullable=False),
            sa.Column("added_at", TZ, nullable=False),
            sa.PrimaryKeyConstraint("kind", "value"),
        )
    ]


upgrade, downgrade = reversible(steps)
