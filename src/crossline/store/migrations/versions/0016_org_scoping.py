"""owning organisations: evidence items, legal requests, alerts; sharing between organisations

Revision ID: 0016
Revises: 0011, 0015 (also where those two branches of 0010 meet again)

Existing rows keep ``org_id`` NULL, which the organisation rule reads as "the home
organisation's" (they were created on the node before records had owners).
"""

import sqlalchemy as sa

from crossline.store.migrations.ddl import ID, TZ, Columns, Step, Table, reversible

revision = "0016"
down_revision = ("0011", "0015")


def steps() -> list[Step]:
    return [
        *(
            Columns(table, sa.Column("org_id", ID, nullable=True))
            for table in ("evidence_items", "legal_requests", "alerts")
        ),
        Table(
            "org_shares",
            sa.Column("kind", sa.String(length=24), nullable=False),
            sa.Column("object_id", sa.String(length=128), nullable=False),
            sa.Column("org_id", ID, sa.ForeignKey("organisations.id"), nullable=False),
            sa.Column("shared_by", sa.String(length=160), nullable=False),
            sa.Column("shared_at", TZ, nullable=False),
            sa.PrimaryKeyConstraint("kind", "object_id", "org_id"),
            indexes={"ix_org_shares_org": ["org_id", "kind"]},
        ),
    ]


upgrade, downgrade = reversible(steps)
