"""Crossline records -> STIX 2.1 objects. Pure functions over plain dicts.

The dicts are what the store (or the sharing policy, once it has redacted them) gives:
a report with its indicators, an indicator with its counts, a campaign summary. Nothing
here reads victims' personal data: a report's ``victim_pii`` is never looked at, and
its text travels only when the record handed in still has one (the policy removes it
unless the agreement allows full reports).

Objects and their ids:

* ``identity`` of the node (uuid5 of its name) - ``created_by_ref`` and sighting place;
* ``indicator`` per value, with a STIX pattern; ``campaign`` per campaign;
* ``relationship`` indicator -indicates-> campaign;
* ``sighting`` per indicator: how many exported reports name it, where (the node);
* ``observed-data`` per report, referring to the SCOs it names, with the report's
  details in the ``crossline-report`` property extension;
* SCOs for the values (standard types, or the custom ones of ``extensions``).
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from decimal import Decimal
from typing import Any

from crossline.share.stix import observables
from crossline.share.stix.extensions import REPORT
from crossline.share.stix.ids import sdo_id, timestamp
from crossline.share.stix.tlp import TLP2_IDS

KIND_NAMES = {
    "phone": "Phone number",
    "upi": "UPI handle",
    "bank_account": "Bank account",
    "iban": "IBAN",
    "email": "E-mail address",
    "url": "URL",
    "domain": "Domain",
    "ipv4": "IPv4 address",
    "ipv6": "IPv6 address",
    "social": "Social media account",
}


def _common(stix_type: str, obj_id: str, created: str, modified: str, marking: str,
            creator: str | None) -> dict[str, Any]:  # fmt: skip
    out: dict[str, Any] = {
        "type": stix_type,
        "spec_version": "2.1",
        "id": obj_id,
        "created": created,
        "modified": max(created, modified),
    }
    if creator:
        out["created_by_ref"] = creator
    out["object_marking_refs"] = [TLP2_IDS[marking]]
    return out


def node_identity(name: str, country: str, *, created: Any = None) -> dict[str, Any]:
    """The identity of the node that produces (and sights) everything it exports."""
    ts = timestamp(created)
    return {
        **_common("identity", sdo_id("identity", "node", name), ts, ts, "TLP:CLEAR", None),
        "name": name,
        "description": f"Crossline fraud-intelligence node {name} ({country})",
        "identity_class": "organization",
        "contact_information": f"country: {country}",
    }


def campaign_id(component_id: str) -> str:
    return sdo_id("campaign", component_id)


def indicator_id(kind: str, value: str) -> str:
    return sdo_id("indicator", kind, value)


def campaign(comp: Mapping[str, Any], *, creator: str, marking: str) -> dict[str, Any]:
    """A campaign object from a campaign summary (``components`` row or its dict).

    ``first_seen``/``last_seen`` say when the campaign's reports were seen: a campaign
    with no dated report has neither (never the time it was linked or exported).
    """
    seen = [v for v in (comp.get("first_seen"), comp.get("last_seen")) if v is not None]
    first_seen = timestamp(seen[0]) if seen else None
    last_seen = timestamp(seen[-1]) if seen else None
    updated = comp.get("updated_at") or comp.get("last_seen") or comp.get("first_seen")
    modified = timestamp(updated)
    first = min(first_seen, modified) if first_seen else modified
    jur = comp.get("jurisdictions")
    jur = jur if isinstance(jur, dict) else {}
    places = ", ".join(f"{k} ({v})" for k, v in sorted(jur.items()))
    loss = comp.get("total_loss")
    loss = loss if isinstance(loss, dict) else {}
    money = ", ".join(f"{v} {k}" for k, v in sorted(loss.items()))
    label = comp.get("label")
    count = comp.get("report_count") or 0
    desc = f"{count} reports" + (f" from {places}" if places else "")
    if money:
        desc += f"; losses {money}"
    if label:
        desc += f"; scam type {label}"
    out = {
        **_common("campaign", campaign_id(comp["id"]), first, modified, marking, creator),
        "name": f"Crossline campaign {comp['id'][:8]}" + (f" ({label})" if label else ""),
        "description": desc,
    }
    if first_seen and last_seen:
        out["first_seen"], out["last_seen"] = first_seen, max(first_seen, last_seen)
    if label:
        out["objective"] = str(label)
    return out


def indicator(ind: Mapping[str, Any], *, creator: str, marking: str) -> dict[str, Any] | None:
    """An indicator with its STIX pattern (None when the kind has no STIX form)."""
    kind, value = ind["kind"], ind["value"]
    pat = observables.pattern(kind, value)
    if pat is None:
        return None
    first = timestamp(ind.get("first_seen"))
    last = timestamp(ind.get("last_seen"), ind.get("first_seen"))
    count = ind.get("report_count") or 0
    return {
        **_common("indicator", indicator_id(kind, value), first, last, marking, creator),
        "name": f"{KIND_NAMES.get(kind, kind)} {value}",
        "description": f"{KIND_NAMES.get(kind, kind)} named in {count} fraud report(s).",
        "indicator_types": ["malicious-activity"],
        "pattern": pat,
        "pattern_type": "stix",
        "pattern_version": "2.1",
        "valid_from": first,
    }


def indicates(ind_id: str, camp_id: str, *, creator: str, marking: str,
              created: str) -> dict[str, Any]:  # fmt: skip
    """indicator -indicates-> campaign."""
    rid = sdo_id("relationship", "indicates", ind_id, camp_id)
    return {
        **_common("relationship", rid, created, created, marking, creator),
        "relationship_type": "indicates",
        "source_ref": ind_id,
        "target_ref": camp_id,
    }


def sighting(ind_id: str, *, where: str, count: int, first_seen: str | None,
             last_seen: str | None, marking: str, observed: Iterable[str] = (),
             created: str | None = None) -> dict[str, Any]:  # fmt: skip
    """The node saw the indicator ``count`` times (in that many reports).

    ``first_seen``/``last_seen`` are left out when the reports carry no date.
    """
    sid = sdo_id("sighting", where, ind_id)
    stamp = created or first_seen or timestamp(None)
    out = {
        **_common("sighting", sid, stamp, last_seen or stamp, marking, where),
        "sighting_of_ref": ind_id,
        "where_sighted_refs": [where],
        "count": max(0, min(int(count), 999_999_999)),
    }
    if first_seen:
        out["first_seen"] = first_seen
        out["last_seen"] = max(first_seen, last_seen or first_seen)
    refs = sorted(observed)
    if refs:
        out["observed_data_refs"] = refs
    return out


def _plain(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def observed_data(report: Mapping[str, Any], scos: list[dict[str, Any]], *, creator: str,
                  marking: str, campaigns: Container[str] = ()) -> dict[str, Any]:  # fmt: skip
    """A report as observed-data over the SCOs it names (details in a property extension)."""
    seen = timestamp(report.get("seen_at") or report.get("received_at") or report.get("created_at"))
    created = timestamp(report.get("created_at"), report.get("seen_at"))
    details: dict[str, Any] = {
        "extension_type": REPORT.extension_type,
        "report_ref": report["id"],
        "jurisdiction": report["jurisdiction"],
    }
    for key in ("source", "channel", "currency", "category", "label", "victim_country",
                "victim_state", "victim_district", "text"):  # fmt: skip
        if _plain(report.get(key)) is not None:
            details[key] = _plain(report.get(key))
    if report.get("amount_lost") is not None:
        details["amount_lost"] = _plain(report["amount_lost"])
    if report.get("received_at") is not None:
        details["received_at"] = timestamp(report["received_at"])
    comp = report.get("campaign_id", report.get("component_id"))
    if comp and comp in campaigns:  # only campaigns the same export carries
        details["campaign_ref"] = campaign_id(comp)
    if report.get("synthetic") is not None:
        details["synthetic"] = bool(report["synthetic"])
    details["marking"] = marking
    return {
        **_common(
            "observed-data",
            sdo_id("observed-data", report["id"]),
            created,
            created,
            marking,
            creator,
        ),  # fmt: skip
        "first_observed": seen,
        "last_observed": seen,
        "number_observed": 1,
        "object_refs": sorted({s["id"] for s in scos}),
        "extensions": {REPORT.id: details},
    }
