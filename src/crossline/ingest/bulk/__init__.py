"""The bulk import path: columnar chunks from reader to store, linking once per import.

Modules, in the order a chunk meets them: :mod:`.read` (chunks, worker processes),
:mod:`.prepare` (fingerprint, bound, extract, classify; each distinct input once),
:mod:`.write` (rows, one ``executemany`` per table), :mod:`.link` (components over
integer ids, the common-value rule where it can bite), :mod:`.importer` (the run).

:func:`use_bulk` is the rule that picks this path for large files.
"""

from __future__ import annotations

from pathlib import Path

from crossline.ingest.bulk.importer import BulkImporter


def use_bulk(path: str | Path, forced: bool | None, min_bytes: int) -> bool:
    """Whether to import ``path`` on the bulk path: as forced (``--bulk/--no-bulk``),
    else when the file is at least ``min_bytes`` long (below that, the worker processes'
    start costs more than they save)."""
    if forced is not None:
        return forced
    return Path(path).stat().st_size >= min_bytes


__all__ = ["BulkImporter", "use_bulk"]
