"""casework: notes, state, tags, activity, analysts' linking decisions

Revision ID: 0021
Revises: 0020
"""

import sqlalchemy as sa

from crossline.store.migrations.ddl import ID, TZ, Step, Table, keyed, reversible

revision = "0021"
down_revision = "0020"


def steps() -> list[Step]:
    return [
        keyed(
            "case_notes",
            sa.Column("org_id", ID, nullable=False),
            sa.Column("subject_kind", sa.String(length=16), nullable=False),
            sa.Column("subject_id", ID, nullable=False),
            sa.Column("campaign_id", ID),
            sa.Column("author", sa.String(length=64), nullable=False),
            sa.Column("body", sa.Text(), nullable=False),
            sa.Column("mentions", sa.JSON()),
            sa.Column("created_at", TZ, nullable=False),
            indexes={"ix_case_notes_subject": ["org_id", "subject_id"]},
        ),
        Table(
            "case_state",
            sa.Column("org_id", ID, nullable=False),
            sa.Column("anchor_id", ID, nullable=False),
            sa.Column("status", sa.String(length=24), nullable=False),
            sa.Column("assignee", sa.String(length=64)),
            sa.Column("display_name", sa.String(length=120)),
            sa.Column("label", sa.String(length=32)),
            sa.Column("updated_at", TZ, nullable=False),
            sa.Column("updated_by", sa.String(length=64), nullable=False),
            sa.PrimaryKeyConstraint("org_id", "anchor_id"),
            indexes={"ix_case_state_anchor": ["anchor_id"]},
        ),
        Table(
            "case_tags",
            sa.Column("org_id", ID, nullable=False),
            sa.Column("subject_kind", sa.String(length=16), nullable=False),
            sa.Column("subject_id", ID, nullable=False),
            sa.Column("tag", sa.String(length=48), nullable=False),
            sa.Column("added_by", sa.String(length=64), nullable=False),
            sa.Column("added_at", TZ, nullable=False),
            sa.PrimaryKeyConstraint("org_id", "subject_kind", "subject_id", "tag"),
            indexes={"ix_case_tags_tag": ["org_id", "tag"]},
        ),
        keyed(
            "case_events",
            sa.Column("org_id", ID, nullable=False),
            sa.Column("anchor_id", ID, nullable=False),
            sa.Column("campaign_id", ID),
            sa.Column("kind", sa.String(length=24), nullable=False),
            sa.Column("actor", sa.String(length=64), nullable=False),
            sa.Column("at", TZ, nullable=False),
            sa.Column("detail", sa.JSON()),
            indexes={"ix_case_events_anchor": ["anchor_id", "at"]},
        ),
        keyed(
            "link_decisions",
            sa.Column("kind", sa.String(length=8), nullable=False),
            sa.Column("org_id", ID, nullable=False),
            sa.Column("actor", sa.String(length=64), nullable=False),
            sa.Column("reason", sa.Text(), nullable=False),
            sa.Column("at", TZ, nullable=False),
            sa.Column("detail", sa.JSON()),
        ),
        Table(
            "link_pairs",
            sa.Column("report_a", ID, nullable=False),
            sa.Column("report_b", ID, nullable=False),
            sa.Column("decision_id", ID, nullable=False),
            sa.PrimaryKeyConstraint("report_a", "report_b"),
            indexes={"ix_link_pairs_b": ["report_b"]},
        ),
        Table(
            "link_cuts",
            sa.Column("report_id", ID, nullable=False),
            sa.Column("indicator_id", ID, nullable=False),
            sa.Column("decision_id", ID, nullable=False),
            sa.PrimaryKeyConstraint("report_id", "indicator_id"),
        ),
    ]


upgrade, downgrade = reversible(steps)
