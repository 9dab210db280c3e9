"""Bounds on what one row may cost an import.

A report's text is stored and scanned for values up to ``Settings.max_text_bytes``
(64 KiB by default: ~30 pages, far more than any complaint or call transcript a person
writes). Beyond that the text is not scanned: a 52 MB narrative that repeats one
number 2.5 million times would otherwise cost minutes of extraction, millions of
sightings and gigabytes of database for one complaint. The whole text is kept in a
content-addressed attachment file under the node's home (``attachments/<sha256>.txt``,
so a re-import writes nothing new) and the report says where.

Each value is recorded once per report and field, with the number of times it occurs
(``stages.sighting_rows``).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from pathlib import Path

from crossline.domain import Report

DEFAULT_MAX_TEXT_BYTES = 64 * 1024


def bounded_text(text: str, max_bytes: int, data: bytes | None = None) -> str | None:
    """The longest prefix of ``text`` of at most ``max_bytes`` UTF-8 bytes; None when the
    whole text fits (the common case: no copy). ``data``: the text already encoded."""
    if len(text) * 4 <= max_bytes:  # no character takes more than 4 bytes
        return None
    if data is None:
        data = text.encode("utf-8", "surrogatepass")
    if len(data) <= max_bytes:
        return None
    return data[:max_bytes].decode("utf-8", "ignore")


def bound_report(report: Report, max_bytes: int, attachments: Path) -> Report:
    """``report`` with its text cut to ``max_bytes`` and the whole text in an attachment."""
    text = report.text
    if not text or len(text) * 4 <= max_bytes:
        return report
    data = text.encode("utf-8", "surrogatepass")
    cut = bounded_text(text, max_bytes, data)
    if cut is None:
        return report
    digest = hashlib.sha256(data).hexdigest()
    path = attachments / f"{digest}.txt"
    if not path.exists():
        attachments.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.part")
        tmp.write_bytes(data)
        tmp.replace(path)  # atomic: a concurrent import of the same text sees it whole
    note = {
        "sha256": digest,
        "path": f"attachments/{path.name}",
        "bytes": len(data),
        "stored_and_scanned_bytes": max_bytes,
    }
    return replace(report, text=cut, extra={**report.extra, "text_attachment": note})
