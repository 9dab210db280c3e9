"""The ``indicators`` rows of a set of reports, from a chunk's table of distinct values.

A worker process lists each distinct value of its chunk once (:class:`Values`) and
each report's values as positions in that list; the rows are aggregated from those
positions, as ``stages.indicator_rows`` aggregates them from the reports: once over the
whole chunk in the worker (what the writer stores when every report of the chunk is
new), or in the writer over the chunk's new reports when some were not.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from crossline.domain import indicator_id
from crossline.ingest.stages import Extracted
from crossline.link.roles import attribute_reason
from crossline.link.warnlist import warn_reason


@dataclass(slots=True)
class Values:
    """A chunk's distinct values: ``(id, kind, value, meta, common reason)`` each, and
    per report the positions of its values (each value once per report)."""

    table: list[tuple[str, str, str, dict[str, Any] | None, str | None]] = field(
        default_factory=list
    )
    of_report: list[tuple[int, ...]] = field(default_factory=list)
    _index: dict[str, int] = field(default_factory=dict)

    def add(self, extracted: Extracted) -> None:
        """The next report's values."""
        mine: dict[int, None] = {}
        for s in extracted.seen:
            f = s.found
            iid = indicator_id(f.kind, f.value)
            k = self._index.get(iid)
            if k is None:
                # The meta of the value's first occurrence, as indicator_rows keeps it.
                reason = warn_reason(f.kind, f.value) or attribute_reason(f.kind)
                k = self._index[iid] = len(self.table)
                self.table.append((iid, f.kind, f.value, dict(f.meta) or None, reason))
            mine[k] = None
        self.of_report.append(tuple(mine))

    def __getstate__(self) -> tuple[Any, Any]:
        return self.table, self.of_report  # the index is rebuilt only where needed

    def __setstate__(self, state: tuple[Any, Any]) -> None:
        self.table, self.of_report = state
        self._index = {}


def indicator_rows(
    values: Values, seen_at: Sequence[datetime | None], reports: Iterable[int]
) -> list[dict[str, Any]]:
    """The aggregated ``indicators`` rows of the given reports (positions in the chunk),
    sorted by (kind, value): the writer's lock order."""
    agg: dict[int, dict[str, Any]] = {}
    table = values.table
    for r in reports:
        at = seen_at[r]
        for k in values.of_report[r]:
            row = agg.get(k)
            if row is None:
                iid, kind, value, meta, reason = table[k]
                agg[k] = row = {
                    "id": iid, "kind": kind, "value": value, "first_seen": at,
                    "last_seen": at, "report_count": 0, "common": reason is not None,
                    "common_reason": reason, "component_id": None,
                    "meta": dict(meta) if meta else None,
                }  # fmt: skip
            row["report_count"] += 1
            if at is not None:
                if row["first_seen"] is None or at < row["first_seen"]:
                    row["first_seen"] = at
                if row["last_seen"] is None or at > row["last_seen"]:
                    row["last_seen"] = at
    return sorted(agg.values(), key=lambda r: (r["kind"], r["value"]))


INDICATOR_COLUMNS = (
    "id", "kind", "value", "first_seen", "last_seen", "report_count", "common",
    "common_reason", "component_id", "meta",
)  # fmt: skip
