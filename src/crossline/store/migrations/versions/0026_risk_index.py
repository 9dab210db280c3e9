"""the registry's risk index: an indexed account number on indicators, a version stamp
and a change log

Revision ID: 0026
Revises: 0022
"""

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0022"
branch_labels = None
depends_on = None

ID = sa.String(length=36)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        # PostgreSQL has only stored generated columns (the table is rewritten once).
        op.execute(
            "ALTER TABLE indicators ADD COLUMN account_number VARCHAR(512) GENERATED ALWAYS AS "
            "(ltrim(substr(value, strpos(value, ':') + 1), '0')) STORED"
        )
    else:
        # SQLite can add only a virtual generated column to an existing table; the index
        # below stores it.
        op.execute(
            "ALTER TABLE indicators ADD COLUMN account_number VARCHAR(512) GENERATED ALWAYS AS "
            "(ltrim(substr(value, instr(value, ':') + 1), '0')) VIRTUAL"
        )
    op.create_index("ix_indicators_account_number", "indicators", ["kind", "account_number"])
    op.create_table(
        "risk_stamp",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "risk_changes",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("key", ID),
        sa.PrimaryKeyConstraint("seq"),
    )
    op.create_index("ix_risk_changes_version", "risk_changes", ["version"])


def downgrade() -> None:
    op.drop_index("ix_risk_changes_version", table_name="risk_changes")
    op.drop_table("risk_changes")
    op.drop_table("risk_stamp")
    op.drop_index("ix_indicators_account_number", table_name="indicators")
    op.execute("ALTER TABLE indicators DROP COLUMN account_number")
