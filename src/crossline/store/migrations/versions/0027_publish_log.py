"""incremental publishing: a change log the database writes, publish cursors, the
source record of each published STIX object, and partners' shared campaign summaries

Revision ID: 0027
Revises: 0026
"""

import sqlalchemy as sa

from crossline.store.migrations.ddl import (
    ID,
    TZ,
    Columns,
    DialectStatements,
    Indexes,
    Step,
    Table,
    reversible,
)

revision = "0027"
down_revision = "0026"

#: (table, events, what each changed row logs). A log entry is (kind, SQL expression);
#: ``OLD``/``NEW`` are the row before/after. Sightings log only deletions: a report's
#: new values are read when the report itself (logged on insert/update) is recomputed,
#: and logging every inserted sighting would double the bulk import's writes.
LOGGED: list[tuple[str, dict[str, list[tuple[str, str]]]]] = [
    (
        "reports",
        {
            "insert": [("report", "NEW.id"), ("campaign", "NEW.component_id")],
            "update": [
                ("report", "NEW.id"),
                ("campaign", "OLD.component_id"),
                ("campaign", "NEW.component_id"),
            ],
            "delete": [("report", "OLD.id"), ("campaign", "OLD.component_id")],
        },
    ),
    (
        "components",
        {
            "insert": [("campaign", "NEW.id")],
            "update": [("campaign", "NEW.id")],
            "delete": [("campaign", "OLD.id")],
        },
    ),
    ("sightings", {"delete": [("indicator", "OLD.indicator_id")]}),
    (
        "citizen_reports",
        {"insert": [("report", "NEW.report_id")], "update": [("report", "NEW.report_id")]},
    ),
]
#: Indicators log only what the published objects read from their own row (the common
#: flag, the campaign): counts and dates come from the reports, which are logged.
INDICATOR_CHANGE = "OLD.common IS NOT NEW.common OR OLD.component_id IS NOT NEW.component_id"
INDICATOR_CHANGE_PG = (
    "OLD.common IS DISTINCT FROM NEW.common OR OLD.component_id IS DISTINCT FROM NEW.component_id"
)


def _inserts(logs: list[tuple[str, str]]) -> str:
    return "\n".join(
        f"INSERT INTO publish_changes (kind, ref) SELECT '{kind}', {expr} WHERE {expr} IS NOT NULL;"
        for kind, expr in logs
    )


class ChangeLogTriggers(DialectStatements):
    """The triggers by which the database logs every change a publication depends on."""

    def statements(self, dialect: str) -> list[str]:
        out: list[str] = []
        for table, events in LOGGED:
            for event, logs in events.items():
                name = f"publish_log_{table}_{event}"
                if dialect == "postgresql":
                    row = "OLD" if event == "delete" else "NEW"
                    out.append(
                        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$\n"
                        f"BEGIN\n{_inserts(logs)}\nRETURN {row};\nEND; $$ LANGUAGE plpgsql"
                    )
                    out.append(
                        f"CREATE TRIGGER {name} AFTER {event.upper()} ON {table} "
                        f"FOR EACH ROW EXECUTE FUNCTION {name}()"
                    )
                else:
                    out.append(
                        f"CREATE TRIGGER {name} AFTER {event.upper()} ON {table}\n"
                        f"BEGIN\n{_inserts(logs)}\nEND"
                    )
        name = "publish_log_indicators_update"
        logs = _inserts([("indicator", "NEW.id")])
        if dialect == "postgresql":
            out.append(
                f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$\n"
                f"BEGIN\n{logs}\nRETURN NEW;\nEND; $$ LANGUAGE plpgsql"
            )
            out.append(
                f"CREATE TRIGGER {name} AFTER UPDATE ON indicators FOR EACH ROW "
                f"WHEN ({INDICATOR_CHANGE_PG}) EXECUTE FUNCTION {name}()"
            )
        else:
            out.append(
                f"CREATE TRIGGER {name} AFTER UPDATE ON indicators "
                f"WHEN {INDICATOR_CHANGE}\nBEGIN\n{logs}\nEND"
            )
        return out

    def undo_statements(self, dialect: str) -> list[str]:
        names = [(t, f"publish_log_{t}_{e}") for t, events in LOGGED for e in events]
        names.append(("indicators", "publish_log_indicators_update"))
        out: list[str] = []
        for table, name in reversed(names):
            if dialect == "postgresql":
                out.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                out.append(f"DROP FUNCTION IF EXISTS {name}()")
            else:
                out.append(f"DROP TRIGGER IF EXISTS {name}")
        return out


def steps() -> list[Step]:
    return [
        Table(
            "publish_changes",
            sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("kind", sa.String(length=16), nullable=False),
            sa.Column("ref", ID, nullable=False),
            sa.PrimaryKeyConstraint("seq"),
        ),
        Table(
            "publish_cursors",
            sa.Column("collection_id", ID, nullable=False),
            sa.Column("agreement_id", sa.String(length=64), nullable=False),
            sa.Column("fingerprint", sa.String(length=64), nullable=False),
            sa.Column("change_seq", sa.Integer(), nullable=False),
            sa.Column("published_at", TZ, nullable=False),
            sa.Column("full_at", TZ, nullable=True),
            sa.PrimaryKeyConstraint("collection_id"),
        ),
        Table(
            "shared_campaigns",
            sa.Column("view_id", ID, nullable=False),
            sa.Column("campaign_id", ID, nullable=False),
            sa.Column("summary", sa.JSON(), nullable=False),
            sa.PrimaryKeyConstraint("view_id", "campaign_id"),
        ),
        Columns("stix_objects", sa.Column("source", sa.String(length=48), nullable=True)),
        Indexes("stix_objects", {"ix_stix_objects_source": ["collection_id", "source"]}),
        ChangeLogTriggers(),
    ]


upgrade, downgrade = reversible(steps)
