"""field warnings of imported rows, versions of reports, warning and update counts,
occurrence counts of sightings

Revision ID: 0019
Revises: 0017
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0017"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
ID = sa.String(length=36)


def upgrade() -> None:
    op.create_table(
        "import_warnings",
        sa.Column("id", ID, nullable=False),
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
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_import_warnings_import", "import_warnings", ["import_id"])
    op.create_index("ix_import_warnings_report", "import_warnings", ["report_id"])
    op.create_table(
        "report_versions",
        sa.Column("report_id", ID, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_sha", sa.String(length=64), nullable=False),
        sa.Column("import_id", ID),
        sa.Column("content", sa.JSON()),
        sa.Column("indicators", sa.JSON()),
        sa.Column("created_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("report_id", "version"),
    )
    with op.batch_alter_table("imports") as batch:
        batch.add_column(sa.Column("warnings", sa.Integer(), server_default="0"))
        batch.add_column(sa.Column("updated", sa.Integer(), server_default="0"))
    with op.batch_alter_table("reports") as batch:
        batch.add_column(sa.Column("content_sha", sa.String(length=64)))
        batch.add_column(sa.Column("version", sa.Integer(), server_default="1"))
    with op.batch_alter_table("sightings") as batch:
        batch.add_column(sa.Column("count", sa.Integer(), server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("sightings") as batch:
        batch.drop_column("count")
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("version")
        batch.drop_column("content_sha")
    with op.batch_alter_table("imports") as batch:
        batch.drop_column("updated")
        batch.drop_column("warnings")
    op.drop_table("report_versions")
    op.drop_index("ix_import_warnings_report", table_name="import_warnings")
    op.drop_index("ix_import_warnings_import", table_name="import_warnings")
    op.drop_table("import_warnings")
