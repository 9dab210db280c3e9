"""The content store: evidence files kept once each, named by their SHA-256.

Layout: ``<home>/evidence/sha256/ab/cdef...`` (the first two hex digits make a fan-out
directory). Files are streamed in through a temporary file in the same directory,
hashed on the way, flushed to disk and renamed into place, so a crash never leaves a
half-written file under a real name, and a file is never read whole into memory.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from crossline.config import Settings
from crossline.errors import EvidenceError, IntegrityError

CHUNK = 1 << 20  # 1 MiB: big enough that OpenSSL's SHA-256, not Python, sets the pace
HEX64 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Stored:
    """What the store holds for one file."""

    sha256: str
    size: int
    path: Path


def hash_stream(
    src: BinaryIO, *, sink: Callable[[memoryview], object] | None = None, chunk: int = CHUNK
) -> tuple[str, int]:
    """SHA-256 and size of everything readable from ``src``, optionally copying each chunk
    to ``sink`` (one read serves both: the copy is hashed as it is written)."""
    digest = hashlib.sha256()
    buf = bytearray(chunk)
    view = memoryview(buf)
    size = 0
    readinto = getattr(src, "readinto", None)
    while True:
        if readinto is not None:
            n = readinto(view)
            if not n:
                break
            part = view[:n]
        else:  # streams without readinto (e.g. some zip members)
            data = src.read(chunk)
            if not data:
                break
            part = memoryview(data)
            n = len(data)
        digest.update(part)
        if sink is not None:
            sink(part)
        size += n
    return digest.hexdigest(), size


def hash_file(path: Path, *, chunk: int = CHUNK) -> tuple[str, int]:
    """SHA-256 and size of a file, streamed."""
    with open(path, "rb", buffering=0) as fh:
        return hash_stream(fh, chunk=chunk)


class ContentStore:
    """Files by SHA-256 under ``root``; adding the same bytes twice stores them once."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @classmethod
    def of(cls, settings: Settings) -> ContentStore:
        return cls(settings.home / "evidence" / "sha256")

    def path_of(self, sha256: str) -> Path:
        if not HEX64.match(sha256):
            raise EvidenceError(f"not a SHA-256 digest: {sha256!r}", expected="64 hex digits")
        return self.root / sha256[:2] / sha256[2:]

    def has(self, sha256: str) -> bool:
        return self.path_of(sha256).is_file()

    def put_stream(self, src: BinaryIO, *, expect_sha256: str | None = None) -> Stored:
        """Copy ``src`` into the store; with ``expect_sha256`` refuse bytes that differ."""
        self.root.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".incoming-", dir=self.root)
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb", buffering=0) as out:
                sha, size = hash_stream(src, sink=out.write)
                out.flush()
                os.fsync(out.fileno())
            if expect_sha256 is not None and sha != expect_sha256:
                raise IntegrityError(
                    f"content has SHA-256 {sha}, expected {expect_sha256}",
                    expected=expect_sha256,
                    actual=sha,
                )
            final = self.path_of(sha)
            if final.exists():  # dedup: same bytes already held
                tmp.unlink()
            else:
                final.parent.mkdir(parents=True, exist_ok=True)
                os.chmod(tmp, 0o440)  # evidence is not edited in place
                os.replace(tmp, final)
                _fsync_dir(final.parent)
            return Stored(sha, size, final)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def put_file(self, path: Path) -> Stored:
        """Add a file from disk (streamed)."""
        try:
            with open(path, "rb", buffering=0) as fh:
                return self.put_stream(fh)
        except OSError as exc:
            raise EvidenceError(f"cannot read {path}: {exc.strerror}", path=str(path)) from exc

    def open(self, sha256: str) -> BinaryIO:
        """The stored bytes, for streaming out (NotFound as EvidenceError)."""
        path = self.path_of(sha256)
        try:
            return open(path, "rb")
        except FileNotFoundError as exc:
            raise EvidenceError(
                f"content {sha256} is missing from the evidence store", path=str(path)
            ) from exc

    def check(self, sha256: str) -> str | None:
        """None when the stored file still has its hash, else what is wrong with it."""
        path = self.path_of(sha256)
        if not path.is_file():
            return f"{path}: file is missing (expected SHA-256 {sha256})"
        actual, _size = hash_file(path)
        if actual != sha256:
            return f"{path}: SHA-256 is {actual}, expected {sha256}"
        return None


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
