"""Casework: what analysts add to campaigns and reports, and their linking decisions.

Casework belongs to an organisation (``org_id``): two organisations on one node never
see each other's notes, tags, assignments or statuses, and none of it is shared with
partners. A campaign's id changes when a report with a smaller id joins it, so
campaign casework is kept by an *anchor*: the campaign's smallest report id when the
work was recorded. A campaign's casework is that of the anchors among its reports, so
it follows merges (both sides' notes) and splits (the side keeping the anchor).

Linking decisions are node-wide, because campaigns are: ``link_pairs`` keeps two
reports in one campaign (an analyst merge), ``link_cuts`` stops one report from being
tied through one value (an analyst split). The linker reads both (see
:mod:`crossline.link.decisions`), so ``crossline relink`` keeps them.
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, Index, String, Table, Text

from crossline.store.schema import ID, metadata

ORG = String(36)  # an organisation's id

case_notes = Table(
    "case_notes",
    metadata,
    Column("id", ID, primary_key=True),  # make_id("note", org, subject, author, time, text)
    Column("org_id", ORG, nullable=False),
    Column("subject_kind", String(16), nullable=False),  # campaign | report
    Column("subject_id", ID, nullable=False),  # a report id (a campaign's anchor)
    Column("campaign_id", ID),  # the campaign's id when the note was written
    Column("author", String(64), nullable=False),
    Column("body", Text, nullable=False),
    Column("mentions", JSON),  # usernames mentioned with @
    Column("created_at", DateTime(timezone=True), nullable=False),
)
Index("ix_case_notes_subject", case_notes.c.org_id, case_notes.c.subject_id)

case_state = Table(
    "case_state",
    metadata,
    Column("org_id", ORG, primary_key=True),
    Column("anchor_id", ID, primary_key=True),
    Column("status", String(24), nullable=False),
    Column("assignee", String(64)),
    Column("display_name", String(120)),
    Column("label", String(32)),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", String(64), nullable=False),
)
Index("ix_case_state_anchor", case_state.c.anchor_id)

case_tags = Table(
    "case_tags",
    metadata,
    Column("org_id", ORG, primary_key=True),
    Column("subject_kind", String(16), primary_key=True),
    Column("subject_id", ID, primary_key=True),
    Column("tag", String(48), primary_key=True),
    Column("added_by", String(64), nullable=False),
    Column("added_at", DateTime(timezone=True), nullable=False),
)
Index("ix_case_tags_tag", case_tags.c.org_id, case_tags.c.tag)

# What happened to a campaign (notes, assignment, status, tags, name/label, merges and
# splits). Merges and splits have no org_id filter on reading: they change the
# campaign for every organisation on the node.
case_events = Table(
    "case_events",
    metadata,
    Column("id", ID, primary_key=True),
    Column("org_id", ORG, nullable=False),
    Column("anchor_id", ID, nullable=False),
    Column("campaign_id", ID),
    Column("kind", String(24), nullable=False),
    Column("actor", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("detail", JSON),
)
Index("ix_case_events_anchor", case_events.c.anchor_id, case_events.c.at)

link_decisions = Table(
    "link_decisions",
    metadata,
    Column("id", ID, primary_key=True),
    Column("kind", String(8), nullable=False),  # merge | split
    Column("org_id", ORG, nullable=False),
    Column("actor", String(64), nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("detail", JSON),  # campaigns before and after, reports moved
)

link_pairs = Table(
    "link_pairs",
    metadata,
    Column("report_a", ID, primary_key=True),  # report_a < report_b
    Column("report_b", ID, primary_key=True),
    Column("decision_id", ID, nullable=False),
)
Index("ix_link_pairs_b", link_pairs.c.report_b)

link_cuts = Table(
    "link_cuts",
    metadata,
    Column("report_id", ID, primary_key=True),
    Column("indicator_id", ID, primary_key=True),
    Column("decision_id", ID, nullable=False),
)
