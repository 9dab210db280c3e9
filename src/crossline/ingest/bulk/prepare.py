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
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from crossline.domain import Report
from crossline.indicators import LINKABLE_KINDS, Found, extract_many
from crossline.ingest.base import Item
from crossline.ingest.bounds import bound_report
from crossline.ingest.bulk.normalise import fingerprint
from crossline.ingest.bulk.values import INDICATOR_COLUMNS, Values, indicator_rows
from crossline.ingest.stages import (
    TEXT_FIELD,
    Extracted,
    Seen,
    from_field,
    marking_of,
    report_row,
    sighting_rows,
    split_roles,
    victim_rows,
)
from crossline.store.bulk_encode import SQLITE, DriverDialect, Encoder

Classifier = Callable[..., list[Any]]
# Texts per classifier call: the classifier works each distinct normalised input once
# and bounds its matrices by those (``classify.classifier.DISTINCT_BATCH``), so a whole
# chunk is given at once to let a script pasted across the chunk be worked once.
CLASSIFY_CHUNK = 20_000
SIGHTING_COLUMNS = ("report_id", "indicator_id", "field", "start", "end", "raw", "count")
VICTIM_COLUMNS = ("report_id", "indicator_id", "field", "start", "end", "kind")
# The column the writer adds to each report's row: the time of the write.
WRITTEN_AT = "created_at"


@dataclass(frozen=True)
class Context:
    """What the CPU stage needs of the importer (picklable: sent to worker processes).
    ``dialect``: the store's, as :func:`crossline.store.bulk_encode.positional_dialect`
    gives it (rows are worked into driver parameters); ``marking``: the importer's
    forced marking, if any."""

    secret: bytes
    max_text_bytes: int
    attachments: Path
    classifier: Classifier | None
    import_id: str = ""
    dialect: DriverDialect = SQLITE
    marking: str | None = None
    pap: str | None = None


@dataclass(slots=True)
class Worked:
    """A chunk's reports, worked, as columns in the order of the chunk's reports (the
    writer holds the reports as read): ids, content fingerprints (taken on the whole
    text), sources, the stored report where bounding changed it, and the rows as driver
    parameters: ``reports`` (without the time of the write), ``sightings`` and
    ``victims`` per report, the chunk's distinct ``values``, and ``indicators``: the
    chunk's aggregated indicator rows, what is stored when every report is new."""

    report_columns: tuple[str, ...]
    ids: list[str] = field(default_factory=list)
    prints: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    bounded: dict[int, Report] = field(default_factory=dict)
    reports: list[tuple[Any, ...]] = field(default_factory=list)
    sightings: list[list[tuple[Any, ...]]] = field(default_factory=list)
    victims: list[list[tuple[Any, ...]]] = field(default_factory=list)
    seen_at: list[datetime | None] = field(default_factory=list)
    values: Values = field(default_factory=Values)
    indicators: list[tuple[Any, ...]] = field(default_factory=list)


def prepare(items: Sequence[Item], ctx: Context) -> Worked:
    """The chunk's reports worked (see :class:`Worked`); rejected items are left out."""
    reports = [i for i in items if isinstance(i, Report)]
    prints = [fingerprint(r) for r in reports]
    # Bounded after the fingerprint is taken: the whole text decides what is new.
    bounded = [bound_report(r, ctx.max_text_bytes, ctx.attachments) for r in reports]
    extracted = extract_all(bounded, ctx.secret)
    labels = classify_all(bounded, ctx.classifier)
    rows = [
        _row(b, e, lab, p, ctx)
        for b, e, lab, p in zip(bounded, extracted, labels, prints, strict=True)
    ]
    columns = tuple(rows[0]) if rows else ()
    enc = encoders(ctx.dialect, columns)
    out = Worked(columns, prints=prints)
    for k, (b, r, e, row) in enumerate(zip(bounded, reports, extracted, rows, strict=True)):
        out.ids.append(b.id)
        out.sources.append(b.source)
        if b is not r:
            out.bounded[k] = b
        out.reports.append(enc.reports.encode(list(row.values())))
        out.sightings.append(enc.sightings.encode_dicts(sighting_rows(b.id, e)))
        out.victims.append(enc.victims.encode_dicts(victim_rows(b.id, e)))
        out.seen_at.append(b.seen_at)
        out.values.add(e)
    everything = indicator_rows(out.values, out.seen_at, range(len(reports)))
    out.indicators = enc.indicators.encode_dicts(everything)
    return out


@dataclass(frozen=True)
class Encoders:
    """The encoders of one store's dialect, for one set of report columns."""

    reports: Encoder
    sightings: Encoder
    victims: Encoder
    indicators: Encoder


@lru_cache(maxsize=8)
def encoders(dialect: DriverDialect, report_columns: tuple[str, ...]) -> Encoders:
    """Built once per process (they compile their statements when first used)."""
    return Encoders(
        Encoder(dialect, "reports", report_columns, trailing=(WRITTEN_AT,)),
        Encoder(dialect, "sightings", SIGHTING_COLUMNS),
        Encoder(dialect, "victim_contacts", VICTIM_COLUMNS),
        Encoder(dialect, "indicators", INDICATOR_COLUMNS),
    )


def _row(report: Report, extracted: Extracted, label: Any, fp: str, ctx: Context) -> dict:
    row = report_row(
        report, extracted, import_id=ctx.import_id, secret=ctx.secret, now=None,  # type: ignore[arg-type]
        classification=label,
    )  # fmt: skip
    del row[WRITTEN_AT]
    row["content_sha"], row["version"] = fp, 1
    row["marking"] = marking_of(report, ctx.marking)
    if ctx.pap:
        row["pap"] = ctx.pap
    return row


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
