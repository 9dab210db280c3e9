"""partner nodes: names, countries, public keys, addresses, credentials

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa

from crossline.store.migrations.ddl import ID, TZ, Step, keyed, reversible

revision = "0003"
down_revision = "0002"


def steps() -> list[Step]:
    return [
        keyed(
            "partners",
            sa.Column("name", sa.String(length=64), nullable=False),
            sa.Column("country", sa.String(length=2), nullable=False),
            sa.Column("public_key", sa.String(length=64), nullable=False),
            sa.Column("key_id", sa.String(length=16), nullable=False),
            sa.Column("base_url", sa.Text()),
            sa.Column("credential", sa.Text()),
            sa.Column("org_id", ID, sa.ForeignKey("organisations.id")),
            sa.Column("active", sa.Boolean(), nullable=False),
            sa.Column("created_at", TZ, nullable=False),
            sa.Column("updated_at", TZ, nullable=False),
            sa.UniqueConstraint("name", name="uq_partners_name"),
        )
    ]


upgrade, downgrade = reversible(steps)
