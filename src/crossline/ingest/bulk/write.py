"""The rows of a chunk's new reports, written in one statement per table.

The rows are those of the row path (``ingest.stages``): same functions, same values
(the reports' own rows are built by the worker processes, :mod:`.prepare`); only the
component ids are left empty, for :mod:`.link` to set once for the import.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from crossline.domain import Report
from crossline.errors import IngestError
from crossline.ingest.bulk.prepare import Ready
from crossline.ingest.stages import indicator_rows
from crossline.store.bulk import BulkWriter


@dataclass
class Written:
    """What one chunk added: counts and the ids the linking step needs."""

    indicators: int
    sightings: int
    indicator_ids: set[str]


def write_reports(
    writer: BulkWriter,
    fresh: Sequence[Ready],
    *,
    import_id: str,
    now: datetime,
    marking: Callable[[Report], str],
    pap: str | None,
) -> Written:
    """Store new reports with their indicators, sightings and victim contacts."""
    rows = []
    for r in fresh:
        if r.row["import_id"] != import_id:
            raise IngestError("a chunk was worked for another import")
        row = {**r.row, "marking": marking(r.report), "created_at": now}
        if pap:
            row["pap"] = pap
        rows.append(row)
    sights = [s for r in fresh for s in r.sightings]
    ind_rows, _links = indicator_rows([(r.report, r.extracted) for r in fresh])
    victims = [v for r in fresh for v in r.victims]
    writer.reports(rows)
    writer.indicators(ind_rows)
    writer.sightings(sights)
    writer.victim_contacts(victims)
    return Written(len(ind_rows), len(sights), {i["id"] for i in ind_rows})
