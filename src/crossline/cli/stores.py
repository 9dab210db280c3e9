"""The node's store as a command opens it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from crossline.config import Settings
from crossline.node.audit import AuditLog
from crossline.store import Store, open_store


@contextmanager
def audited_store(settings: Settings) -> Iterator[tuple[Store, AuditLog]]:
    """The node's store with an audit log that writes each entry as it is recorded: a
    command exits soon after, and no entry may be left waiting in a background writer.
    The store is closed when the block ends, however it ends."""
    with open_store(settings) as store:
        audit = AuditLog(store, background=False)
        yield store, audit
        audit.flush()
