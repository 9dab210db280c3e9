"""watchlists, and an index on report references (identifier search)

Revision ID: 0022
Revises: 0021
"""

import sqlalchemy as sa

from crossline.store.migrations.ddl import ID, TZ, Indexes, Step, keyed, reversible

revision = "0022"
down_revision = "0021"


def steps() -> list[Step]:
    return [
        Indexes("reports", {"ix_reports_source_ref": ["source_ref"]}),
        keyed(
            "watchlists",
            sa.Column("org_id", ID),
            sa.Column("user_id", ID, nullable=False),
            sa.Column("actor", sa.String(length=160), nullable=False),
            sa.Column("kind", sa.String(length=16), nullable=False),
            sa.Column("target", sa.String(length=500), nullable=False),
            sa.Column("targets", sa.JSON(), nullable=False),
            sa.Column("note", sa.String(length=500)),
            sa.Column("notify", sa.Boolean(), nullable=False),
            sa.Column("created_at", TZ, nullable=False),
            sa.Column("last_alert_at", TZ),
            sa.Column("alert_count", sa.Integer(), nullable=False, server_default="0"),
            indexes={"ix_watchlists_user": ["user_id"], "ix_watchlists_kind": ["kind"]},
        ),
    ]


upgrade, downgrade = reversible(steps)
