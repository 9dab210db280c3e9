"""Importing complaint files and reports: the one place an importer is built, with the
classifier, the money hook (freeze requests) and the alert hook wired in."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from crossline.classify import classify_many
from crossline.classify.reclassify import model_version
from crossline.config import Settings
from crossline.domain import Report
from crossline.ingest.bulk import BulkImporter, use_bulk
from crossline.ingest.pipeline import Classifier, Hooks, Importer, ImportSummary
from crossline.money.hook import on_arrival
from crossline.node.job_worker import get_job, run_job, upload_path
from crossline.share.alerts import on_reports_linked
from crossline.share.watch import on_reports_linked as on_watched_reports
from crossline.store import Store, open_store

SKIPPED_NAMES = (".", "README", "PROVENANCE")


class _Tagged:
    """The classifier with each result's tags naming the model version (a class, not a
    closure, so that the bulk path's worker processes can be given it)."""

    def __init__(self, version: str) -> None:
        self.version = version

    def __call__(self, texts: list[str], **kw: Any) -> list[Any]:
        return [
            replace(c, tags={**dict(c.tags), "model": self.version})
            for c in classify_many(texts, **kw)
        ]


def classifier() -> Classifier:
    """The scam-type classifier, with each result's tags naming the model version."""
    return _Tagged(model_version())


def pipeline_hooks(store: Store, settings: Settings, *, classify: bool = True) -> Hooks:
    """The node's work around an import: classify, freeze requests on arrival, alerts."""
    return Hooks(
        classifier=classifier() if classify else None,
        on_arrival=(on_arrival,),
        after_link=lambda report_ids: after_link(store, settings, report_ids),
    )


def after_link(store: Store, settings: Settings, report_ids: Sequence[str]) -> None:
    """What runs once a batch is linked: partner alerts, then analysts' watchlists."""
    on_reports_linked(store, settings, report_ids)
    on_watched_reports(store, settings, report_ids)


def importer_for(
    store: Store,
    settings: Settings,
    *,
    classify: bool = True,
    progress: Callable[[int], None] | None = None,
    marking: str | None = None,
    pap: str | None = None,
    batch_size: int | None = None,
    bulk: bool = False,
    workers: int | None = None,
) -> Importer:
    """An importer on ``store`` with every hook of the node wired in; ``bulk``: the bulk
    path (``ingest.bulk``: same results, for large files), with ``workers`` processes."""
    extra: dict[str, Any] = {"batch_size": batch_size} if batch_size else {}
    if bulk:
        return BulkImporter(
            store,
            settings,
            workers=workers,
            hooks=pipeline_hooks(store, settings, classify=classify),
            progress=progress,
            marking=marking,
            pap=pap,
            **extra,
        )
    return Importer(
        store,
        settings,
        hooks=pipeline_hooks(store, settings, classify=classify),
        progress=progress,
        marking=marking,
        pap=pap,
        **extra,
    )


def run_import_job(settings: Settings, job_id: str) -> None:
    """Import one queued upload, in the import worker process (see
    :mod:`crossline.node.job_worker`): its own connection to the store, the same
    importer as every other face, the outcome on the job's row."""
    store = open_store(settings, migrate=False)  # the server migrated it before queuing

    def importer(progress: Callable[[int], None]) -> Importer:
        # A large upload takes the bulk path, as ``crossline ingest`` does.
        path = upload_path(settings, get_job(store, job_id))
        bulk = path.is_file() and use_bulk(path, None, settings.bulk_min_bytes)
        return importer_for(store, settings, progress=progress, bulk=bulk)

    try:
        run_job(store, settings, job_id, importer)
    finally:
        store.close()


def expand_paths(paths: Sequence[str | Path]) -> list[Path]:
    """Files in order; a directory stands for its files, sorted by name (notes skipped)."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(
                sorted(
                    f for f in p.iterdir() if f.is_file() and not f.name.startswith(SKIPPED_NAMES)
                )
            )
        else:
            files.append(p)
    return files


def import_paths(
    settings: Settings,
    paths: Sequence[str | Path],
    *,
    fmt: str | None = None,
    source: str | None = None,
    jurisdiction: str | None = None,
    progress: Callable[[int], None] | None = None,
    store: Store | None = None,
    marking: str | None = None,
    pap: str | None = None,
    batch_size: int | None = None,
    encoding: str | None = None,
    bulk: bool | None = None,
) -> list[ImportSummary]:
    """Import files in order; directories are expanded to their files, sorted by name.

    ``encoding``: the files' text encoding; None to detect each file's. ``bulk``: the
    bulk path for every file (True), for none (False), or for files of at least
    ``settings.bulk_min_bytes`` (None).
    """
    files = expand_paths(paths)
    own = store is None
    store = store or open_store(settings)
    try:
        importers: dict[bool, Importer] = {}

        def importer(path: Path) -> Importer:
            bulk_path = use_bulk(path, bulk, settings.bulk_min_bytes)
            if bulk_path not in importers:
                importers[bulk_path] = importer_for(
                    store, settings, progress=progress, marking=marking, pap=pap,
                    batch_size=batch_size, bulk=bulk_path,
                )  # fmt: skip
            return importers[bulk_path]

        return [
            importer(f).import_file(
                f, fmt, source=source, jurisdiction=jurisdiction, encoding=encoding
            )
            for f in files
        ]
    finally:
        if own:
            store.close()


def import_reports(
    store: Store, settings: Settings, reports: Sequence[Report], *, label: str
) -> ImportSummary:
    """Reports built elsewhere (the API, a partner's feed) through the whole pipeline."""
    return importer_for(store, settings).import_reports(list(reports), label=label)
