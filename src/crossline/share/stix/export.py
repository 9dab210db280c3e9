"""Bundles out: a feed of records -> STIX objects -> one bundle, streamed to a file.

A :class:`Feed` is what may leave: campaign summaries, indicators and report batches as
plain dicts. The local feed (:func:`local_feed`) reads the store, redacted; a partner's
feed comes from the sharing policy, so an export for a partner holds exactly what its
agreement allows (:func:`partner_feed`). :func:`iter_objects` maps a feed to STIX
objects one at a time and :func:`write_bundle` writes them as they come, so memory
stays bounded by the number of distinct values, not by the number of reports.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import IO, Any

from crossline.config import Settings
from crossline.errors import NotAllowedError
from crossline.share.agreements import Agreement
from crossline.share.stix import mapping, observables
from crossline.share.stix.extensions import ALL as EXTENSIONS
from crossline.share.stix.extensions import project_identity
from crossline.share.stix.records import Scope, campaign_rows, indicator_rows, report_batches
from crossline.share.stix.tlp import TLP2_IDS, marking_definition, strictest
from crossline.store import Store


@dataclass
class Feed:
    """What an export may contain, as plain dicts (already redacted for its receiver)."""

    campaigns: Iterable[dict[str, Any]]
    indicators: Iterable[dict[str, Any]]
    reports: Iterable[list[dict[str, Any]]]
    partner: str | None = None
    agreement: str | None = None


@dataclass
class ExportSummary:
    """How many objects of each type an export wrote."""

    path: str | None
    bundle_id: str
    partner: str | None = None
    agreement: str | None = None
    counts: Counter[str] = field(default_factory=Counter)
    skipped_reports: int = 0  # reports naming no value STIX can express

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "bundle_id": self.bundle_id,
            "partner": self.partner,
            "agreement": self.agreement,
            "objects": sum(self.counts.values()),
            "by_type": dict(sorted(self.counts.items())),
            "skipped_reports": self.skipped_reports,
        }


def local_feed(store: Store, *, campaign_id: str | None = None) -> Feed:
    """The whole store (or one campaign), redacted: no victim data, no narrative text."""
    scope = Scope(campaign_id=campaign_id)
    return Feed(
        campaigns=campaign_rows(store, scope),
        indicators=indicator_rows(store, scope),
        reports=report_batches(store, scope),
    )


def partner_feed(
    store: Store,
    agreement: Agreement | None,
    *,
    campaign_id: str | None = None,
    purpose: str | None = None,
    since: datetime | None = None,
) -> Feed:
    """What ``agreement`` lets go to its partner, through the sharing policy.

    Each kind comes only when the agreement lists it; every record is redacted by the
    policy (markings above the agreement's, TLP:RED, victims' data never pass).
    Raises NotAllowedError when no agreement is in force.
    """
    from crossline.share.policy import report_kind
    from crossline.share.shareable import iter_campaigns, iter_indicators, iter_reports

    if agreement is None or not agreement.in_force():
        raise NotAllowedError("no sharing agreement in force for this partner")
    kw: dict[str, Any] = {"campaign_id": campaign_id, "purpose": purpose, "since": since}
    kinds = agreement.kinds
    campaigns = iter_campaigns(store, agreement, **kw) if "campaign" in kinds else iter(())
    indicators = iter_indicators(store, agreement, **kw) if "indicator" in kinds else iter(())
    reports: Iterable[list[dict[str, Any]]] = ()
    if report_kind(agreement) is not None:
        reports = _batched(iter_reports(store, agreement, **kw), 500)
    return Feed(
        campaigns=campaigns,
        indicators=indicators,
        reports=reports,
        partner=agreement.partner,
        agreement=agreement.id,
    )


def _batched(items: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def preamble(node_name: str, country: str) -> list[dict[str, Any]]:
    """Objects every bundle starts with: TLP definitions, identities, extension-definitions."""
    out = [marking_definition(m) for m in TLP2_IDS]
    out.append(project_identity())
    out.extend(e.definition() for e in EXTENSIONS)
    out.append(mapping.node_identity(node_name, country))
    return out


def iter_objects(
    feed: Feed, *, node_name: str, country: str, summary: ExportSummary | None = None
) -> Iterator[dict[str, Any]]:
    """The STIX objects of ``feed``, one at a time (preamble first)."""
    summary = summary or ExportSummary(None, "")
    creator = mapping.node_identity(node_name, country)["id"]
    for obj in preamble(node_name, country):
        summary.counts[obj["type"]] += 1
        yield obj
    campaigns: dict[str, str] = {}  # component id -> marking
    for summ in feed.campaigns:
        marking = summ.get("marking", "TLP:AMBER")
        campaigns[summ["id"]] = marking
        summary.counts["campaign"] += 1
        yield mapping.campaign(summ, creator=creator, marking=marking)
    value_marking: dict[tuple[str, str], str] = {}
    for ind in feed.indicators:
        marking = ind.get("marking", "TLP:AMBER")
        found = mapping.indicator(ind, creator=creator, marking=marking)
        if found is None:
            continue
        obj = found
        value_marking[(ind["kind"], ind["value"])] = marking
        summary.counts["indicator"] += 1
        yield obj
        yield mapping.sighting(
            obj["id"],
            where=creator,
            count=ind.get("report_count") or 0,
            first_seen=obj["valid_from"] if ind.get("first_seen") else None,
            last_seen=obj["modified"] if ind.get("first_seen") else None,
            marking=marking,
            created=obj["created"],
        )
        summary.counts["sighting"] += 1
        comp = ind.get("campaign_id", ind.get("component_id"))
        if comp in campaigns and not ind.get("common"):
            yield mapping.indicates(
                obj["id"],
                mapping.campaign_id(comp),
                creator=creator,
                marking=strictest([marking, campaigns[comp]]),
                created=obj["created"],
            )
            summary.counts["relationship"] += 1
    emitted: set[str] = set()
    for batch in feed.reports:
        for report in batch:
            marking = report.get("marking") or "TLP:AMBER"
            scos = []
            for kind, value in _values(report.get("indicators")):
                sco_marking = value_marking.get((kind, value), marking)
                sco = observables.sco(kind, value, TLP2_IDS[sco_marking])
                if sco is not None:
                    scos.append(sco)
            if not scos:
                summary.skipped_reports += 1
                continue
            for sco in scos:
                if sco["id"] not in emitted:
                    emitted.add(sco["id"])
                    summary.counts[sco["type"]] += 1
                    yield sco
            summary.counts["observed-data"] += 1
            yield mapping.observed_data(
                report, scos, creator=creator, marking=marking, campaigns=campaigns
            )


def _values(found: Any) -> Iterator[tuple[str, str]]:
    """(kind, value) pairs from a report's indicators, given as pairs or as dicts."""
    for item in found or ():
        if isinstance(item, dict):
            yield item["kind"], item["value"]
        else:
            yield item[0], item[1]


def dumps(obj: dict[str, Any]) -> str:
    """The compact JSON text of one object (what bundles and TAXII pages hold)."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def write_bundle(objects: Iterable[dict[str, Any]], fh: IO[str], *, bundle_id: str) -> int:
    """Write ``{"type": "bundle", "id": ..., "objects": [...]}`` as objects arrive."""
    fh.write(f'{{"type":"bundle","id":"{bundle_id}","objects":[')
    n = 0
    for obj in objects:
        fh.write(("," if n else "") + "\n" + dumps(obj))
        n += 1
    fh.write("\n]}\n")
    return n


def new_bundle_id() -> str:
    return f"bundle--{uuid.uuid4()}"


def export_to_file(
    feed: Feed, path: str | Path, settings: Settings, *, bundle_id: str | None = None
) -> ExportSummary:
    """Write ``feed`` as one bundle to ``path`` (written aside, then moved into place)."""
    path = Path(path)
    summary = ExportSummary(
        str(path), bundle_id or new_bundle_id(), partner=feed.partner, agreement=feed.agreement
    )
    tmp = path.with_name(path.name + ".part")
    with tmp.open("w", encoding="utf-8") as fh:
        objects = iter_objects(
            feed, node_name=settings.node_name, country=settings.country, summary=summary
        )
        write_bundle(objects, fh, bundle_id=summary.bundle_id)
    tmp.replace(path)
    return summary


def bundle_dict(feed: Feed, settings: Settings) -> dict[str, Any]:
    """The whole bundle in memory (tests, small exports)."""
    objects = list(iter_objects(feed, node_name=settings.node_name, country=settings.country))
    return {"type": "bundle", "id": new_bundle_id(), "objects": objects}
