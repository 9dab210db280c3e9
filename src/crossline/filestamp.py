"""A counter in a file of the node's home, moved by every change of some kind of data.

Server processes keep answers read from the database in memory; each kept answer
holds the stamp read just before the database, and is used only while the stamp still
reads the same. Reading it is one ``pread`` on a descriptor kept open (a microsecond);
a writer moves it after its commit, so the next request in any process of the node
reads afresh. :data:`STAMP_TTL` bounds what a stamp cannot cover (the home made
read-only, the file removed, a change made by hand in the database).
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
from pathlib import Path

log = logging.getLogger("crossline.stamps")

#: Seconds an answer kept under a stamp is trusted at most.
STAMP_TTL = 5.0
#: The stamp files of a node's home. They count changes for the running processes and
#: mean nothing elsewhere: a backup leaves them out.
TOKEN_REVOCATIONS = "token-revocations"
PARTNER_CHANGES = "partner-changes"
STAMP_FILES = frozenset({TOKEN_REVOCATIONS, PARTNER_CHANGES})


class FileStamp:
    """A counter in one file, read cheaply and moved by writers (thread-safe)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self._lock = threading.Lock()

    def read(self) -> bytes | None:
        """The stamp now; None when it cannot be read (then nothing may be kept)."""
        fd = self._fd
        if fd is None:
            with self._lock:
                if self._fd is None:
                    try:
                        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
                    except OSError:
                        return None
                fd = self._fd
        try:
            return os.pread(fd, 16, 0)
        except OSError:
            return None

    def bump(self) -> None:
        """Move the stamp (after a commit): every answer kept under it is read again."""
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            log.error("cannot write the stamp %s", self.path.name)
            return
        try:
            # Two changes at once in two processes must both move it.
            fcntl.flock(fd, fcntl.LOCK_EX)
            raw = os.pread(fd, 16, 0)
            count = int(raw) if raw.strip().isdigit() else 0
            os.pwrite(fd, f"{count + 1:016d}".encode(), 0)
        finally:
            os.close(fd)

    def close(self) -> None:
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None
