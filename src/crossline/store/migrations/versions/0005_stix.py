"""STIX objects published to / received from partners, and TAXII status resources

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa

from crossline.store.migrations.ddl import ID, TZ, Step, Table, keyed, reversible

revision = "0005"
down_revision = "0004"


def steps() -> list[Step]:
    return [
        Table(
            "stix_objects",
            sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=True),
            sa.Column("collection_id", ID, nullable=False),
            sa.Column("stix_id", sa.String(length=160), nullable=False),
            sa.Column("type", sa.String(length=64), nullable=False),
            sa.Column("spec_version", sa.String(length=8), nullable=False),
            sa.Column("version", sa.String(length=32), nullable=False),
            sa.Column("date_added", TZ, nullable=False),
            sa.Column("is_latest", sa.Boolean(), nullable=False),
            sa.Column("marking", sa.String(length=24)),
            sa.Column("direction", sa.String(length=3), nullable=False),
            sa.Column("partner", sa.String(length=64)),
            sa.Column("agreement", sa.String(length=64)),
            sa.Column("received_at", TZ),
            sa.Column("signer_key_id", sa.String(length=16)),
            sa.Column("body", sa.Text(), nullable=False),
            sa.UniqueConstraint(
                "collection_id", "stix_id", "version", name="uq_stix_objects_version"
            ),
            indexes={
                "ix_stix_objects_page": ["collection_id", "date_added", "seq"],
                "ix_stix_objects_id": ["collection_id", "stix_id"],
            },
        ),
        keyed(
            "taxii_status",
            sa.Column("collection_id", ID, nullable=False),
            sa.Column("status", sa.String(length=16), nullable=False),
            sa.Column("request_timestamp", TZ, nullable=False),
            sa.Column("total_count", sa.Integer(), nullable=False),
            sa.Column("success_count", sa.Integer(), nullable=False),
            sa.Column("failure_count", sa.Integer(), nullable=False),
            sa.Column("pending_count", sa.Integer(), nullable=False),
            sa.Column("successes", sa.JSON()),
            sa.Column("failures", sa.JSON()),
            sa.Column("pendings", sa.JSON()),
            sa.Column("org_id", ID),
            sa.Column("partner", sa.String(length=64)),
            sa.Column("agreement", sa.String(length=64)),
        ),
    ]


upgrade, downgrade = reversible(steps)
