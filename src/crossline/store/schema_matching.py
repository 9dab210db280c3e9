"""Tables of blind matching and alerts.

Blind matching never stores a partner's values: only the keyed digests a partner
published (``match_partner_digests``), the local indicator a match points at and
the partner's opaque case reference (``match_results``). Every query a partner
makes, and every query this node makes, is logged (``match_queries``) and bounded
(``match_budgets``). Alerts have deterministic ids, so one hit alerts once; their
deliveries (webhooks, partner nodes) wait in an outbox with retries.
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, Index, Integer, String, Text

from crossline.store import columns as col
from crossline.store.columns import ID

# Which key epoch is current per partner (the key itself is derived, never stored).
match_keys = col.table(
    "match_keys",
    col.key("partner_id"),
    Column("epoch", Integer, nullable=False, default=1),
    Column("method", String(32), nullable=False),  # "x25519-hkdf"
    Column("fingerprint", String(16), nullable=False),  # 16 hex of SHA-256(key): which key
    col.created_at(),
)

# The digests a partner published (HMAC mode): set lookup for runs and alerts.
match_partner_digests = col.table(
    "match_partner_digests",
    col.key("partner_id"),
    Column("digest", String(64), primary_key=True),  # hex, truncated HMAC-SHA-256
    Column("epoch", Integer, nullable=False),
    col.moment("fetched_at", required=True),
)

# "Partner X holds this value in its case Y": the value itself is known only locally.
match_results = col.table(
    "match_results",
    col.key(),  # make_id("match", partner, indicator, mode)
    Column("partner_id", ID, nullable=False),
    Column("indicator_id", ID, nullable=False),
    Column("kind", String(24), nullable=False),
    Column("mode", String(8), nullable=False),  # hmac | psi
    Column("partner_ref", String(128)),  # the partner's opaque case reference, if allowed
    col.moment("first_matched_at", required=True),
    col.moment("matched_at", required=True),
)
Index("ix_match_results_indicator", match_results.c.indicator_id)
Index("ix_match_results_partner", match_results.c.partner_id)

# Requests for details on a match, sent (out) or received (in) as signed envelopes.
match_requests = col.table(
    "match_requests",
    col.key(),
    Column("direction", String(3), nullable=False),  # out | in
    Column("partner_id", ID, nullable=False),
    Column("match_id", ID),
    Column("partner_ref", String(128)),
    Column("note", Text),
    Column("status", String(16), nullable=False),  # sent | failed | received
    Column("envelope", JSON, nullable=False),
    col.created_at(),
)

match_budgets = col.table(
    "match_budgets",
    col.key("partner_id"),
    Column("per_request", Integer, nullable=False),
    Column("per_day", Integer, nullable=False),
    col.moment("updated_at", required=True),
)

# Who asked, when, how many values: both directions, refused queries included.
match_queries = col.table(
    "match_queries",
    col.key(),
    Column("direction", String(3), nullable=False),  # in (a partner asked us) | out
    Column("partner_id", ID, nullable=False),
    Column("mode", String(8), nullable=False),
    Column("endpoint", String(64), nullable=False),
    Column("values_count", Integer, nullable=False),
    Column("outcome", String(16), nullable=False),  # ok | over_budget | refused
    col.actor(required=False),
    col.moment("at", required=True),
)
Index("ix_match_queries_partner_at", match_queries.c.partner_id, match_queries.c.at)

alerts = col.table(
    "alerts",
    col.key(),  # make_id("alert", kind, partner, indicator, report)
    Column("kind", String(32), nullable=False),
    Column("origin", String(8), nullable=False),  # local | partner (received from a partner)
    Column("partner_id", ID),
    Column("indicator_id", ID),
    Column("report_id", ID),
    Column("component_id", ID),
    Column("partner_ref", String(128)),
    Column("summary", JSON, nullable=False),
    col.created_at(),
    col.moment("acked_at"),
    col.actor("acked_by", required=False),
    Column("org_id", ID),  # the organisation owning the report (None: the home organisation)
)
Index("ix_alerts_created", alerts.c.created_at)

webhook_subscriptions = col.table(
    "webhook_subscriptions",
    col.key(),
    Column("name", String(64), nullable=False, unique=True),
    Column("url", Text, nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    col.created_at(),
)

# The outbox: one row per alert and destination; retried with backoff until delivered.
webhook_deliveries = col.table(
    "webhook_deliveries",
    col.key(),  # make_id("delivery", alert, target, target_id)
    Column("alert_id", ID, nullable=False),
    Column("target", String(8), nullable=False),  # webhook | partner
    Column("target_id", ID, nullable=False),
    Column("url", Text, nullable=False),
    Column("envelope", JSON, nullable=False),
    Column("status", String(12), nullable=False),  # pending | delivered | failed
    Column("attempts", Integer, nullable=False, default=0),
    col.moment("next_attempt_at", required=True),
    Column("last_error", Text),
    col.created_at(),
    col.moment("delivered_at"),
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
