"""casework: notes, state, tags, activity, analysts' linking decisions

Revision ID: 0021
Revises: 0020
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
ID = sa.String(length=36)


def upgrade() -> None:
    op.create_table(
        "case_notes",
        sa.Column("id", ID, nullable=False),
        sa.Column("org_id", ID, nullable=False),
        sa.Column("subject_kind", sa.String(length=16), nullable=False),
        sa.Column("subject_id", ID, nullable=False),
        sa.Column("campaign_id", ID),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("mentions", sa.JSON()),
        sa.Column("created_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_case_notes_subject", "case_notes", ["org_id", "subject_id"])
    op.create_table(
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
    )
    op.create_index("ix_case_state_anchor", "case_state", ["anchor_id"])
    op.create_table(
        "case_tags",
        sa.Column("org_id", ID, nullable=False),
        sa.Column("subject_kind", sa.String(length=16), nullable=False),
        sa.Column("subject_id", ID, nullable=False),
        sa.Column("tag", sa.String(length=48), nullable=False),
        sa.Column("added_by", sa.String(length=64), nullable=False),
        sa.Column("added_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("org_id", "subject_kind", "subject_id", "tag"),
    )
    op.create_index("ix_case_tags_tag", "case_tags", ["org_id", "tag"])
    op.create_table(
        "case_events",
        sa.Column("id", ID, nullable=False),
        sa.Column("org_id", ID, nullable=False),
        sa.Column("anchor_id", ID, nullable=False),
        sa.Column("campaign_id", ID),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("detail", sa.JSON()),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_case_events_anchor", "case_events", ["anchor_id", "at"])
    op.create_table(
        "link_decisions",
        sa.Column("id", ID, nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("org_id", ID, nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("detail", sa.JSON()),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "link_pairs",
        sa.Column("report_a", ID, nullable=False),
        sa.Column("report_b", ID, nullable=False),
        sa.Column("decision_id", ID, nullable=False),
        sa.PrimaryKeyConstraint("report_a", "report_b"),
    )
    op.create_index("ix_link_pairs_b", "link_pairs", ["report_b"])
    op.create_table(
        "link_cuts",
        sa.Column("report_id", ID, nullable=False),
        sa.Column("indicator_id", ID, nullable=False),
        sa.Column("decision_id", ID, nullable=False),
        sa.PrimaryKeyConstraint("report_id", "indicator_id"),
    )


def downgrade() -> None:
    op.drop_table("link_cuts")
    op.drop_index("ix_link_pairs_b", table_name="link_pairs")
    op.drop_table("link_pairs")
    op.drop_table("link_decisions")
    op.drop_index("ix_case_events_anchor", table_name="case_events")
    op.drop_table("case_events")
    op.drop_index("ix_case_tags_tag", table_name="case_tags")
    op.drop_table("case_tags")
    op.drop_index("ix_case_state_anchor", table_name="case_state")
    op.drop_table("case_state")
    op.drop_index("ix_case_notes_subject", table_name="case_notes")
    op.drop_table("case_notes")
