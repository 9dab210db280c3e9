"""The CPU stage of a bulk import, on one chunk of read items: fingerprint, bound,
extract, classify, rows. Pure (values in, values out), so it runs in worker processes.

Each stage gives, row for row, what the row path (``ingest.pipeline``) gives: the same
functions are called, but each distinct input is worked once per chunk. Real files
repeat themselves (one scam script pasted into thousands of complaints, one number in
every row of a carrier's export): a narrative is scanned once per jurisdiction and a
(text, channel, category, source) is classified once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crossline.domain import Rejected, Report
from crossline.indicators import LINKABLE_KINDS, Found, extract_many
from crossline.ingest.base import Item
from crossline.ingest.bounds import bound_report
from crossline.ingest.bulk.normalise import fingerprint
from crossline.ingest.stages import (
    TEXT_FIELD,
    Extracted,
    Seen,
    from_field,
    report_row,
    sighting_rows,
    split_roles,
    victim_rows,
)

Classifier = Callable[..., list[Any]]
# Texts per classifier call: the classifier works each distinct normalised input once
# and bounds its matrices by those (``classify.classifier.DISTINCT_BATCH``), so a whole
# chunk is given at once to let a script pasted across the chunk be worked once.
CLASSIFY_CHUNK = 20_000


@dataclass(frozen=True)
class Context:
    """What the CPU stage needs of the importer (picklable: sent to worker processes)."""

    secret: bytes
    max_text_bytes: int
    attachments: Path
    classifier: Classifier | None
    import_id: str = ""


@dataclass(frozen=True, slots=True)
class Ready:
    """One read report, worked: its content fingerprint (taken on the whole text), the
    report bounded for storage, its values, its classification, and its rows as the
    row path builds them (built here, in the worker processes: the one writer only
    adds the time of the write, the marking and the PAP to the report's row)."""

    id: str
    print: str
    report: Report  # bounded: what is stored
    original: Report  # as read: what the row path is given back when it takes the row
    extracted: Extracted
    label: Any
    row: dict[str, Any]  # the ``reports`` row, without ``created_at`` and ``marking``
    sightings: list[dict[str, Any]]
    victims: list[dict[str, Any]]


def prepare(items: Sequence[Item], ctx: Context) -> list[Ready | Rejected]:
    """The chunk's items in order, reports worked (see :class:`Ready`)."""
    reports = [i for i in items if isinstance(i, Report)]
    prints = [fingerprint(r) for r in reports]
    # Bounded after the fingerprint is taken: the whole text decides what is new.
    bounded = [bound_report(r, ctx.max_text_bytes, ctx.attachments) for r in reports]
    extracted = extract_all(bounded, ctx.secret)
    labels = classify_all(bounded, ctx.classifier)
    ready = iter(
        Ready(b.id, p, b, r, e, lab, _row(b, e, lab, p, ctx), *_value_rows(b.id, e))
        for b, r, p, e, lab in zip(bounded, reports, prints, extracted, labels, strict=True)
    )
    return [next(ready) if isinstance(i, Report) else i for i in items]


def _row(report: Report, extracted: Extracted, label: Any, fp: str, ctx: Context) -> dict:
    row = report_row(
        report, extracted, import_id=ctx.import_id, secret=ctx.secret, now=None,  # type: ignore[arg-type]
        classification=label,
    )  # fmt: skip
    row["content_sha"], row["version"] = fp, 1
    return row


def _value_rows(report_id: str, extracted: Extracted) -> tuple[list[dict], list[dict]]:
    return sighting_rows(report_id, extracted), victim_rows(report_id, extracted)


def extract_all(reports: Sequence[Report], card_key: bytes | None) -> list[Extracted]:
    """``stages.extract_reports`` with each distinct (text, jurisdiction) scanned once."""
    keys = [(r.text or "", r.jurisdiction) for r in reports]
    distinct = list(dict.fromkeys(keys))
    found = extract_many([t for t, _ in distinct], [j for _, j in distinct], card_key=card_key)
    by_key: dict[tuple[str, str], list[Found]] = dict(zip(distinct, found, strict=True))
    out: list[Extracted] = []
    for report, key in zip(reports, keys, strict=True):
        seen, invalid = from_field(report, card_key)
        seen.extend(Seen(f, TEXT_FIELD, f.start) for f in by_key[key])
        pii = tuple(sorted({s.found.kind for s in seen if s.found.kind not in LINKABLE_KINDS}))
        suspect, victim = split_roles(report, [s for s in seen if s.found.kind in LINKABLE_KINDS])
        out.append(Extracted(tuple(suspect), tuple(invalid), pii, tuple(victim)))
    return out


def classify_all(reports: Sequence[Report], classifier: Classifier | None) -> list[Any]:
    """The classifier's answer per report, each distinct input classified once."""
    if classifier is None or not reports:
        return [None] * len(reports)
    keys = [(r.text or "", r.channel, r.category, r.source) for r in reports]
    distinct = list(dict.fromkeys(keys))
    labels: list[Any] = []
    for start in range(0, len(distinct), CLASSIFY_CHUNK):
        part = distinct[start : start + CLASSIFY_CHUNK]
        labels.extend(
            classifier(
                [k[0] for k in part],
                channels=[k[1] for k in part],
                source_categories=[k[2] for k in part],
                sources=[k[3] for k in part],
            )
        )
    by_key = dict(zip(distinct, labels, strict=True))
    return [by_key[k] for k in keys]
