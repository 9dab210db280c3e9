"""The registry of source formats, and detection from a file's first bytes.

``detect(path)`` looks at the head of the file (after refusing binary or empty
files) and asks each reader, in a fixed order, whether it recognises it; the
first that does wins. ``detect(path, "ncrp_csv")`` skips detection (the CLI's
``--format``). A file no reader recognises raises :class:`UnknownFormatError`
listing every format and what its header needs.
"""

from __future__ import annotations

from pathlib import Path

from crossline.errors import UnknownFormatError
from crossline.ingest.base import Reader
from crossline.ingest.cfpb import CfpbCsv
from crossline.ingest.ftc_dnc import FtcDncApiJson, FtcDncCsv, FtcDncNumbers
from crossline.ingest.jsonl import JsonLines
from crossline.ingest.ncrp import NcrpCsv, NcrpJson
from crossline.ingest.sentinel import SentinelCsv
from crossline.ingest.textio import inspect
from crossline.ingest.transcripts import TranscriptsCsv

# Detection order: the most specific signatures first. JSON Lines before the JSON
# arrays (a canonical line may mention any field name); among CSV formats the
# required column sets do not overlap, so the order there only breaks ties.
_ORDER: tuple[Reader, ...] = (
    JsonLines(),
    FtcDncApiJson(),
    NcrpJson(),
    FtcDncNumbers(),
    NcrpCsv(),
    CfpbCsv(),
    SentinelCsv(),
    FtcDncCsv(),
    TranscriptsCsv(),
)

READERS: dict[str, Reader] = {reader.name: reader for reader in _ORDER}


def detect(path: Path, fmt: str | None = None, *, encoding: str | None = None) -> Reader:
    """The reader for ``path``: ``READERS[fmt]`` when given, else the one that sniffs it.

    Raises :class:`UnreadableFileError` for a missing, empty or binary file and
    :class:`UnknownFormatError` for an unknown ``fmt`` or an unrecognised file.
    """
    path = Path(path)
    if fmt is not None:
        reader = READERS.get(fmt)
        if reader is None:
            raise UnknownFormatError(
                f"unknown format {fmt!r}; known formats:\n{describe_formats()}",
                format=fmt,
                known=sorted(READERS),
            )
        return reader
    inspected = inspect(path, encoding)
    for reader in _ORDER:
        if reader.sniff(path, inspected.head):
            return reader
    first = inspected.first_line[:200]
    raise UnknownFormatError(
        f"{path}: the file matches no known format (first line: {first!r}). Name one with "
        f"--format; known formats and what each needs:\n{describe_formats()}",
        path=str(path),
        known=sorted(READERS),
    )


def describe_formats() -> str:
    """One line per format: name, what it is, and what its header must contain."""
    lines = []
    for reader in _ORDER:
        hint = getattr(reader, "header_hint", "")
        lines.append(f"  {reader.name}: {reader.description}; needs {hint}")
    return "\n".join(lines)
