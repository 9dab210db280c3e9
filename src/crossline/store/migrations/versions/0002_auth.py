"""organisations, users, sessions, api tokens, append-only audit log, import jobs

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa

from crossline.store.migrations.ddl import (
    ID,
    TZ,
    AppendOnly,
    Indexes,
    Step,
    Table,
    keyed,
    reversible,
)

revision = "0002"
down_revision = "0001"


def steps() -> list[Step]:
    return [
        keyed(
            "organisations",
            sa.Column("name", sa.String(length=128), nullable=False),
            sa.Column("country", sa.String(length=2), nullable=True),
            sa.Column("is_home", sa.Boolean(), nullable=False),
            sa.Column("created_at", TZ, nullable=False),
            sa.UniqueConstraint("name"),
        ),
        keyed(
            "users",
            sa.Column("org_id", ID, nullable=False),
            sa.Column("username", sa.String(length=64), nullable=False),
            sa.Column("display_name", sa.String(length=128), nullable=True),
            sa.Column("password_hash", sa.String(length=255), nullable=False),
            sa.Column("role", sa.String(length=16), nullable=False),
            sa.Column("active", sa.Boolean(), nullable=False),
            sa.Column("created_at", TZ, nullable=False),
            sa.Column("last_login_at", TZ, nullable=True),
            sa.ForeignKeyConstraint(["org_id"], ["organisations.id"]),
            sa.UniqueConstraint("username"),
        ),
        Table(
            "sessions",
            sa.Column("token_hash", sa.String(length=64), nullable=False),
            sa.Column("user_id", ID, nullable=False),
            sa.Column("csrf_token", sa.String(length=64), nullable=False),
            sa.Column("created_at", TZ, nullable=False),
            sa.Column("expires_at", TZ, nullable=False),
            sa.Column("last_seen_at", TZ, nullable=False),
            sa.Column("ip", sa.String(length=64), nullable=True),
            sa.Column("user_agent", sa.String(length=255), nullable=True),
            sa.Column("revoked_at", TZ, nullable=True),
            sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
            sa.PrimaryKeyConstraint("token_hash"),
            indexes={"ix_sessions_user": ["user_id"]},
        ),
        keyed(
            "api_tokens",
            sa.Column("org_id", ID, nullable=False),
            sa.Column("user_id", ID, nullable=False),
            sa.Column("name", sa.String(length=128), nullable=False),
            sa.Column("prefix", sa.String(length=16), nullable=False),
            sa.Column("token_hash", sa.String(length=64), nullable=False),
            sa.Column("role", sa.String(length=16), nullable=False),
            sa.Column("scopes", sa.JSON(), nullable=False),
            sa.Column("created_at", TZ, nullable=False),
            sa.Column("expires_at", TZ, nullable=True),
            sa.Column("last_used_at", TZ, nullable=True),
            sa.Column("revoked_at", TZ, nullable=True),
            sa.ForeignKeyConstraint(["org_id"], ["organisations.id"]),
            sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
            sa.UniqueConstraint("token_hash"),
        ),
        Table(
            "audit_log",
            sa.Column(
                "seq",
                sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                nullable=False,
                autoincrement=True,
            ),
            sa.Column("at", TZ, nullable=False),
            sa.Column("actor", sa.String(length=160), nullable=False),
            sa.Column("actor_id", ID, nullable=True),
            sa.Column("org_id", ID, nullable=True),
            sa.Column("role", sa.String(length=16), nullable=True),
            sa.Column("action", sa.String(length=32), nullable=False),
            sa.Column("target", sa.String(length=64), nullable=False),
            sa.Column("target_id", sa.String(length=255), nullable=True),
            sa.Column("outcome", sa.String(length=16), nullable=False),
            sa.Column("detail", sa.JSON(), nullable=True),
            sa.Column("ip", sa.String(length=64), nullable=True),
            sa.Column("prev_hash", sa.String(length=64), nullable=False),
            sa.Column("hash", sa.String(length=64), nullable=False),
            sa.PrimaryKeyConstraint("seq"),
            indexes={"ix_audit_at": ["at"], "ix_audit_actor": ["actor"]},
        ),
        keyed(
            "import_jobs",
            sa.Column("kind", sa.String(length=16), nullable=False),
            sa.Column("org_id", ID, nullable=False),
            sa.Column("user_id", ID, nullable=True),
            sa.Column("actor", sa.String(length=160), nullable=False),
            sa.Column("filename", sa.String(length=255), nullable=True),
            sa.Column("stored_path", sa.Text(), nullable=True),
            sa.Column("size_bytes", sa.BigInteger(), nullable=True),
            sa.Column("format", sa.String(length=32), nullable=True),
            sa.Column("source", sa.String(length=64), nullable=True),
            sa.Column("jurisdiction", sa.String(length=2), nullable=True),
            sa.Column("status", sa.String(length=16), nullable=False),
            sa.Column("rows_estimate", sa.Integer(), nullable=True),
            sa.Column("rows_read", sa.Integer(), nullable=False),
            sa.Column("import_id", ID, nullable=True),
            sa.Column("summary", sa.JSON(), nullable=True),
            sa.Column("error", sa.JSON(), nullable=True),
            sa.Column("created_at", TZ, nullable=False),
            sa.Column("started_at", TZ, nullable=True),
            sa.Column("finished_at", TZ, nullable=True),
            sa.ForeignKeyConstraint(["org_id"], ["organisations.id"]),
            indexes={
                "ix_import_jobs_import": ["import_id"],
                "ix_import_jobs_created": ["created_at"],
            },
        ),
        Indexes(
            "reports",
            {
                # Reports are listed by jurisdiction and day on the dashboard and searched
                # by label.
                "ix_reports_jurisdiction_seen": ["jurisdiction", "seen_at"],
                "ix_reports_import": ["import_id"],
                # A campaign's reports are listed in time order: without this, a campaign
                # of 40,000 reports is sorted on every page view.
                "ix_reports_component_seen": ["component_id", "seen_at", "id"],
            },
        ),
        AppendOnly("audit_log"),
    ]


upgrade, downgrade = reversible(steps)
