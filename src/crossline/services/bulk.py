"""Bulk lookup: a pasted or uploaded list of up to 10,000 values, one table of hits.

Each value is read every way a single lookup reads it (phones in each plausible
country, accounts, handles, wallets, domains ...) and as an identifier (a complaint or
reference number of any source, a campaign id prefix). The answer has one row per value
in the order given: what it was found as, in how many reports and which campaigns,
first and last seen, and a risk word. Values only ever given as a victim's own contact
are never matched (victims' contacts are not indexed as sightings).

Risk, from what the node holds (a triage hint, not a verdict):

* ``high``    in a campaign of 5+ reports, or a cross-border one, or seen in 5+ reports;
* ``medium``  in a campaign (2+ linked reports);
* ``low``     seen, but in no campaign;
* ``common``  marked common (a helpline, a big bank's domain): shown, links nothing;
* ``""``      not found.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from crossline.errors import CrosslineError, PayloadTooLargeError, ValidationError
from crossline.indicators.lookup import lookup_candidates
from crossline.services.tables import Column
from crossline.store import Store
from crossline.store.read import campaigns as read_campaigns
from crossline.store.read import identifiers as read_identifiers
from crossline.store.read import indicators as read_indicators

MAX_VALUES = 10_000
MAX_VALUE_CHARS = 500
HIGH_REPORTS = 5
# A line may hold several values separated by commas, semicolons or tabs (a spreadsheet
# column pasted, a CSV row); spaces stay inside a value ("+1 (202) 555-0143").
_SPLIT = re.compile(r"[,;\t]+")

COLUMNS: list[Column] = [
    ("value", "value"),
    ("found_as", "found as"),
    ("matched", "matched"),
    ("reports", "reports"),
    ("campaigns", "campaigns"),
    ("first_seen", "first seen"),
    ("last_seen", "last seen"),
    ("risk", "risk"),
]


def parse_values(text: str) -> list[str]:
    """The values of a pasted list or uploaded text file, in order, blanks dropped.

    More than :data:`MAX_VALUES` raises :class:`PayloadTooLargeError` naming the count.
    """
    values: list[str] = []
    for n, line in enumerate(text.splitlines(), start=1):
        for part in _SPLIT.split(line):
            value = part.strip().strip('"').strip()
            if not value:
                continue
            if len(value) > MAX_VALUE_CHARS:
                raise ValidationError(
                    f"line {n}: a value of {len(value):,} characters",
                    field="values",
                    line=n,
                    expected=f"values of at most {MAX_VALUE_CHARS} characters",
                )
            values.append(value)
    if len(values) > MAX_VALUES:
        raise PayloadTooLargeError(
            f"{len(values):,} values: a bulk lookup takes at most {MAX_VALUES:,}; split the list",
            field="values",
            expected=f"at most {MAX_VALUES:,} values",
        )
    return values


def _risk(hits: list[dict[str, Any]], camps: list[dict[str, Any]], found: bool) -> str:
    if not found:
        return ""
    if hits and all(h.get("common") for h in hits) and not camps:
        return "common"
    reports = max([int(h.get("report_count") or 0) for h in hits] or [0])
    if reports >= HIGH_REPORTS or any(
        c["report_count"] >= HIGH_REPORTS or c["cross_border"] for c in camps
    ):
        return "high"
    return "medium" if camps else "low"


def bulk_lookup(store: Store, values: list[str], *, region: str | None = None) -> dict[str, Any]:
    """One row per value (see the module docstring) and ``totals``."""
    if len(values) > MAX_VALUES:
        raise PayloadTooLargeError(
            f"{len(values):,} values: a bulk lookup takes at most {MAX_VALUES:,}",
            field="values",
        )
    wanted: dict[str, list[tuple[str | None, str]]] = {}
    for value in dict.fromkeys(values):
        try:
            wanted[value] = lookup_candidates(value, region)
        except CrosslineError:
            wanted[value] = []
    all_values = {v for pairs in wanted.values() for _k, v in pairs}
    with store.read() as conn:
        by_value: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for ind in read_indicators.find_values(conn, sorted(all_values)):
            by_value[ind["value"]].append(ind)
        refs = read_identifiers.reports_by_reference(conn, list(wanted), limit=20)
        prefixes = {
            v: read_identifiers.campaigns_by_prefix(conn, v, limit=5)
            for v in wanted
            if read_identifiers.looks_like_id_prefix(v)
        }
        matched_inds: dict[str, list[dict[str, Any]]] = {}
        for value, pairs in wanted.items():
            seen: dict[str, dict[str, Any]] = {}
            for kind, norm in pairs:
                for ind in by_value.get(norm, []):
                    if kind is None or ind["kind"] == kind:
                        seen[ind["id"]] = ind
            matched_inds[value] = list(seen.values())
        camp_ids = {i["campaign_id"] for inds in matched_inds.values() for i in inds}
        camp_ids |= {r["campaign_id"] for rs in refs.values() for r in rs}
        camps = read_campaigns.campaign_summaries(conn, [c for c in camp_ids if c])
    rows = []
    for value in values:
        rows.append(_row(value, matched_inds.get(value, []), refs.get(value, []),
                         prefixes.get(value, []), camps))  # fmt: skip
    found = sum(1 for r in rows if r["found_as"])
    return {
        "total": len(rows),
        "found": found,
        "not_found": len(rows) - found,
        "by_risk": {
            k: sum(1 for r in rows if r["risk"] == k) for k in ("high", "medium", "low", "common")
        },
        "items": rows,
    }


def _row(
    value: str,
    inds: list[dict[str, Any]],
    refs: list[dict[str, Any]],
    prefix_camps: list[dict[str, Any]],
    camps: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    found_as = sorted({i["kind"] for i in inds})
    if refs:
        found_as.append("reference")
    if prefix_camps:
        found_as.append("campaign id")
    camp_ids = sorted(
        {i["campaign_id"] for i in inds if i["campaign_id"] in camps}
        | {r["campaign_id"] for r in refs if r["campaign_id"] in camps}
        | {c["id"] for c in prefix_camps}
    )
    linked = [camps[c] for c in camp_ids if c in camps] + [
        c for c in prefix_camps if c["id"] not in camps
    ]
    campaigns = [c for c in linked if c["report_count"] >= 2]
    dates = [d for i in inds for d in (i["first_seen"], i["last_seen"]) if d]
    dates += [r["seen_at"] for r in refs if r["seen_at"]]
    dates += [d for c in prefix_camps for d in (c["first_seen"], c["last_seen"]) if d]
    reports = sum(int(i["report_count"] or 0) for i in inds) + len(refs)
    reports += sum(c["report_count"] for c in prefix_camps)
    return {
        "value": value,
        "found_as": found_as,
        "matched": sorted({f"{i['kind']}:{i['value']}" for i in inds}),
        "reports": reports,
        "campaigns": [c["id"] for c in campaigns],
        "first_seen": min(dates) if dates else None,
        "last_seen": max(dates) if dates else None,
        "risk": _risk(inds, campaigns, bool(found_as)),
    }
