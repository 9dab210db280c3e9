"""The bulk import path: the row path's results, at a file's scale.

:class:`BulkImporter` is an :class:`~crossline.ingest.pipeline.Importer` whose run
(1) reads the file in chunks and works them (fingerprint, bound, extract, classify) in
worker processes, (2) stores each chunk's new reports in one transaction with one
``executemany`` per table, without components, then (3) links every new report at once
(:mod:`.link`) and (4) hands the rows that need the row path's per-report care to it:
new versions of a report (same reference, other content) and reports from the public.

Reconciliation holds as on the row path: ``rows_read = stored + duplicates +
quarantined``; warnings and quarantine rows are recorded with the same ids, so a
re-import adds nothing. A run stopped between (2) and (3) leaves reports without a
component: the next import of the file links them (they are found as duplicates that
are in no component).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from crossline.config import Settings
from crossline.domain import Rejected, Report
from crossline.ingest.base import Item
from crossline.ingest.bulk.collector import fewer_collections
from crossline.ingest.bulk.link import link_reports, mark_listed
from crossline.ingest.bulk.prepare import Context, Worked
from crossline.ingest.bulk.read import prepared
from crossline.ingest.bulk.write import write_reports
from crossline.ingest.pipeline import Importer, ImportSummary
from crossline.ingest.runner import ImportRunner, batches, new_import_id, quarantine_rows
from crossline.ingest.stages import CITIZEN_SOURCE
from crossline.link.content import CONTENT_CHANNELS, TRANSCRIPT_FORMATS
from crossline.store import intake as store_intake
from crossline.store.bulk import BulkWriter, unlinked
from crossline.store.bulk_encode import positional_dialect
from crossline.store.repository import Store, utcnow

CHUNK_ROWS = 20_000


def default_workers() -> int:
    """Worker processes for the CPU stage: one per core (the writer mostly waits on
    the database); none on a one-core host."""
    cores = os.cpu_count() or 1
    return cores if cores > 1 else 0


class _Run:
    """The state of one bulk run: which ids it has seen, what goes to the row path."""

    def __init__(self) -> None:
        self.prints: dict[str, set[str]] = {}  # id -> contents seen (stored or duplicate)
        self.held: set[str] = set()  # ids whose later rows go to the row path, in order
        self.deferred: list[Item] = []
        self._chunk: list[tuple[int, Item]] = []  # this chunk's, with their place in it
        self.stored: list[str] = []
        self.linkable: set[str] = set()  # reports to link: new ones, and unlinked repeats
        self.indicators: set[str] = set()

    def defer(self, report_id: str, place: int, item: Item) -> None:
        self.held.add(report_id)
        self._chunk.append((place, item))

    def end_chunk(self) -> int:
        """Move the chunk's deferred rows to the row path's queue, in file order."""
        self.deferred.extend(item for _, item in sorted(self._chunk, key=lambda t: t[0]))
        n, self._chunk = len(self._chunk), []
        return n


class BulkImporter(Importer):
    """An importer for large files (see the module's docstring); same arguments as
    :class:`Importer`, plus the chunk size and the number of worker processes."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        chunk_rows: int = CHUNK_ROWS,
        workers: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(store, settings, **kwargs)
        self.chunk_rows = chunk_rows
        self.workers = default_workers() if workers is None else workers

    def _run(
        self, items: Iterator[Item], *, path: str, sha: str, fmt: str, source: str
    ) -> ImportSummary:
        now = utcnow()
        summary = ImportSummary(new_import_id(sha, path, now), path, fmt, source, mode="bulk")
        # One step for the whole file: its chunks cannot be re-read, so no retry here.
        runner = ImportRunner(self.store, batch_size=1, retry_delays=())
        return runner.run(
            summary,
            iter([items]),
            sha=sha,
            source=source,
            started_at=now,
            step=lambda one, s: self._bulk(one[0], s, sha, fmt),
            finish=self._link_scripts,
        )

    def _bulk(self, items: Iterator[Item], summary: ImportSummary, sha: str, fmt: str) -> None:
        with fewer_collections():
            self._work(items, summary, sha, fmt)

    def _work(self, items: Iterator[Item], summary: ImportSummary, sha: str, fmt: str) -> None:
        ctx = Context(
            self.secret, self.max_text_bytes, self.attachments, self.classifier,
            import_id=summary.import_id, dialect=positional_dialect(self.store.engine.dialect),
            marking=self.marking, pap=self.pap,
        )  # fmt: skip
        run = _Run()
        for chunk, worked in prepared(items, ctx, chunk_size=self.chunk_rows, workers=self.workers):
            self._chunk(chunk, worked, run, summary, sha, fmt)
            if self.progress:
                self.progress(summary.rows_read)
        with self.store.transaction() as conn:
            self.store.dialect.link_lock(conn)
            mark_listed(self.store, conn, run.indicators)
            linked = link_reports(self.store, conn, run.linkable, min_groups=self.linker.min_groups)
            summary.campaigns_touched += len(linked.change.rebuilt)
            summary.merged += len(linked.change.removed)
            summary.newly_common.extend(v.indicator_id for v in linked.change.newly_common)
        for part in batches(run.stored, self.batch_size):
            self.after_link(part)
        # Versions and public reports: the row path, in file order, after the rest.
        for batch in batches(run.deferred, self.batch_size):
            self._batch(batch, summary, sha, fmt)

    def _chunk(
        self,
        chunk: list[Item],
        worked: Worked,
        run: _Run,
        summary: ImportSummary,
        sha: str,
        fmt: str,
    ) -> None:
        now = utcnow()
        rejected = [i for i in chunk if isinstance(i, Rejected)]
        places = [place for place, i in enumerate(chunk) if isinstance(i, Report)]
        candidates: dict[str, int] = {}  # id -> its position among the chunk's reports
        duplicates = 0
        for k, (rid, fp, source) in enumerate(
            zip(worked.ids, worked.prints, worked.sources, strict=True)
        ):
            seen = run.prints.get(rid)
            if source == CITIZEN_SOURCE or rid in run.held:
                run.defer(rid, places[k], chunk[places[k]])
            elif seen is None:
                candidates[rid] = k
                run.prints[rid] = {fp}
            elif fp in seen or not self.versions:
                duplicates += 1
            else:
                run.defer(rid, places[k], chunk[places[k]])
        with self.store.transaction() as conn:
            self.store.dialect.link_lock(conn)
            known = self.store.existing_report_ids(conn, list(candidates))
            stored_prints = store_intake.content_shas(conn, sorted(known))
            repeats = []
            for rid in sorted(known):
                k = candidates.pop(rid)
                if self.versions and stored_prints.get(rid) not in (None, worked.prints[k]):
                    # A new version: the row path keeps their history.
                    run.defer(rid, places[k], chunk[places[k]])
                else:
                    duplicates += 1
                    repeats.append(rid)
            fresh = sorted(candidates.values())
            deferred = run.end_chunk()
        # As stored: bounded where the worker bounded them, else as read.
        stored = [worked.bounded.get(k) or chunk[places[k]] for k in fresh]
        # Freeze requests (their own transaction) come first, as on the row path.
        for hook in self.on_arrival:
            hook(self.store, stored, now)  # type: ignore[arg-type]
        with self.store.transaction() as conn:
            self.store.dialect.link_lock(conn)
            writer = BulkWriter(self.store, conn)
            written = write_reports(writer, worked, fresh, import_id=summary.import_id, now=now)
            writer.quarantine(quarantine_rows(rejected, summary, sha, now))
            warned = self._warnings(conn, stored, summary, sha, fmt, now)  # type: ignore[arg-type]
            run.linkable.update(unlinked(conn, repeats))
            summary.rows_read += len(chunk) - deferred
            summary.stored += len(fresh)
            summary.duplicates += duplicates
            summary.quarantined += len(rejected)
            summary.warnings += warned
            summary.indicators += written.indicators
            summary.sightings += written.sightings
            self.store.update_import(conn, summary.import_id, **summary.progress())
        ids = [worked.ids[k] for k in fresh]
        run.stored.extend(ids)
        run.linkable.update(ids)
        run.indicators |= written.indicator_ids
        self._transcripts_added |= fmt in TRANSCRIPT_FORMATS and any(
            r.channel in CONTENT_CHANNELS and r.text
            for r in stored  # type: ignore[union-attr]
        )
