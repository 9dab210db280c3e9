"""field warnings of imported rows, versions of reports, warning and update counts,
occurrence counts of sightings

Revision ID: 0019
Revises: 0017
"""

import sqlalchemy as sa

from crossline.store.migrations.ddl import ID, TZ, Columns, Step, Table, keyed, reversible

revision = "0019"
down_revision = "0017"


def steps() -> list[Step]:
    return [
        keyed(
            "import_warnings",
            sa.Column("import_id", ID, nullable=False),
            sa.Column("report_id", ID),
            sa.Column("file", sa.Text(), nullable=False),
            sa.Column("file_sha256", sa.String(length=64), nullable=False),
            sa.Column("format", sa.String(length=32), nullable=False),
            sa.Column("line", sa.Integer()),
            sa.Column("field", sa.String(length=128), nullable=False),
            sa.Column("raw", sa.Text(), nullable=False),
            sa.Column("reason", sa.Text(), nullable=False),
            sa.Column("created_at", TZ, nullable=False),
            indexes={
                "ix_import_warnings_import": ["import_id"],
                "ix_import_warnings_report": ["report_id"],
            },
        ),
        Table(
            "report_versions",
            sa.Column("report_id", ID, nullable=False),
            sa.Column("version", sa.Integer(), nullable=False),
            sa.Column("content_sha", sa.String(length=64), nullable=False),
            sa.Column("import_id", ID),
            sa.Column("content", sa.JSON()),
            sa.Column("indicators", sa.JSON()),
            sa.Column("created_at", TZ, nullable=False),
            sa.PrimaryKeyConstraint("report_id", "version"),
        ),
        Columns(
            "imports",
            sa.Column("warnings", sa.Integer(), server_default="0"),
            sa.Column("updated", sa.Integer(), server_default="0"),
        ),
        Columns(
            "reports",
            sa.Column("content_sha", sa.String(length=64)),
            sa.Column("version", sa.Integer(), server_default="1"),
        ),
        Columns("sightings", sa.Column("count", sa.Integer(), server_default="1")),
    ]


upgrade, downgrade = reversible(steps)
