"""What every source-format reader provides.

A reader turns a file into a stream of :class:`~crossline.domain.Report` (or
:class:`~crossline.domain.Rejected` for rows that cannot be used), one item per
source row, in file order. Readers do no indicator extraction and no storage:
the pipeline does that. A file that cannot be read at all raises
:class:`~crossline.errors.UnreadableFileError` *before* the first item is yielded,
so a failed import stores nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from crossline.domain import Rejected, Report

Item = Report | Rejected


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """Options common to all readers.

    ``source`` overrides the source name recorded on each report (default: the
    format's own, e.g. ``ftc_dnc``). ``jurisdiction`` overrides the format's default.
    """

    source: str | None = None
    jurisdiction: str | None = None
    encoding: str | None = None  # the file's text encoding; None: detected (see textio)


class Reader(Protocol):
    """A source format: a name, a header sniffer and a row reader."""

    name: str
    description: str

    def sniff(self, path: Path, head: bytes) -> bool:
        """True when ``head`` (the first bytes of the file) looks like this format."""
        ...

    def read(self, path: Path, options: ReadOptions) -> Iterator[Item]:
        """Yield one Report or Rejected per source row, in order."""
        ...
