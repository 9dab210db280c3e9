"""Shared code of the reader tests (a uniquely named module: the tests are not a package)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from crossline.domain import Rejected, Report
from crossline.ingest.base import ReadOptions
from crossline.ingest.formats import READERS

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"


def shared_data() -> Path | None:
    """The project's ../shared/data folder (or $CROSSLINE_SHARED_DATA), if present."""
    env = os.environ.get("CROSSLINE_SHARED_DATA")
    root = Path(env) if env else Path(__file__).resolve().parents[2] / ".." / "shared"
    for candidate in (root / "data", root):
        if (candidate / "ftc-dnc-reported-numbers").is_dir():
            return candidate.resolve()
    return None


def read(fmt: str, path: Path, **options: str) -> list[Report | Rejected]:
    """Every item a reader yields for ``path``."""
    return list(READERS[fmt].read(path, ReadOptions(**options)))


def reports(items: Iterable[object]) -> list[Report]:
    return [i for i in items if isinstance(i, Report)]


def rejected(items: Iterable[object]) -> list[Rejected]:
    return [i for i in items if isinstance(i, Rejected)]


def write(directory: Path, name: str, content: str | bytes) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path
