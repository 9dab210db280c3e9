"""What one partner's collection should hold, computed record by record.

A publication maps the records an agreement lets go (through the sharing policy, as
:func:`~crossline.share.stix.export.partner_feed` does) to STIX objects, grouped by the
record each object is computed from, so that a publication can recompute only the
records that changed:

* ``campaign:ID`` - the campaign;
* ``indicator:ID`` - the indicator, its sighting, its ``indicates`` relationship and
  the value's SCO;
* ``report:ID`` - the report's observed-data;
* ``node`` - the preamble (markings, identities, extension definitions).

The objects are those :func:`~crossline.share.stix.export.iter_objects` builds, with
one rule made independent of reading order: a value's SCO carries the least
restrictive marking among the shared reports that hold it (the shared indicator's
marking, when the value is one), where an export stamps the first report's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from crossline.config import Settings
from crossline.share.agreements import Agreement
from crossline.share.markings import tlp_rank
from crossline.share.policy import report_kind
from crossline.share.shareable import (
    iter_campaigns,
    iter_indicators,
    iter_reports,
    own_evidence,
    query_markings,
)
from crossline.share.stix import mapping, observables
from crossline.share.stix.export import preamble
from crossline.share.stix.tlp import TLP2_IDS, strictest
from crossline.store import Store
from crossline.store.repository import chunks
from crossline.store.schema import indicators, reports, sightings

#: Records recomputed (and published objects compared) at a time.
BATCH = 500

Objects = dict[str, tuple[dict[str, Any], str]]


@dataclass(frozen=True)
class Reach:
    """A value some shared report holds: its kind, value and least strict marking."""

    kind: str
    value: str
    marking: str


class Publication:
    """The objects of one agreement's collection, computed for given records."""

    def __init__(self, store: Store, settings: Settings, agreement: Agreement) -> None:
        self.store = store
        self.agreement = agreement
        self.node_name = settings.node_name
        self.country = settings.country
        self.creator = mapping.node_identity(settings.node_name, settings.country)["id"]
        self.reports_go = report_kind(agreement) is not None

    # -- the preamble ------------------------------------------------------------------

    def preamble(self) -> Objects:
        return {o["id"]: (o, "node") for o in preamble(self.node_name, self.country)}

    # -- campaigns -----------------------------------------------------------------------

    def campaigns(self, ids: Iterable[str] | None) -> dict[str, dict[str, Any]]:
        """Shared campaign summaries (of ``ids``, or all)."""
        if "campaign" not in self.agreement.kinds:
            return {}
        if ids is None:
            return {c["id"]: c for c in iter_campaigns(self.store, self.agreement)}
        out: dict[str, dict[str, Any]] = {}
        for part in chunks(sorted(set(ids)), BATCH):
            out.update(
                (c["id"], c) for c in iter_campaigns(self.store, self.agreement, ids=list(part))
            )
        return out

    def campaign_objects(self, summaries: Mapping[str, dict[str, Any]]) -> Objects:
        out: Objects = {}
        for cid, summ in summaries.items():
            obj = mapping.campaign(summ, creator=self.creator, marking=summ["marking"])
            out[obj["id"]] = (obj, f"campaign:{cid}")
        return out

    # -- indicators and values ---------------------------------------------------------

    def reach(self, ids: Sequence[str] | None) -> dict[str, Reach]:
        """Values held by reports the agreement lets go (of indicators ``ids``, or all)."""
        markings = query_markings(self.agreement, "indicator", None) or query_markings(
            self.agreement, "report", None
        )
        if not markings:
            return {}
        s, r, i = sightings.c, reports.c, indicators.c
        q = (
            select(s.indicator_id, i.kind, i.value, r.marking)
            .join(reports, r.id == s.report_id)
            .join(indicators, i.id == s.indicator_id)
            .where(r.marking.in_(markings), own_evidence())
            .group_by(s.indicator_id, i.kind, i.value, r.marking)
        )
        found: dict[str, list[Any]] = defaultdict(list)
        with self.store.read() as conn:
            parts: Iterable[Sequence[str] | None] = [None] if ids is None else chunks(list(ids))
            for part in parts:
                qq = q if part is None else q.where(s.indicator_id.in_(list(part)))
                for row in conn.execute(qq):
                    found[row.indicator_id].append(row)
        return {
            iid: Reach(rows[0].kind, rows[0].value, min((x.marking for x in rows), key=tlp_rank))
            for iid, rows in found.items()
        }

    def indicator_objects(
        self, ids: Sequence[str], reach: Mapping[str, Reach], campaigns: Mapping[str, str]
    ) -> Objects:
        """Objects of indicators ``ids``: ``campaigns`` maps shared campaigns to markings."""
        out: Objects = {}
        shared = (
            iter_indicators(self.store, self.agreement, ids=list(ids))
            if "indicator" in self.agreement.kinds
            else iter(())
        )
        for ind in shared:
            source = f"indicator:{ind['id']}"
            marking = ind.get("marking", "TLP:AMBER")
            obj = mapping.indicator(ind, creator=self.creator, marking=marking)
            if obj is None:
                continue
            out[obj["id"]] = (obj, source)
            first = ind.get("first_seen")
            seen = mapping.sighting(
                obj["id"],
                where=self.creator,
                count=ind.get("report_count") or 0,
                first_seen=obj["valid_from"] if first else None,
                last_seen=obj["modified"] if first else None,
                marking=marking,
                created=obj["created"],
            )
            out[seen["id"]] = (seen, source)
            comp = ind.get("campaign_id")
            if comp in campaigns and not ind.get("common"):
                rel = mapping.indicates(
                    obj["id"],
                    mapping.campaign_id(comp),
                    creator=self.creator,
                    marking=strictest([marking, campaigns[comp]]),
                    created=obj["created"],
                )
                out[rel["id"]] = (rel, source)
        if self.reports_go:
            for iid in ids:
                held = reach.get(iid)
                if held is None:
                    continue
                sco = observables.sco(held.kind, held.value, TLP2_IDS[held.marking])
                if sco is not None:
                    out[sco["id"]] = (sco, f"indicator:{iid}")
        return out

    # -- reports -------------------------------------------------------------------------

    def report_batches(self, ids: Sequence[str] | None) -> Iterator[list[dict[str, Any]]]:
        """Shared reports (redacted) in batches: of ``ids``, or all."""
        if not self.reports_go:
            return
        if ids is None:
            batch: list[dict[str, Any]] = []
            for rep in iter_reports(self.store, self.agreement):
                batch.append(rep)
                if len(batch) >= BATCH:
                    yield batch
                    batch = []
            if batch:
                yield batch
            return
        for part in chunks(sorted(set(ids)), BATCH):
            yield list(iter_reports(self.store, self.agreement, ids=list(part)))

    def report_objects(
        self, batch: Iterable[dict[str, Any]], campaigns: Mapping[str, str]
    ) -> Objects:
        out: Objects = {}
        for report in batch:
            scos = [
                sco
                for item in report.get("indicators") or ()
                if (sco := observables.sco(item["kind"], item["value"])) is not None
            ]
            if not scos:
                continue  # names no value STIX can express
            obj = mapping.observed_data(
                report,
                scos,
                creator=self.creator,
                marking=report.get("marking") or "TLP:AMBER",
                campaigns=campaigns,
            )
            out[obj["id"]] = (obj, f"report:{report['id']}")
        return out
