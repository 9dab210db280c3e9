"""The relational schema shared by SQLite and PostgreSQL (SQLAlchemy Core).

Designed for what comes later: every report carries a TLP marking and its
provenance (import, source, synthetic flag); victim PII sits in its own column
so it can be withheld; sightings say where each value was found, so evidence
can point at a field or a text span.

Changes go through Alembic migrations in ``migrations/versions``; this module
is the current shape, used by queries.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Computed,
    Float,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    literal_column,
)

from crossline.store import columns as col
from crossline.store.columns import ID as ID  # re-exported: the tables' id type
from crossline.store.columns import metadata as metadata  # re-exported: every table's
from crossline.store.sqlfn import account_number_expr

reports = col.table(
    "reports",
    col.key(),
    Column("source", String(64), nullable=False),
    Column("source_ref", String(255), nullable=False),
    Column("jurisdiction", String(2), nullable=False),
    Column("channel", String(16)),
    col.moment("received_at"),
    Column("received_raw", String(64)),
    col.moment("incident_at"),
    Column("incident_raw", String(64)),
    col.moment("seen_at"),
    Column("text", Text),
    Column("amount_lost", Numeric(18, 2)),
    Column("currency", String(3)),
    Column("payment_method", String(64)),
    Column("category", String(255)),
    Column("victim_country", String(2)),
    Column("victim_state", String(64)),
    Column("victim_district", String(128)),
    Column("victim_area_code", String(8)),
    Column("victim_pii", JSON),  # PII: name/phone/email/address; never linked, withheld on export
    Column("victim_key", String(64)),  # keyed hash of the victim's contact: counts victims, no PII
    Column("suspects", JSON),
    Column("marking", String(24), nullable=False),
    Column("pap", String(16)),  # optional PAP marking (what the recipient may do with it)
    Column("synthetic", Boolean, nullable=False, default=False),
    Column("extra", JSON),
    Column("label", String(32)),
    Column("label_confidence", Float),
    Column("label_evidence", JSON),
    Column("tags", JSON),
    Column("needs_review", Boolean),
    Column("import_id", ID),
    Column("component_id", ID),
    col.created_at(),
    Column("content_sha", String(64)),  # what the latest version holds (versions.content_sha)
    Column("version", Integer, server_default="1"),  # 1 + the corrections imported since
)
Index("ix_reports_component", reports.c.component_id)
Index("ix_reports_seen", reports.c.seen_at)
# People paste complaint numbers (NCRP acknowledgements, Sentinel references): one look-up.
Index("ix_reports_source_ref", reports.c.source_ref)

indicators = col.table(
    "indicators",
    col.key(),
    Column("kind", String(24), nullable=False),
    Column("value", String(512), nullable=False),
    col.moment("first_seen"),
    col.moment("last_seen"),
    Column("report_count", Integer, nullable=False, default=0),
    Column("common", Boolean, nullable=False, default=False),
    Column("common_reason", Text),
    Column("component_id", ID),
    Column("meta", JSON),
    # Computed by the database, so every writer fills it (bulk paths included): an
    # account typed without its branch is one indexed equality, not ``LIKE '%number'``.
    # Virtual on SQLite (a column added to a table cannot be stored there), stored on
    # PostgreSQL (it has only stored generated columns).
    Column("account_number", String(512), Computed(account_number_expr(literal_column("value")))),
    UniqueConstraint("kind", "value", name="uq_indicators_kind_value"),
)
Index("ix_indicators_value", indicators.c.value)
Index("ix_indicators_component", indicators.c.component_id)
Index("ix_indicators_account_number", indicators.c.kind, indicators.c.account_number)

# The inverted index: value -> the reports (and places) where it was seen.
sightings = col.table(
    "sightings",
    *col.value_place(),  # a start of -1 for a whole structured field
    Column("raw", String(512)),
    Column("count", Integer, server_default="1"),  # occurrences in that field (one row each)
)
Index("ix_sightings_indicator", sightings.c.indicator_id)

# The complainants' own contacts (columns, and the same values or first-person values in
# the narrative). Victim PII: never linked, never in the registry, never exported; kept
# by the id a suspect value would have, so a value named as the suspect's in one report
# and the victim's in another is flagged.
victim_contacts = col.table(
    "victim_contacts",
    *col.value_place(),  # a start of -1 for a whole column
    Column("kind", String(24), nullable=False),
)
Index("ix_victim_contacts_indicator", victim_contacts.c.indicator_id)

# Connected groups of reports; a campaign is a component of two or more reports.
components = col.table(
    "components",
    col.key(),
    Column("min_report_id", ID, nullable=False),
    Column("report_count", Integer, nullable=False),
    Column("victim_count", Integer, nullable=False),
    Column("jurisdictions", JSON),
    Column("total_loss", JSON),
    col.moment("first_seen"),
    col.moment("last_seen"),
    Column("label", String(32)),
    Column("label_distribution", JSON),
    col.moment("updated_at", required=True),
)
Index("ix_components_count", components.c.report_count)

imports = col.table(
    "imports",
    col.key(),
    Column("path", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("format", String(32), nullable=False),
    Column("source", String(64), nullable=False),
    col.moment("started_at", required=True),
    col.moment("finished_at"),
    Column("status", String(16), nullable=False),
    Column("rows_read", Integer, nullable=False, default=0),
    Column("stored", Integer, nullable=False, default=0),
    Column("duplicates", Integer, nullable=False, default=0),
    Column("quarantined", Integer, nullable=False, default=0),
    Column("error", Text),
    Column("warnings", Integer, server_default="0"),  # stored rows with a value left unread
    Column("updated", Integer, server_default="0"),  # stored rows that were new versions
)

quarantine = col.table(
    "quarantine",
    col.key(),  # uuid5(file sha256, line): re-import adds nothing
    Column("import_id", ID, nullable=False),
    *col.import_file(),
    Column("line", Integer, nullable=False),
    Column("field", String(64)),
    Column("reason", Text, nullable=False),
    Column("raw", Text, nullable=False),
    col.created_at(),
)
Index("ix_quarantine_import", quarantine.c.import_id)

# Values of stored rows that could not be read: the row is stored with the field empty.
import_warnings = col.table(
    "import_warnings",
    col.key(),  # uuid5(file sha256, line, field): re-import adds nothing
    Column("import_id", ID, nullable=False),
    Column("report_id", ID),
    *col.import_file(),
    Column("line", Integer),
    Column("field", String(128), nullable=False),
    Column("raw", Text, nullable=False),
    Column("reason", Text, nullable=False),
    col.created_at(),
)
Index("ix_import_warnings_import", import_warnings.c.import_id)
Index("ix_import_warnings_report", import_warnings.c.report_id)

# Every version of a report (a complaint corrected at its source), with its import; the
# reports row holds the latest. ``indicators``: the linkable values of that version.
report_versions = col.table(
    "report_versions",
    col.key("report_id"),
    Column("version", Integer, primary_key=True),
    Column("content_sha", String(64), nullable=False),
    Column("import_id", ID),
    Column("content", JSON),
    Column("indicators", JSON),
    col.created_at(),
)
