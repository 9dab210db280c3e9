"""A store's content as plain values, to compare two stores that imported the same data.

What an import writes is compared row for row; what only says when or by which run
(timestamps of the import itself, import ids) is left out.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select

from crossline.store import Store
from crossline.store.schema import metadata

# Columns that record the run, not the data (each import has its own id and clock).
RUN_COLUMNS = frozenset(
    {
        "import_id", "created_at", "updated_at", "started_at", "finished_at", "at", "seconds",
        "complaint_seen_at", "next_attempt_at", "latency_ms",  # freeze requests: the run clock
    }
)  # fmt: skip
# Tables of the run, not the data: the registry index's change log and stamp say what a
# server must re-read, and the publishing change log what a publication must recompute,
# in whatever batches and order each path wrote them.
SKIPPED_TABLES = frozenset(
    {"imports", "alembic_version", "audit_log", "risk_changes", "risk_stamp", "publish_changes"}
)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        return round(value, 6)
    if hasattr(value, "isoformat"):
        return value.replace(tzinfo=None).isoformat() if hasattr(value, "tzinfo") else value
    return value


def _value(column: str, value: Any) -> Any:
    if column == "total_loss" and isinstance(value, dict):
        # A campaign's losses by currency: summed from rows as written ("15099") or read
        # back from the amount column ("15099.00"); compared as amounts.
        return {k: str(Decimal(v).quantize(Decimal("0.01"))) for k, v in sorted(value.items())}
    return _plain(value)


def dump(store: Store, tables: tuple[str, ...] | None = None) -> dict[str, list[tuple]]:
    """Every table's rows (sorted, run columns left out), by table name."""
    out: dict[str, list[tuple]] = {}
    with store.read() as conn:
        for table in metadata.sorted_tables:
            if table.name in SKIPPED_TABLES or (tables and table.name not in tables):
                continue
            cols = [c for c in table.columns if c.name not in RUN_COLUMNS]
            rows = conn.execute(select(*cols)).all()
            names = [c.name for c in cols]
            out[table.name] = sorted(
                (tuple(_value(n, v) for n, v in zip(names, row, strict=True)) for row in rows),
                key=repr,
            )
    return out


def differences(a: dict[str, list[tuple]], b: dict[str, list[tuple]]) -> dict[str, Any]:
    """Per table that differs: row counts and a few rows found on one side only."""
    out: dict[str, Any] = {}
    for name in sorted(set(a) | set(b)):
        ra, rb = a.get(name, []), b.get(name, [])
        if ra != rb:
            sa, sb = set(map(repr, ra)), set(map(repr, rb))
            out[name] = {
                "rows": (len(ra), len(rb)),
                "only_first": sorted(sa - sb)[:3],
                "only_second": sorted(sb - sa)[:3],
            }
    return out
