"""The rows of a chunk's new reports, written in one statement per table.

The rows are those of the row path (``ingest.stages``): same functions, same values,
built and turned into driver parameters by the worker processes (:mod:`.prepare`); the
writer adds the time of the write and, when some of the chunk's reports were not new,
keeps only the new ones' rows and aggregates their indicator rows again. The component
ids are left empty, for :mod:`.link` to set once for the import.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from crossline.errors import IngestError
from crossline.ingest.bulk.prepare import WRITTEN_AT, Worked, encoders
from crossline.ingest.bulk.values import indicator_rows
from crossline.store.bulk import BulkWriter


@dataclass
class Written:
    """What one chunk added: counts and the ids the linking step needs."""

    indicators: int
    sightings: int
    indicator_ids: set[str]


def write_reports(
    writer: BulkWriter,
    worked: Worked,
    fresh: Sequence[int],
    *,
    import_id: str,
    now: datetime,
) -> Written:
    """Store the chunk's new reports (``fresh``: their places among the chunk's
    reports, in order) with their indicators, sightings and victim contacts."""
    if not fresh:
        return Written(0, 0, set())
    enc = encoders(writer.dialect, worked.report_columns)
    at = worked.report_columns.index("import_id")
    if worked.reports[fresh[0]][at] != import_id:
        raise IngestError("a chunk was worked for another import")
    tail = enc.reports.tail([now])
    assert enc.reports.trailing == (WRITTEN_AT,)
    every = len(fresh) == len(worked.ids)
    reports = [worked.reports[k] + tail for k in fresh]
    sightings = [s for k in fresh for s in worked.sightings[k]]
    victims = [v for k in fresh for v in worked.victims[k]]
    if every:  # the usual case: the worker's aggregate is the new reports' own
        indicators = worked.indicators
        ids = {row[0] for row in worked.values.table}
    else:
        rows = indicator_rows(worked.values, worked.seen_at, fresh)
        indicators = enc.indicators.encode_dicts(rows)
        ids = {r["id"] for r in rows}
    writer.insert(enc.reports, reports)
    writer.upsert_indicators(enc.indicators, indicators)
    writer.insert(enc.sightings, sightings)
    writer.victim_contacts(enc.victims, victims)
    # Every value the chunk's rows name, noted once for the registry's risk index.
    writer.note_indicators(ids | {v[1] for v in victims})
    return Written(len(indicators), len(sightings), ids)
