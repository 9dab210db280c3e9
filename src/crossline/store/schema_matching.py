"""Tables of blind matching and alerts.

Blind matching never stores a partner's values: only the keyed digests a partner
published (``match_partner_digests``), the local indicator a match points at and
the partner's opaque case reference (``match_results``). Every query a partner
makes, and every query this node makes, is logged (``match_queries``) and bounded
(``match_budgets``). Alerts have deterministic ids, so one hit alerts once; their
deliveries (webhooks, partner nodes) wait in an outbox with retries.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from crossline.store.schema import ID, metadata

# Which key epoch is current per partner (the key itself is derived, never stored).
match_keys = Table(
    "match_keys",
    metadata,
    Column("partner_id", ID, primary_key=True),
    Column("epoch", Integer, nullable=False, default=1),
    Column("method", String(32), nullable=False),  # "x25519-hkdf"
    Column("fingerprint", String(16), nullable=False),  # 16 hex of SHA-256(key): which key
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# The digests a partner published (HMAC mode): set lookup for runs and alerts.
match_partner_digests = Table(
    "match_partner_digests",
    metadata,
    Column("partner_id", ID, primary_key=True),
    Column("digest", String(64), primary_key=True),  # hex, truncated HMAC-SHA-256
    Column("epoch", Integer, nullable=False),
    Column("fetched_at", DateTime(timezone=True), nullable=False),
)

# "Partner X holds this value in its case Y": the value itself is known only locally.
match_results = Table(
    "match_results",
    metadata,
    Column("id", ID, primary_key=True),  # make_id("match", partner, indicator, mode)
    Column("partner_id", ID, nullable=False),
    Column("indicator_id", ID, nullable=False),
    Column("kind", String(24), nullable=False),
    Column("mode", String(8), nullable=False),  # hmac | psi
    Column("partner_ref", String(128)),  # the partner's opaque case reference, if allowed
    Column("first_matched_at", DateTime(timezone=True), nullable=False),
    Column("matched_at", DateTime(timezone=True), nullable=False),
)
Index("ix_match_results_indicator", match_results.c.indicator_id)
Index("ix_match_results_partner", match_results.c.partner_id)

# Requests for details on a match, sent (out) or received (in) as signed envelopes.
match_requests = Table(
    "match_requests",
    metadata,
    Column("id", ID, primary_key=True),
    Column("direction", String(3), nullable=False),  # out | in
    Column("partner_id", ID, nullable=False),
    Column("match_id", ID),
    Column("partner_ref", String(128)),
    Column("note", Text),
    Column("status", String(16), nullable=False),  # sent | failed | received
    Column("envelope", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

match_budgets = Table(
    "match_budgets",
    metadata,
    Column("partner_id", ID, primary_key=True),
    Column("per_request", Integer, nullable=False),
    Column("per_day", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# Who asked, when, how many values: both directions, refused queries included.
match_queries = Table(
    "match_queries",
    metadata,
    Column("id", ID, primary_key=True),
    Column("direction", String(3), nullable=False),  # in (a partner asked us) | out
    Column("partner_id", ID, nullable=False),
    Column("mode", String(8), nullable=False),
    Column("endpoint", String(64), nullable=False),
    Column("values_count", Integer, nullable=False),
    Column("outcome", String(16), nullable=False),  # ok | over_budget | refused
    Column("actor", String(160)),
    Column("at", DateTime(timezone=True), nullable=False),
)
Index("ix_match_queries_partner_at", match_queries.c.partner_id, match_queries.c.at)

alerts = Table(
    "alerts",
    metadata,
    Column("id", ID, primary_key=True),  # make_id("alert", kind, partner, indicator, report)
    Column("kind", String(32), nullable=False),
    Column("origin", String(8), nullable=False),  # local | partner (received from a partner)
    Column("partner_id", ID),
    Column("indicator_id", ID),
    Column("report_id", ID),
    Column("component_id", ID),
    Column("partner_ref", String(128)),
    Column("summary", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("acked_at", DateTime(timezone=True)),
    Column("acked_by", String(160)),
    Column("org_id", ID),  # the organisation owning the report (None: the home organisation)
)
Index("ix_alerts_created", alerts.c.created_at)

webhook_subscriptions = Table(
    "webhook_subscriptions",
    metadata,
    Column("id", ID, primary_key=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("url", Text, nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# The outbox: one row per alert and destination; retried with backoff until delivered.
webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    Column("id", ID, primary_key=True),  # make_id("delivery", alert, target, target_id)
    Column("alert_id", ID, nullable=False),
    Column("target", String(8), nullable=False),  # webhook | partner
    Column("target_id", ID, nullable=False),
    Column("url", Text, nullable=False),
    Column("envelope", JSON, nullable=False),
    Column("status", String(12), nullable=False),  # pending | delivered | failed
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False),
    Column("last_error", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("delivered_at", DateTime(timezone=True)),
)
Index(
    "ix_webhook_deliveries_due", webhook_deliveries.c.status, webhook_deliveries.c.next_attempt_at
)

MATCHING_TABLES = (
    match_keys,
    match_partner_digests,
    match_results,
    match_requests,
    match_budgets,
    match_queries,
    alerts,
    webhook_subscriptions,
    webhook_deliveries,
)
