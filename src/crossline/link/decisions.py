"""Analysts' linking decisions, as the linker applies them.

A merge keeps two reports in one campaign (a *pair*); a split stops some reports from
being tied through some values (*cuts* of sightings) and pairs each side's pieces.
They are data, like sightings: every linking path (import, relink, the common-value
rule, unlinking a corrected report) reads them through :func:`load`, so the campaigns
after any sequence of imports and relinks are the same, and a relink keeps a merge
merged and a split split.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from sqlalchemy import Connection

from crossline.store import casework as cw


@dataclass(frozen=True)
class Decisions:
    """The pairs and cuts touching a set of reports."""

    pairs: list[tuple[str, str]] = field(default_factory=list)
    cuts: frozenset[tuple[str, str]] = frozenset()

    def partners(self, report_id: str) -> list[str]:
        return [b if a == report_id else a for a, b in self.pairs if report_id in (a, b)]

    def keep(self, report_id: str, indicator_ids: Iterable[str]) -> list[str]:
        """The values that still tie the report (its cut ones left out)."""
        return [i for i in indicator_ids if (report_id, i) not in self.cuts]


NONE = Decisions()


def load(conn: Connection, report_ids: Collection[str]) -> Decisions:
    """The decisions touching the reports (one cheap query when there are none)."""
    if not report_ids or not cw.any_decisions(conn):
        return NONE
    ids = sorted(report_ids)
    return Decisions(pairs=cw.pairs_of(conn, ids), cuts=frozenset(cw.cuts_of(conn, ids)))
