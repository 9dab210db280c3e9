"""the registry's risk index: an indexed account number on indicators, a version stamp
and a change log

Revision ID: 0026
Revises: 0022
"""

import sqlalchemy as sa
from alembic import op

from crossline.store.migrations.ddl import ID, Indexes, Step, Table, reversible

revision = "0026"
down_revision = "0022"


class AccountNumber:
    """The account number in an indicator's value (after the colon, leading zeros off),
    as a column the database generates."""

    def create(self) -> None:
        if op.get_bind().dialect.name == "postgresql":
            # PostgreSQL has only stored generated columns (the table is rewritten once).
            op.execute(
                "ALTER TABLE indicators ADD COLUMN account_number VARCHAR(512) GENERATED ALWAYS AS "
                "(ltrim(substr(value, strpos(value, ':') + 1), '0')) STORED"
            )
        else:
            # SQLite can add only a virtual generated column to an existing table; the
            # index below stores it.
            op.execute(
                "ALTER TABLE indicators ADD COLUMN account_number VARCHAR(512) GENERATED ALWAYS AS "
                "(ltrim(substr(value, instr(value, ':') + 1), '0')) VIRTUAL"
            )

    def drop(self) -> None:
        op.execute("ALTER TABLE indicators DROP COLUMN account_number")


def steps() -> list[Step]:
    return [
        AccountNumber(),
        Indexes("indicators", {"ix_indicators_account_number": ["kind", "account_number"]}),
        Table(
            "risk_stamp",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("version", sa.BigInteger(), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        ),
        Table(
            "risk_changes",
            sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("version", sa.BigInteger(), nullable=False),
            sa.Column("kind", sa.String(length=16), nullable=False),
            sa.Column("key", ID),
            sa.PrimaryKeyConstraint("seq"),
            indexes={"ix_risk_changes_version": ["version"]},
        ),
    ]


upgrade, downgrade = reversible(steps)
