"""parse -> extract -> classify -> store -> link, in batches, each batch one transaction.

Counts always reconcile: ``rows_read == stored + duplicates + quarantined``. A stored
row may carry field warnings (a value that could not be read is left empty and kept
raw: ``warnings`` counts them); a row with the reference of a stored report and other
content is a new version of it (stored, and counted in ``updated`` too). A
batch is committed with its links, so a crash leaves a consistent store and a
re-run stores only what is missing (ids are deterministic).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, ClassVar

from crossline.config import Settings
from crossline.domain import Rejected, Report, make_id
from crossline.hashing import file_sha256
from crossline.ingest.base import Item, ReadOptions
from crossline.ingest.bounds import bound_report
from crossline.ingest.formats import detect
from crossline.ingest.runner import (
    ImportRunner,
    Reconciled,
    chain,
    new_import_id,
    quarantine_rows,
)
from crossline.ingest.stages import (
    extract_reports,
    indicator_rows,
    marking_of,
    report_row,
    sighting_rows,
    victim_rows,
)
from crossline.ingest.updates import Update, apply_updates
from crossline.ingest.versions import fingerprint
from crossline.link.campaigns import Linker
from crossline.link.content import CONTENT_CHANNELS, TRANSCRIPT_FORMATS
from crossline.share.markings import parse_pap, parse_tlp
from crossline.store import intake as store_intake
from crossline.store.repository import Store, utcnow

Progress = Callable[[int], None]
CLASSIFY_CHUNK = 2_000


@dataclass
class ImportSummary(Reconciled):
    """The reconciliation of one import."""

    PROGRESS: ClassVar[tuple[str, ...]] = (*Reconciled.PROGRESS, "warnings", "updated")
    import_id: str
    path: str
    format: str
    source: str
    rows_read: int = 0
    stored: int = 0
    duplicates: int = 0
    quarantined: int = 0
    warnings: int = 0  # values of stored rows that could not be read (see quarantine --warnings)
    updated: int = 0  # stored rows that were a new version of a stored report
    indicators: int = 0
    sightings: int = 0
    campaigns_touched: int = 0
    merged: int = 0
    newly_common: list[str] = field(default_factory=list)
    script_links: int = 0
    seconds: float = 0.0
    status: str = "running"
    mode: str = "row"  # the import path: "row", or "bulk" (crossline.ingest.bulk)


Classifier = Callable[..., list[Any]]
ArrivalHook = Callable[[Store, list[Report], Any], Any]


@dataclass(frozen=True)
class Hooks:
    """What an import does beyond storing and linking, passed in by whoever builds the
    importer (``crossline.services.imports.importer_for`` wires the node's parts): the
    scam-type classifier, work on newly arrived reports before they are stored (freeze
    requests), and work on the ids of each stored and linked batch (alerts)."""

    classifier: Classifier | None = None
    on_arrival: tuple[ArrivalHook, ...] = ()
    after_link: Callable[[list[str]], Any] | None = None


def _nothing(_report_ids: list[str]) -> None:
    return None


class Importer:
    """Imports files (or report streams) into one store."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        hooks: Hooks | None = None,
        batch_size: int = 5000,
        progress: Progress | None = None,
        marking: str | None = None,
        pap: str | None = None,
        versions: bool = True,
    ) -> None:
        self.store = store
        # A row with a stored report's reference and other content is a new version of
        # it; without versions it is a duplicate (partner feeds: a resent object carries
        # the time it was received again, which is not a correction).
        self.versions = versions
        # Every stored report carries a TLP 2.0 marking: this one when given (--marking),
        # else the report's own, else its source's default.
        self.marking = parse_tlp(marking) if marking else None
        self.pap = parse_pap(pap) if pap else None
        self.secret = settings.secret_key()
        self.max_text_bytes = settings.max_text_bytes
        self.attachments = settings.home / "attachments"
        self.batch_size = batch_size
        self.progress = progress
        self.runner = ImportRunner(store, batch_size=batch_size, progress=progress)
        self.linker = Linker(store)
        hooks = hooks or Hooks()
        self.classifier = hooks.classifier
        self._transcripts_added = False
        self.on_arrival = hooks.on_arrival
        # Called with the ids of each batch once it is stored and linked (alerts).
        self.after_link = hooks.after_link or _nothing

    def import_file(
        self,
        path: str | Path,
        fmt: str | None = None,
        *,
        source: str | None = None,
        jurisdiction: str | None = None,
        encoding: str | None = None,
    ) -> ImportSummary:
        """Import one file; raises (storing nothing) if the file cannot be read at all.

        ``encoding``: the file's text encoding (``cp1252`` ...); None to detect it.
        """
        path = Path(path)
        reader = detect(path, fmt, encoding=encoding)
        options = ReadOptions(source=source, jurisdiction=jurisdiction, encoding=encoding)
        items = reader.read(path, options)
        # Readers raise on unreadable files before the first item: pull it before
        # recording the import, so a failed file leaves no trace in the store.
        first = list(islice(items, 1))
        sha = file_sha256(path)
        return self._run(
            chain(first, items),
            path=str(path),
            sha=sha,
            fmt=reader.name,
            source=source or reader.name,
        )

    def import_reports(self, reports: Iterable[Report], *, label: str = "api") -> ImportSummary:
        """Import reports built elsewhere (API, partner feed)."""
        return self._run(iter(reports), path=label, sha="-", fmt="reports", source=label)

    def _run(
        self, items: Iterator[Item], *, path: str, sha: str, fmt: str, source: str
    ) -> ImportSummary:
        now = utcnow()
        summary = ImportSummary(new_import_id(sha, path, now), path, fmt, source)
        return self.runner.run(
            summary,
            items,
            sha=sha,
            source=source,
            started_at=now,
            step=lambda batch, s: self._batch(batch, s, sha, fmt),
            finish=self._link_scripts,
        )

    def _link_scripts(self, summary: ImportSummary) -> None:
        """Near-duplicate scripts link campaigns too (a link type of its own)."""
        if self._transcripts_added:
            from crossline.link.content import link_content

            summary.script_links = link_content(self.store, self.linker)["joined"]
            self._transcripts_added = False

    def _batch(self, batch: list[Item], summary: ImportSummary, sha: str, fmt: str) -> None:
        now = utcnow()
        rejected = [i for i in batch if isinstance(i, Rejected)]
        candidates = [i for i in batch if isinstance(i, Report)]
        unique: dict[str, Report] = {}
        prints: dict[str, str] = {}
        later: list[Item] = []  # newer versions of a report seen earlier in this batch
        for r in candidates:
            fp = fingerprint(r)
            if r.id not in unique:
                unique[r.id], prints[r.id] = r, fp
            elif prints[r.id] != fp and self.versions:
                later.append(r)
            # else: a repeated row (same content) in one batch is a duplicate
        with self.store.read() as conn:
            known = self.store.existing_report_ids(conn, list(unique))
            stored_prints = store_intake.content_shas(conn, sorted(known))
        # CPU work outside the write transaction, so readers and other imports go on.
        fresh = [r for r in unique.values() if r.id not in known]
        # Same reference, other content: a corrected complaint (a row stored before
        # fingerprints were kept has none and counts as a duplicate).
        changed = [
            r
            for r in unique.values()
            if self.versions and stored_prints.get(r.id) not in (None, prints[r.id])
        ]
        # Bounded after the fingerprint is taken: the whole text decides what is new.
        fresh = [bound_report(r, self.max_text_bytes, self.attachments) for r in fresh]
        changed = [bound_report(r, self.max_text_bytes, self.attachments) for r in changed]
        for hook in self.on_arrival:  # freeze requests for complaints with a payment: first
            hook(self.store, fresh, now)
        work = fresh + changed
        extracted_all = extract_reports(work, self.secret)
        labels_all = self._classify(work)
        extracted, labels = extracted_all[: len(fresh)], labels_all[: len(fresh)]
        updates = [
            Update(r, e, label)
            for r, e, label in zip(
                changed, extracted_all[len(fresh) :], labels_all[len(fresh) :], strict=True
            )
        ]
        with self.store.transaction() as conn:
            self.store.dialect.link_lock(conn)
            # Another import may have stored some of them meanwhile.
            known = self.store.existing_report_ids(conn, [r.id for r in fresh])
            keep = [i for i, r in enumerate(fresh) if r.id not in known]
            reports = [fresh[i] for i in keep]
            self._transcripts_added |= fmt in TRANSCRIPT_FORMATS and any(
                r.channel in CONTENT_CHANNELS and r.text for r in reports
            )
            extracted = [extracted[i] for i in keep]
            rows = [
                report_row(
                    r,
                    e,
                    import_id=summary.import_id,
                    secret=self.secret,
                    now=now,
                    classification=labels[i],
                )
                for i, r, e in zip(keep, reports, extracted, strict=True)
            ]
            sights = [
                s for r, e in zip(reports, extracted, strict=True) for s in sighting_rows(r.id, e)
            ]
            ind_rows, links = indicator_rows(list(zip(reports, extracted, strict=True)))
            plan = self.linker.plan(conn, links)
            for row, r in zip(rows, reports, strict=True):
                row["component_id"] = plan.reports.get(row["id"])
                row["marking"] = self._marking(r)
                row["content_sha"], row["version"] = prints[r.id], 1
                if self.pap:
                    row["pap"] = self.pap
            for ind in ind_rows:
                ind["component_id"] = plan.indicators.get(ind["id"])
            self.store.insert_reports(conn, rows)
            self.store.upsert_indicators(conn, ind_rows)
            self.store.insert_sightings(conn, sights)
            self.store.insert_victim_contacts(
                conn,
                [v for r, e in zip(reports, extracted, strict=True) for v in victim_rows(r.id, e)],
            )
            self.store.quarantine_rows(conn, quarantine_rows(rejected, summary, sha, now))
            outcome = self.linker.apply(conn, links, plan, rows)
            _, touched = apply_updates(
                conn, self.store, self.linker, updates, import_id=summary.import_id,
                secret=self.secret, now=now, marking=self._marking,
            )  # fmt: skip
            warned = self._warnings(conn, [*reports, *changed], summary, sha, fmt, now)
            summary.rows_read += len(batch) - len(later)
            summary.stored += len(reports) + len(changed)
            summary.updated += len(changed)
            summary.warnings += warned
            summary.duplicates += len(candidates) - len(later) - len(reports) - len(changed)
            summary.quarantined += len(rejected)
            summary.indicators += len(ind_rows)
            summary.sightings += len(sights)
            summary.campaigns_touched += len(outcome.touched | touched)
            summary.merged += outcome.merged
            summary.newly_common.extend(v.indicator_id for v in outcome.newly_common)
            self.store.update_import(conn, summary.import_id, **summary.progress())
        if reports or changed:
            self.after_link([r.id for r in [*reports, *changed]])
        if later:
            self._batch(later, summary, sha, fmt)

    def _marking(self, report: Report) -> str:
        return marking_of(report, self.marking)

    def _warnings(
        self,
        conn: Any,
        reports: list[Report],
        summary: ImportSummary,
        sha: str,
        fmt: str,
        now: Any,
    ) -> int:
        """Store the field warnings of the stored rows; how many were new."""
        rows = [
            {
                "id": make_id("warning", sha, r.id, str(w.line), w.field),
                "import_id": summary.import_id,
                "report_id": r.id,
                "file": summary.path,
                "file_sha256": sha,
                "format": fmt,
                "line": w.line,
                "field": w.field[:128],
                "raw": w.raw,
                "reason": w.reason,
                "created_at": now,
            }
            for r in reports
            for w in r.warnings
        ]
        return store_intake.record_warnings(conn, rows)

    def _classify(self, reports: list[Report]) -> list[Any]:
        if self.classifier is None or not reports:
            return [None] * len(reports)
        out: list[Any] = []
        # The classifier's feature matrices grow with the batch: keep them small.
        for start in range(0, len(reports), CLASSIFY_CHUNK):
            part = reports[start : start + CLASSIFY_CHUNK]
            out.extend(
                self.classifier(
                    [r.text or "" for r in part],
                    channels=[r.channel for r in part],
                    source_categories=[r.category for r in part],
                    sources=[r.source for r in part],
                )
            )
        return out
