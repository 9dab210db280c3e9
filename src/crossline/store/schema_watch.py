"""Watchlists: a value, a query or a campaign an analyst watches for new reports.

One row per (user, kind, target). ``targets`` holds what the watch matches, fixed when
it is made: the indicator ids a value normalizes to, the lower-cased query text, or the
campaign id. New reports that match raise alerts (``alerts.kind = 'watch'``) owned by
the watcher's organisation.
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, Index, Integer, String

from crossline.store import columns as col
from crossline.store.columns import ID

watchlists = col.table(
    "watchlists",
    col.key(),  # make_id("watch", user, kind, target)
    Column("org_id", ID),  # the watcher's organisation (None: the home one)
    Column("user_id", ID, nullable=False),
    col.actor(),  # who made it, as the audit log names them
    Column("kind", String(16), nullable=False),  # value | query | campaign
    Column("target", String(500), nullable=False),  # as the analyst typed it
    Column("targets", JSON, nullable=False),  # what is matched (see the module docstring)
    Column("note", String(500)),
    Column("notify", Boolean, nullable=False),  # also queue the alert to the webhooks
    col.created_at(),
    col.moment("last_alert_at"),
    Column("alert_count", Integer, nullable=False, server_default="0"),
)
Index("ix_watchlists_user", watchlists.c.user_id)
Index("ix_watchlists_kind", watchlists.c.kind)
