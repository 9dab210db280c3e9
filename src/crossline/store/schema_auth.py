"""Tables of the web app and API: organisations, users, sessions, API tokens, audit, jobs.

They live on the same ``metadata`` as the case tables, so one Alembic history
covers the node. Secrets are never stored: sessions and API tokens are kept as
SHA-256 digests of high-entropy random strings, passwords as argon2id hashes.

The audit log is append-only: the migration installs triggers that refuse any
UPDATE or DELETE, and each row carries the hash of its predecessor so a gap or
an edit made behind the database's back is detectable (:func:`verify_chain`
in :mod:`crossline.node.audit`).
"""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Boolean, Column, ForeignKey, Index, Integer, String, Text

from crossline.store import columns as col
from crossline.store.columns import ID
from crossline.store.schema import reports

organisations = col.table(
    "organisations",
    col.key(),
    Column("name", String(128), nullable=False, unique=True),
    Column("country", String(2)),
    # The agency that runs this node: it owns reports imported outside any API job.
    Column("is_home", Boolean, nullable=False, default=False),
    col.created_at(),
)

users = col.table(
    "users",
    col.key(),
    Column("org_id", ID, ForeignKey("organisations.id"), nullable=False),
    Column("username", String(64), nullable=False, unique=True),
    Column("display_name", String(128)),
    Column("password_hash", String(255), nullable=False),
    Column("role", String(16), nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    col.created_at(),
    col.moment("last_login_at"),
)

sessions = col.table(
    "sessions",
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", ID, ForeignKey("users.id"), nullable=False),
    Column("csrf_token", String(64), nullable=False),
    col.created_at(),
    col.moment("expires_at", required=True),
    col.moment("last_seen_at", required=True),
    Column("ip", String(64)),
    Column("user_agent", String(255)),
    col.moment("revoked_at"),
)
Index("ix_sessions_user", sessions.c.user_id)

api_tokens = col.table(
    "api_tokens",
    col.key(),
    Column("org_id", ID, ForeignKey("organisations.id"), nullable=False),
    Column("user_id", ID, ForeignKey("users.id"), nullable=False),  # who created it
    Column("name", String(128), nullable=False),
    Column("prefix", String(16), nullable=False),  # shown in listings to recognise a token
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("role", String(16), nullable=False),
    Column("scopes", JSON, nullable=False),
    col.created_at(),
    col.moment("expires_at"),
    col.moment("last_used_at"),
    col.moment("revoked_at"),
)

audit_log = col.table(
    "audit_log",
    Column("seq", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    col.moment("at", required=True),
    col.actor(),  # "user:alice" or "token:bank-feed (cl_ab12)"
    Column("actor_id", ID),
    Column("org_id", ID),
    Column("role", String(16)),
    Column("action", String(32), nullable=False),  # read, search, export, create, change, login...
    Column("target", String(64), nullable=False),  # report, campaign, indicator, import ...
    Column("target_id", String(255)),
    Column("outcome", String(16), nullable=False),  # ok, denied, failed
    Column("detail", JSON),
    Column("ip", String(64)),
    *col.hash_chain(),
)
Index("ix_audit_at", audit_log.c.at)
Index("ix_audit_actor", audit_log.c.actor)

import_jobs = col.table(
    "import_jobs",
    col.key(),
    Column("kind", String(16), nullable=False),  # "file" (upload) or "api" (reports posted)
    Column("org_id", ID, ForeignKey("organisations.id"), nullable=False),
    Column("user_id", ID),
    col.actor(),
    Column("filename", String(255)),
    Column("stored_path", Text),
    Column("size_bytes", BigInteger),
    Column("format", String(32)),
    Column("source", String(64)),
    Column("jurisdiction", String(2)),
    Column("status", String(16), nullable=False),  # queued, running, done, failed
    Column("rows_estimate", Integer),
    Column("rows_read", Integer, nullable=False, default=0),
    Column("import_id", ID),  # the pipeline's imports.id, once the run has started
    Column("summary", JSON),
    Column("error", JSON),
    col.created_at(),
    col.moment("started_at"),
    col.moment("finished_at"),
)
Index("ix_import_jobs_import", import_jobs.c.import_id)
Index("ix_import_jobs_created", import_jobs.c.created_at)

# Added by migration 0002: the dashboard groups reports by jurisdiction and day, and a
# report's owning organisation is found through its import.
Index("ix_reports_jurisdiction_seen", reports.c.jurisdiction, reports.c.seen_at)
Index("ix_reports_import", reports.c.import_id)
Index("ix_reports_component_seen", reports.c.component_id, reports.c.seen_at, reports.c.id)

AUTH_TABLES = (organisations, users, sessions, api_tokens, audit_log, import_jobs)

# A record of one organisation shown to another organisation on the same node, on purpose
# (kind: evidence_case, legal_request, import_job, alert). See crossline.node.scope.
org_shares = col.table(
    "org_shares",
    Column("kind", String(24), primary_key=True),
    Column("object_id", String(128), primary_key=True),
    Column("org_id", ID, ForeignKey("organisations.id"), primary_key=True),
    col.actor("shared_by"),
    col.moment("shared_at", required=True),
)
Index("ix_org_shares_org", org_shares.c.org_id, org_shares.c.kind)
