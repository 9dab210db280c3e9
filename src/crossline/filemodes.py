"""The node's files are its own: home 0700, data files 0600, whatever the umask.

The home holds victims' data (the SQLite database and its WAL, uploads, backups,
evidence, call records) beside the node's keys. A umask of 022 or 002 would leave all of
it readable by every local account, so the node does not rely on the umask: it creates
its directories and files with owner-only modes and corrects any it finds wider.

SQLite creates its ``-wal``, ``-shm`` and ``-journal`` files with the mode of the
database file, so the database is created 0600 before SQLite first opens it.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def private_dir(path: Path) -> Path:
    """``path`` as a directory only its owner can enter (created with missing parents)."""
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    _narrow(path, PRIVATE_DIR)
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` empty if missing, owner read/write only; an existing one is narrowed."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE)
    try:
        mode = stat.S_IMODE(os.fstat(fd).st_mode)
        if mode & 0o077:
            os.fchmod(fd, mode & ~0o077)
    finally:
        os.close(fd)
    return path


def write_once(path: Path, data: bytes) -> None:
    """Create ``path`` (owner-only) holding ``data``, unless it exists already.

    The data is written whole to a private file beside it and then linked into place, so
    a reader racing the first use (a worker, a request, a second process starting) never
    sees a half-written file, and when two create it at once the first one wins for both.
    """
    path.parent.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)  # an existing one kept
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        with contextlib.suppress(FileExistsError):  # the first writer wins for both
            os.link(tmp, path)
    finally:
        os.unlink(tmp)


def sqlite_database(path: Path) -> None:
    """The database file (and any side file present) exists and is owner-only."""
    private_file(path)
    for suffix in SQLITE_SIDE_FILES:
        side = path.with_name(path.name + suffix)
        if side.exists():
            _narrow(side, PRIVATE_FILE)


def secure_home(home: Path) -> Path:
    """Make ``home`` 0700 and take group and other bits off everything inside it.

    Owner bits are kept (evidence files are read-only on purpose). Symbolic links are not
    followed: a link inside the home must not make the node change modes elsewhere.
    """
    private_dir(home)
    for root, dirs, files in os.walk(home, followlinks=False):
        for name in dirs:
            _narrow(Path(root) / name, PRIVATE_DIR)
        for name in files:
            _narrow(Path(root) / name, None)
    return home


def _narrow(path: Path, wanted: int | None) -> None:
    """Remove group and other bits (``wanted`` also sets the owner's)."""
    try:
        st = path.lstat()
    except FileNotFoundError:  # removed while we walked
        return
    if stat.S_ISLNK(st.st_mode):
        return
    mode = stat.S_IMODE(st.st_mode)
    target = wanted if wanted is not None else mode & ~0o077
    if mode != target:
        os.chmod(path, target)
