"""The node's partner stamp: a file counter moved after every change of partners,
agreements or organisations, watched by the server processes' partner caches
(:mod:`crossline.share.partner_cache`)."""

from __future__ import annotations

from pathlib import Path

from crossline.filestamp import PARTNER_CHANGES, FileStamp
from crossline.store import Store

STAMP_NAME = PARTNER_CHANGES


def partner_stamp(home: Path) -> FileStamp:
    """The node's partner stamp (one per home: all its server processes and commands)."""
    return FileStamp(Path(home) / STAMP_NAME)


def partners_changed(store: Store) -> None:
    """Move the partner stamp of ``store``'s node (call after the commit). A store not
    opened from the node's settings has no home: other processes then see the change
    within the stamp's time bound."""
    if store.home is not None:
        partner_stamp(store.home).bump()
