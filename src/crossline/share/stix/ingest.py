"""Bundles in: a partner's STIX objects -> local reports, through the import pipeline.

Each observed-data becomes a report of source ``partner:NAME`` naming the values of the
SCOs it refers to (details from the ``crossline-report`` extension when the sender is a
Crossline node). Values a partner shares only as indicators become one report per
partner campaign (the indicators that *indicate* it) or, outside any campaign, one
report per indicator: "partner X holds this value". The reports then go through the
same pipeline as any file (normalize, store, link), so they join local campaigns.

Provenance is kept twice: on each report (``extra.provenance``: partner, agreement,
received_at, the STIX id, the key that signed the envelope) and on every received
object in ``stix_objects`` (direction ``in``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import select
from stix2patterns.v21.pattern import Pattern

from crossline.config import Settings
from crossline.domain import CHANNELS, Location, Report, SuspectIdentifier
from crossline.errors import ValidationError
from crossline.ingest.pipeline import Hooks, Importer
from crossline.share.envelope import open_envelope
from crossline.share.partners import Partner
from crossline.share.stix import observables
from crossline.share.stix.extensions import REPORT
from crossline.share.stix.ids import parse_timestamp
from crossline.share.stix.objects_store import Provenance, forget_rows, store_objects
from crossline.share.stix.tlp import marking_of, strictest
from crossline.share.stix.validate import check_bundle, check_objects
from crossline.store import Store
from crossline.store.repository import chunks
from crossline.store.schema_stix import stix_objects


@dataclass
class IngestSummary:
    """What one bundle (or TAXII envelope) brought in."""

    partner: str
    agreement: str | None
    objects: int = 0
    held: int = 0  # objects the partner had sent before: no report made from them again
    reports: int = 0
    stored: int = 0
    duplicates: int = 0
    campaigns_touched: int = 0
    signed_by: str | None = None
    skipped: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def unwrap(data: Any, partner: Partner) -> tuple[Any, str | None]:
    """The bundle inside a signed envelope (verified with the partner's key), or as is."""
    if isinstance(data, dict) and "signature" in data and "payload" in data:
        return open_envelope(data, partner.public_key), partner.key_id
    return data, None


def load_file(path: str | Path) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(f"{path}: not a readable JSON file ({exc})", field="file") from exc


def _pattern_objects(pattern: str) -> list[dict[str, Any]]:
    """Pseudo-SCOs from the equality comparisons of a STIX pattern."""
    try:
        comparisons = Pattern(pattern).inspect().comparisons
    except Exception:  # noqa: BLE001 - a pattern we cannot read names no value
        return []
    out = []
    for objtype, terms in comparisons.items():
        obj: dict[str, Any] = {"type": objtype}
        for path, op, literal in terms:
            if op == "=" and len(path) == 1 and isinstance(literal, str) and literal[:1] == "'":
                obj[str(path[0])] = literal[1:-1].replace("\\'", "'").replace("\\\\", "\\")
        out.append(obj)
    return out


def _suspects(objs: Iterable[dict[str, Any]]) -> tuple[SuspectIdentifier, ...]:
    out: list[SuspectIdentifier] = []
    seen: set[tuple[str | None, str]] = set()
    for obj in objs:
        for kind, value in observables.suspects_of(obj):
            if (kind, value) not in seen:
                seen.add((kind, value))
                out.append(SuspectIdentifier(field=f"stix:{obj['type']}", value=value, kind=kind))
    return tuple(out)


def _when(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return parse_timestamp(value)
    except ValueError:
        return None


def _amount(value: Any) -> Decimal | None:
    try:
        amount = Decimal(str(value)) if value is not None else None
    except InvalidOperation:
        return None
    return amount if amount is not None and amount.is_finite() and amount >= 0 else None


def _text(value: Any, limit: int = 20_000) -> str | None:
    return str(value)[:limit] if isinstance(value, str) and value else None


def to_reports(objects: list[dict[str, Any]], prov: Provenance) -> list[Report]:
    """The local reports a partner's objects amount to (pure).

    A revoked object is gone: the partner no longer shares it (its agreement no longer
    lets it go, or the report was withdrawn), so it becomes no report.
    """
    objects = [o for o in objects if not o.get("revoked")]
    by_id = {o["id"]: o for o in objects}
    source = f"partner:{prov.partner}"
    base = prov.to_dict()
    reports: list[Report] = []
    covered: set[str] = set()  # SCO ids already named by an observed-data report
    for obj in objects:
        if obj["type"] != "observed-data":
            continue
        scos = [by_id[r] for r in obj["object_refs"] if r in by_id]
        suspects = _suspects(scos)
        if not suspects:
            continue
        covered.update(s["id"] for s in scos)
        ext = (obj.get("extensions") or {}).get(REPORT.id) or {}
        jur = ext.get("jurisdiction")
        channel = ext.get("channel") if ext.get("channel") in CHANNELS else None
        currency = ext.get("currency")
        reports.append(
            Report(
                source=source,
                source_ref=str(ext.get("report_ref") or obj["id"])[:255],
                jurisdiction=jur if isinstance(jur, str) and len(jur) == 2 else prov.country,
                channel=channel,
                received_at=_when(ext.get("received_at")) or prov.received_at,
                incident_at=_when(obj.get("first_observed")),
                text=_text(ext.get("text")),
                amount_lost=_amount(ext.get("amount_lost")),
                currency=currency if isinstance(currency, str) and len(currency) == 3 else None,
                category=_text(ext.get("category"), 255),
                victim_location=Location(
                    country=_text(ext.get("victim_country"), 2),
                    state=_text(ext.get("victim_state"), 64),
                    district=_text(ext.get("victim_district"), 128),
                ),
                suspects=suspects,
                marking=marking_of(obj) or "TLP:AMBER",
                synthetic=bool(ext.get("synthetic", False)),
                extra={
                    "provenance": {
                        **base,
                        "stix_id": obj["id"],
                        "campaign_ref": ext.get("campaign_ref"),
                        "partner_label": ext.get("label"),
                    }
                },
            )
        )
    reports.extend(_indicator_reports(objects, by_id, covered, prov, base, source))
    return reports


def _indicator_reports(
    objects: list[dict[str, Any]],
    by_id: dict[str, dict[str, Any]],
    covered: set[str],
    prov: Provenance,
    base: dict[str, Any],
    source: str,
) -> list[Report]:
    """Indicators no observed-data names: one report per partner campaign, or per value."""
    camp_of: dict[str, list[str]] = defaultdict(list)
    for obj in objects:
        if obj["type"] == "relationship" and obj.get("relationship_type") == "indicates":
            target = by_id.get(obj["target_ref"])
            if target is not None and target["type"] == "campaign":
                camp_of[obj["source_ref"]].append(target["id"])
    covered_values = {
        v for sco_id in covered if sco_id in by_id for v in observables.suspects_of(by_id[sco_id])
    }
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for obj in objects:
        if obj["type"] != "indicator" or obj.get("pattern_type", "stix") != "stix":
            continue
        pseudo = _pattern_objects(obj["pattern"])
        values = {v for p in pseudo for v in observables.suspects_of(p)}
        if not values or values <= covered_values:
            continue
        camps = sorted(camp_of.get(obj["id"], ()))
        groups[camps[0] if camps else obj["id"]].append(obj)
    out = []
    for key, inds in sorted(groups.items()):
        head = by_id.get(key, inds[0])
        pseudo = [p for ind in inds for p in _pattern_objects(ind["pattern"])]
        markings = [m for m in (marking_of(i) for i in [head, *inds]) if m]
        out.append(
            Report(
                source=source,
                source_ref=key,
                jurisdiction=prov.country,
                received_at=prov.received_at,
                incident_at=_when(head.get("first_seen") or head.get("valid_from")),
                suspects=_suspects(pseudo),
                marking=strictest(markings),
                # the partner's summary is kept aside: as text it would be mined for values
                extra={
                    "provenance": {**base, "stix_id": key, "shared_as": head["type"]},
                    "partner_summary": _text(head.get("description"), 2000),
                },
            )
        )
    return out


def import_objects(
    store: Store,
    settings: Settings,
    objects: list[dict[str, Any]],
    prov: Provenance,
    *,
    hooks: Hooks,
    collection_id: str | None = None,
) -> IngestSummary:
    """Check, keep (with provenance) and import a partner's objects; ``hooks`` are the
    node's work around an import (``crossline.services.imports.pipeline_hooks``)."""

    check_objects(objects)
    summary = IngestSummary(prov.partner, prov.agreement, signed_by=prov.signer_key_id)
    summary.objects = len(objects)
    collection = collection_id or inbox_collection(prov.partner)
    kept = store_objects(store, collection, objects, direction="in", provenance=prov)
    # Only what the partner had not sent before becomes reports: the same objects come
    # by push and by pull, in pages cut anywhere, and which reports an indicator makes
    # depends on the page it came in (its campaign, values already covered).
    fresh = kept.fresh
    summary.held = len(objects) - len(fresh)
    reports = to_reports([*fresh, *_referenced_scos(store, fresh)], prov)
    summary.reports = len(reports)
    if reports:
        try:
            # Rebuilt from a new version of an object, a report differs only by when it
            # was received: a duplicate, not a new version.
            result = Importer(store, settings, hooks=hooks, versions=False).import_reports(
                reports, label=f"partner:{prov.partner}"
            )
        except BaseException:
            forget_rows(store, collection, kept.rows)  # received again: imported again
            raise
        summary.stored = result.stored
        summary.duplicates = result.duplicates
        summary.campaigns_touched = result.campaigns_touched
    return summary


def _referenced_scos(store: Store, objects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """SCOs that observed-data here refer to but that came earlier (another page of the
    same pull, or an earlier exchange): an SCO's id is its content, so any stored copy
    is the one meant."""
    here = {o["id"] for o in objects}
    missing = sorted(
        {
            ref
            for o in objects
            if o.get("type") == "observed-data"
            for ref in o.get("object_refs") or ()
            if ref not in here
        }
    )
    found: dict[str, dict[str, Any]] = {}
    c = stix_objects.c
    with store.read() as conn:
        for part in chunks(missing):
            for sid, body in conn.execute(select(c.stix_id, c.body).where(c.stix_id.in_(part))):
                found.setdefault(sid, json.loads(body))
    return list(found.values())


def inbox_collection(partner: str) -> str:
    """Where objects received outside TAXII (files) are kept: one inbox per partner."""
    from crossline.domain import make_id

    return make_id("stix-inbox", partner)


def import_bundle(
    store: Store,
    settings: Settings,
    data: Any,
    partner: Partner,
    *,
    hooks: Hooks,
    agreement: str | None = None,
    now: datetime | None = None,
) -> IngestSummary:
    """Import a bundle (or a signed envelope around one) received from ``partner``."""
    bundle, signer = unwrap(data, partner)
    objects = check_bundle(bundle)
    prov = Provenance(
        partner=partner.name,
        country=partner.country,
        agreement=agreement,
        received_at=now or datetime.now(UTC),
        signer_key_id=signer,
    )
    return import_objects(store, settings, objects, prov, hooks=hooks)
