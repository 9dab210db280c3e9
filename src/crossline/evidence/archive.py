"""Reading and writing a package as a directory or a ``.zip`` (zip64, streamed).

Both faces offer the same few calls, so export, verification and import never care
which one they hold. Files are streamed in 1 MiB chunks and hashed as they pass.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import IO, Any, BinaryIO

from crossline.errors import EvidenceError
from crossline.evidence.content import hash_stream


def _member(name: str) -> str:
    """Refuse names that would escape the package (absolute, ``..``, backslashes)."""
    p = PurePosixPath(name)
    if p.is_absolute() or ".." in p.parts or "\\" in name or not name:
        raise EvidenceError(f"unsafe path in package: {name!r}", path=name)
    return str(p)


class Writer:
    """Writes members into a directory or a zip file."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.zip: zipfile.ZipFile | None = None
        if out.suffix.lower() == ".zip":
            out.parent.mkdir(parents=True, exist_ok=True)
            # Stored, not deflated: recordings and images are compressed already, and a
            # court's tools open stored members most easily.
            self.zip = zipfile.ZipFile(out, "x", zipfile.ZIP_STORED, allowZip64=True)
        else:
            if out.exists() and any(out.iterdir()):
                raise EvidenceError(f"{out} exists and is not empty", path=str(out))
            out.mkdir(parents=True, exist_ok=True)

    @contextmanager
    def _open(self, name: str) -> Iterator[IO[bytes]]:
        name = _member(name)
        if self.zip is not None:
            with self.zip.open(name, "w", force_zip64=True) as fh:
                yield fh
        else:
            path = self.out / name
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "xb", buffering=0) as fh:
                yield fh
                os.fsync(fh.fileno())

    def write_stream(self, name: str, src: BinaryIO) -> tuple[str, int]:
        """Copy ``src`` into member ``name``; the SHA-256 and size of what was written."""
        with self._open(name) as fh:
            return hash_stream(src, sink=fh.write)

    def write_bytes(self, name: str, data: bytes) -> None:
        with self._open(name) as fh:
            fh.write(data)

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()


class Reader:
    """Reads members of a package directory or zip file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip: zipfile.ZipFile | None = None
        self._names: set[str] | None = None
        if path.is_file():
            try:
                self.zip = zipfile.ZipFile(path)
            except zipfile.BadZipFile as exc:
                raise EvidenceError(f"{path} is not a zip file", path=str(path)) from exc
        elif not path.is_dir():
            raise EvidenceError(f"no package at {path}", path=str(path))

    def names(self) -> set[str]:
        if self._names is None:
            if self.zip is not None:
                self._names = {i.filename for i in self.zip.infolist() if not i.is_dir()}
            else:
                self._names = {
                    p.relative_to(self.path).as_posix() for p in self.path.rglob("*") if p.is_file()
                }
        return self._names

    def has(self, name: str) -> bool:
        return name in self.names()

    def open(self, name: str) -> BinaryIO:
        name = _member(name)
        try:
            if self.zip is not None:
                return self.zip.open(name)  # type: ignore[return-value]
            return open(self.path / name, "rb")
        except (KeyError, FileNotFoundError) as exc:
            raise EvidenceError(f"{name} is missing from the package", path=name) from exc

    def read(self, name: str) -> bytes:
        with self.open(name) as fh:
            return fh.read()

    def digest(self, name: str) -> tuple[str, int]:
        with self.open(name) as fh:
            return hash_stream(fh)

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
