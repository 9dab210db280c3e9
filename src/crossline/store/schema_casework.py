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

from sqlalchemy import JSON, Column, Index, String, Text

from crossline.store import columns as col
from crossline.store.columns import ID

ORG = String(36)  # an organisation's id

case_notes = col.table(
    "case_notes",
    col.key(),  # make_id("note", org, subject, author, time, text)
    Column("org_id", ORG, nullable=False),
    Column("subject_kind", String(16), nullable=False),  # campaign | report
    Column("subject_id", ID, nullable=False),  # a report id (a campaign's anchor)
    Column("campaign_id", ID),  # the campaign's id when the note was written
    Column("author", String(64), nullable=False),
    Column("body", Text, nullable=False),
    Column("mentions", JSON),  # usernames mentioned with @
    col.created_at(),
)
Index("ix_case_notes_subject", case_notes.c.org_id, case_notes.c.subject_id)

case_state = col.table(
    "case_state",
    Column("org_id", ORG, primary_key=True),
    col.key("anchor_id"),
    Column("status", String(24), nullable=False),
    Column("assignee", String(64)),
    Column("display_name", String(120)),
    Column("label", String(32)),
    col.moment("updated_at", required=True),
    Column("updated_by", String(64), nullable=False),
)
Index("ix_case_state_anchor", case_state.c.anchor_id)

case_tags = col.table(
    "case_tags",
    Column("org_id", ORG, primary_key=True),
    Column("subject_kind", String(16), primary_key=True),
    col.key("subject_id"),
    Column("tag", String(48), primary_key=True),
    Column("added_by", String(64), nullable=False),
    col.moment("added_at", required=True),
)
Index("ix_case_tags_tag", case_tags.c.org_id, case_tags.c.tag)

# What happened to a campaign (notes, assignment, status, tags, name/label, merges and
# splits). Merges and splits have no org_id filter on reading: they change the
# campaign for every organisation on the node.
case_events = col.table(
    "case_events",
    col.key(),
    Column("org_id", ORG, nullable=False),
    Column("anchor_id", ID, nullable=False),
    Column("campaign_id", ID),
    Column("kind", String(24), nullable=False),
    Column("actor", String(64), nullable=False),
    col.moment("at", required=True),
    Column("detail", JSON),
)
Index("ix_case_events_anchor", case_events.c.anchor_id, case_events.c.at)

link_decisions = col.table(
    "link_decisions",
    col.key(),
    Column("kind", String(8), nullable=False),  # merge | split
    Column("org_id", ORG, nullable=False),
    Column("actor", String(64), nullable=False),
    Column("reason", Text, nullable=False),
    col.moment("at", required=True),
    Column("detail", JSON),  # campaigns before and after, reports moved
)

link_pairs = col.table(
    "link_pairs",
    col.key("report_a"),  # report_a < report_b
    col.key("report_b"),
    Column("decision_id", ID, nullable=False),
)
Index("ix_link_pairs_b", link_pairs.c.report_b)

link_cuts = col.table(
    "link_cuts",
    col.key("report_id"),
    col.key("indicator_id"),
    Column("decision_id", ID, nullable=False),
)
