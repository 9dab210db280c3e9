"""initial schema

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa

from crossline.store.migrations.ddl import ID, TZ, Step, Table, keyed, reversible

revision = "0001"
down_revision = None


def steps() -> list[Step]:
    return [
        keyed(
            "components",
            sa.Column("min_report_id", ID, nullable=False),
            sa.Column("report_count", sa.Integer(), nullable=False),
            sa.Column("victim_count", sa.Integer(), nullable=False),
            sa.Column("jurisdictions", sa.JSON(), nullable=True),
            sa.Column("total_loss", sa.JSON(), nullable=True),
            sa.Column("first_seen", TZ, nullable=True),
            sa.Column("last_seen", TZ, nullable=True),
            sa.Column("label", sa.String(length=32), nullable=True),
            sa.Column("label_distribution", sa.JSON(), nullable=True),
            sa.Column("updated_at", TZ, nullable=False),
            indexes={"ix_components_count": ["report_count"]},
        ),
        keyed(
            "imports",
            sa.Column("path", sa.Text(), nullable=False),
            sa.Column("sha256", sa.String(length=64), nullable=False),
            sa.Column("format", sa.String(length=32), nullable=False),
            sa.Column("source", sa.String(length=64), nullable=False),
            sa.Column("started_at", TZ, nullable=False),
            sa.Column("finished_at", TZ, nullable=True),
            sa.Column("status", sa.String(length=16), nullable=False),
            sa.Column("rows_read", sa.Integer(), nullable=False),
            sa.Column("stored", sa.Integer(), nullable=False),
            sa.Column("duplicates", sa.Integer(), nullable=False),
            sa.Column("quarantined", sa.Integer(), nullable=False),
            sa.Column("error", sa.Text(), nullable=True),
        ),
        keyed(
            "indicators",
            sa.Column("kind", sa.String(length=24), nullable=False),
            sa.Column("value", sa.String(length=512), nullable=False),
            sa.Column("first_seen", TZ, nullable=True),
            sa.Column("last_seen", TZ, nullable=True),
            sa.Column("report_count", sa.Integer(), nullable=False),
            sa.Column("common", sa.Boolean(), nullable=False),
            sa.Column("common_reason", sa.Text(), nullable=True),
            sa.Column("component_id", ID, nullable=True),
            sa.Column("meta", sa.JSON(), nullable=True),
            sa.UniqueConstraint("kind", "value", name="uq_indicators_kind_value"),
            indexes={"ix_indicators_component": ["component_id"], "ix_indicators_value": ["value"]},
        ),
        keyed(
            "quarantine",
            sa.Column("import_id", ID, nullable=False),
            sa.Column("file", sa.Text(), nullable=False),
            sa.Column("file_sha256", sa.String(length=64), nullable=False),
            sa.Column("format", sa.String(length=32), nullable=False),
            sa.Column("line", sa.Integer(), nullable=False),
            sa.Column("field", sa.String(length=64), nullable=True),
            sa.Column("reason", sa.Text(), nullable=False),
            sa.Column("raw", sa.Text(), nullable=False),
            sa.Column("created_at", TZ, nullable=False),
            indexes={"ix_quarantine_import": ["import_id"]},
        ),
        keyed(
            "reports",
            sa.Column("source", sa.String(length=64), nullable=False),
            sa.Column("source_ref", sa.String(length=255), nullable=False),
            sa.Column("jurisdiction", sa.String(length=2), nullable=False),
            sa.Column("channel", sa.String(length=16), nullable=True),
            sa.Column("received_at", TZ, nullable=True),
            sa.Column("received_raw", sa.String(length=64), nullable=True),
            sa.Column("incident_at", TZ, nullable=True),
            sa.Column("incident_raw", sa.String(length=64), nullable=True),
            sa.Column("seen_at", TZ, nullable=True),
            sa.Column("text", sa.Text(), nullable=True),
            sa.Column("amount_lost", sa.Numeric(precision=18, scale=2), nullable=True),
            sa.Column("currency", sa.String(length=3), nullable=True),
            sa.Column("payment_method", sa.String(length=64), nullable=True),
            sa.Column("category", sa.String(length=255), nullable=True),
            sa.Column("victim_country", sa.String(length=2), nullable=True),
            sa.Column("victim_state", sa.String(length=64), nullable=True),
            sa.Column("victim_district", sa.String(length=128), nullable=True),
            sa.Column("victim_area_code", sa.String(length=8), nullable=True),
            sa.Column("victim_pii", sa.JSON(), nullable=True),
            sa.Column("victim_key", sa.String(length=64), nullable=True),
            sa.Column("suspects", sa.JSON(), nullable=True),
            sa.Column("marking", sa.String(length=24), nullable=False),
            sa.Column("synthetic", sa.Boolean(), nullable=False),
            sa.Column("extra", sa.JSON(), nullable=True),
            sa.Column("label", sa.String(length=32), nullable=True),
            sa.Column("label_confidence", sa.Float(), nullable=True),
            sa.Column("label_evidence", sa.JSON(), nullable=True),
            sa.Column("tags", sa.JSON(), nullable=True),
            sa.Column("needs_review", sa.Boolean(), nullable=True),
            sa.Column("import_id", ID, nullable=True),
            sa.Column("component_id", ID, nullable=True),
            sa.Column("created_at", TZ, nullable=False),
            indexes={"ix_reports_component": ["component_id"], "ix_reports_seen": ["seen_at"]},
        ),
        Table(
            "sightings",
            sa.Column("report_id", ID, nullable=False),
            sa.Column("indicator_id", ID, nullable=False),
            sa.Column("field", sa.String(length=64), nullable=False),
            sa.Column("start", sa.Integer(), nullable=False),
            sa.Column("end", sa.Integer(), nullable=True),
            sa.Column("raw", sa.String(length=512), nullable=True),
            sa.PrimaryKeyConstraint("report_id", "indicator_id", "field", "start"),
            indexes={"ix_sightings_indicator": ["indicator_id"]},
        ),
    ]


upgrade, downgrade = reversible(steps)
