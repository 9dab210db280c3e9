"""Dump what every Alembic revision does to a fresh database, to compare two builds.

    PYTHONPATH=src python scripts/dump_migration_ddl.py out.txt [postgresql+psycopg://...]

Walks the revisions on a fresh SQLite file (and, given a PostgreSQL server URL whose
user may create databases, on a throw-away database there, dropped afterwards): upgrades
to each revision in turn, then downgrades back to each in turn, and writes every
statement each step sends and the schema it leaves (SQLite's ``sqlite_master`` text;
PostgreSQL's columns, indexes, constraints, triggers and functions). On PostgreSQL it
also writes the offline SQL (``alembic upgrade --sql``, ``downgrade --sql``) of the
whole chain; SQLite's batch operations need a live database, so it has none there.
A change to the migrations that leaves this dump identical leaves every database a
node has migrated exactly as it was.
"""

from __future__ import annotations

import os
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from importlib import resources
from io import StringIO
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, create_engine, event, text

LOCATION = str(resources.files("crossline.store") / "migrations")

PG_SCHEMA = {
    "columns": """
        SELECT table_name, ordinal_position, column_name, data_type, character_maximum_length,
               numeric_precision, numeric_scale, datetime_precision, is_nullable,
               column_default, is_identity, is_generated, generation_expression
        FROM information_schema.columns WHERE table_schema = 'public'
        ORDER BY table_name, ordinal_position""",
    "indexes": """
        SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'
        ORDER BY tablename, indexname""",
    "constraints": """
        SELECT c.conrelid::regclass::text, c.conname, c.contype, pg_get_constraintdef(c.oid)
        FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE n.nspname = 'public' ORDER BY 1, 2""",
    "triggers": """
        SELECT tgrelid::regclass::text, tgname, pg_get_triggerdef(oid) FROM pg_trigger
        WHERE NOT tgisinternal ORDER BY 1, 2""",
    "functions": """
        SELECT p.proname, pg_get_functiondef(p.oid) FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
        ORDER BY 1""",
    "sequences": """
        SELECT sequencename, data_type, start_value, increment_by FROM pg_sequences
        WHERE schemaname = 'public' ORDER BY 1""",
}


UNORDERED = ("CREATE INDEX", "CREATE UNIQUE INDEX", "PRAGMA main.index_info")


def _config(conn: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", LOCATION)
    if conn is not None:
        cfg.attributes["connection"] = conn
    return cfg


def revisions() -> list[str]:
    """The revisions from the first to the head, each after all it depends on."""
    walked = ScriptDirectory.from_config(_config()).walk_revisions("base", "heads")
    return [script.revision for script in reversed(list(walked))]


def schema(conn: Connection) -> str:
    """The schema the connection's database holds, as comparable text."""
    if conn.dialect.name == "sqlite":
        rows = conn.execute(
            text("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
        )
        return "\n".join(repr(tuple(row)) for row in rows)
    parts = []
    for name, query in PG_SCHEMA.items():
        parts.append(f"-- {name}")
        parts.extend(repr(tuple(row)) for row in conn.execute(text(query)))
    return "\n".join(parts)


def _settled(statements: list[str]) -> list[str]:
    """The statements with each run of index statements sorted: SQLite's batch operations
    re-create a table's indexes from a set, in an order that changes from run to run."""
    out: list[str] = []
    run: list[str] = []
    for statement in [*statements, ""]:
        if statement.startswith(UNORDERED):
            run.append(statement)
            continue
        out.extend(sorted(run))
        run.clear()
        out.append(statement)
    return out[:-1]


def walk(url: str) -> Iterator[str]:
    """Upgrade one revision at a time, then downgrade one at a time, dumping each step:
    every statement the step sent to the database, then the schema it left."""
    engine = create_engine(url)
    sent: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        sent.append(f"{statement} {parameters!r}")

    event.listen(engine, "before_cursor_execute", record)
    steps = revisions()
    # Explicit targets on the way down: "-1" is ambiguous where branches meet.
    plan = [(command.upgrade, rev) for rev in steps]
    plan += [(command.downgrade, rev) for rev in [*reversed(steps[:-1]), "base"]]
    try:
        for run, rev in plan:
            sent.clear()
            with engine.begin() as conn:
                run(_config(conn), rev)
            statements = "\n".join(_settled(sent))
            with engine.connect() as conn:
                yield f"== {run.__name__} {rev}\n{statements}\n-- schema\n{schema(conn)}"
    finally:
        engine.dispose()


def offline(url: str) -> Iterator[str]:
    """The SQL of the whole chain, up and down, as ``alembic --sql`` prints it."""
    engine = create_engine(url)
    try:
        for label, run, target in (
            ("upgrade", command.upgrade, "base:heads"),
            ("downgrade", command.downgrade, "heads:base"),
        ):
            out = StringIO()
            with engine.connect() as conn, redirect_stdout(out):
                cfg = _config(conn)
                cfg.stdout = out
                run(cfg, target, sql=True)
            yield f"== offline {label} {engine.dialect.name}\n{out.getvalue()}"
    finally:
        engine.dispose()


@contextmanager
def pg_database(server: str) -> Iterator[str]:
    """A throw-away database on the server, dropped on the way out."""
    name = f"crossline_ddl_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{server.rsplit('/', 1)[0]}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def dump(pg_server: str | None) -> str:
    """The whole comparable dump: SQLite, then PostgreSQL if a server is given."""
    parts: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        parts.extend(walk(f"sqlite:///{Path(tmp) / 'walk.db'}"))
    if pg_server:
        with pg_database(pg_server) as url:
            parts.extend(walk(url))
        with pg_database(pg_server) as url:
            parts.extend(offline(url))
    return "\n\n".join(parts) + "\n"


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    if os.environ.get("PYTHONHASHSEED") != "0":
        # Where branches part on the way down, Alembic writes the version rows in set
        # order: fix the hash seed so that two runs write them alike.
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        os.execve(sys.executable, [sys.executable, *sys.argv], env)
    Path(sys.argv[1]).write_text(dump(sys.argv[2] if len(sys.argv) == 3 else None))
