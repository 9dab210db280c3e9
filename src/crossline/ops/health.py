"""Liveness and readiness of a node, as plain values (the API turns them into responses).

Readiness asks three things: can the database be reached, is its schema at the
newest migration (a node must not serve an old or a newer schema), and are the
node's background workers (import worker, audit writer) alive.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from sqlalchemy import text

from crossline.errors import CrosslineError
from crossline.store import Store


@lru_cache(maxsize=1)
def head_revision() -> str:
    """The newest Alembic revision shipped with this build (read once)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("crossline.store") / "migrations"))
    heads = ScriptDirectory.from_config(cfg).get_heads()
    return ",".join(sorted(heads))


def current_revision(store: Store) -> str | None:
    """The revision the database is at (None on an empty database)."""
    from alembic.runtime.migration import MigrationContext

    with store.read() as conn:
        heads = MigrationContext.configure(conn).get_current_heads()
    return ",".join(sorted(heads)) or None


@dataclass
class Readiness:
    """The result of the readiness checks; ``ready`` only if every check passed."""

    checks: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def ready(self) -> bool:
        return all(c["ok"] for c in self.checks.values())

    @property
    def reason(self) -> str:
        return "; ".join(f"{k}: {c['detail']}" for k, c in self.checks.items() if not c["ok"])

    def to_dict(self) -> dict[str, Any]:
        return {"status": "ready" if self.ready else "not_ready", "checks": self.checks}


def check_database(store: Store) -> tuple[bool, str]:
    started = time.perf_counter()
    try:
        with store.read() as conn:
            conn.execute(text("SELECT 1"))
    except CrosslineError as exc:
        return False, exc.message
    return True, f"reachable in {(time.perf_counter() - started) * 1000:.1f} ms"


def check_schema(store: Store) -> tuple[bool, str]:
    try:
        current = current_revision(store)
    except CrosslineError as exc:
        return False, exc.message
    head = head_revision()
    if current != head:
        return False, f"schema at {current or 'nothing'}, this build needs {head}: run migrations"
    return True, f"at {head}"


def check_workers(workers: dict[str, bool]) -> tuple[bool, str]:
    dead = sorted(name for name, alive in workers.items() if not alive)
    if dead:
        return False, f"stopped: {', '.join(dead)}"
    return True, f"alive: {', '.join(sorted(workers)) or 'none'}"


def readiness(store: Store, workers: dict[str, bool]) -> Readiness:
    """Run every readiness check (the schema check only when the database answers)."""
    result = Readiness()
    ok, detail = check_database(store)
    result.checks["database"] = {"ok": ok, "detail": detail}
    if ok:
        ok, detail = check_schema(store)
        result.checks["schema"] = {"ok": ok, "detail": detail}
    else:
        result.checks["schema"] = {"ok": False, "detail": "not checked: database unreachable"}
    ok, detail = check_workers(workers)
    result.checks["workers"] = {"ok": ok, "detail": detail}
    return result
