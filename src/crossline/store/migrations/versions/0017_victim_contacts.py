"""complainants' own contacts, apart from the index; joins the heads 0011, 0015, 0016

Revision ID: 0017
Revises: 0011, 0015, 0016
"""

import sqlalchemy as sa

from crossline.store.migrations.ddl import ID, Step, Table, reversible

revision = "0017"
down_revision = ("0011", "0015", "0016")


def steps() -> list[Step]:
    return [
        Table(
            "victim_contacts",
            sa.Column("report_id", ID, nullable=False),
            sa.Column("indicator_id", ID, nullable=False),
            sa.Column("field", sa.String(length=64), nullable=False),
            sa.Column("start", sa.Integer(), nullable=False),
            sa.Column("end", sa.Integer()),
            sa.Column("kind", sa.String(length=24), nullable=False),
            sa.PrimaryKeyConstraint("report_id", "indicator_id", "field", "start"),
            indexes={"ix_victim_contacts_indicator": ["indicator_id"]},
        )
    ]


upgrade, downgrade = reversible(steps)
