"""Who would receive what: the sharing preview, before anything is published.

For each partner (or one), the agreement in force and, per record kind, how many
records would go at each marking, with a few of them exactly as they would be sent
(already redacted). Read-only; the same answer backs ``crossline share preview``,
``GET /api/v1/sharing/preview`` and the web page.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from crossline.share.agreements import get_agreement
from crossline.share.markings import TLP_LEVELS
from crossline.share.partners import get_partner, list_partners
from crossline.share.policy import report_kind
from crossline.share.shareable import iter_campaigns, iter_indicators, iter_reports
from crossline.store import Store


def _count(items: Iterator[dict[str, Any]], sample: int) -> tuple[dict[str, int], list[Any]]:
    counts: Counter[str] = Counter()
    kept: list[dict[str, Any]] = []
    for item in items:
        counts[item["marking"]] += 1
        if len(kept) < sample:
            kept.append(item)
    return {m: counts[m] for m in TLP_LEVELS if counts[m]}, kept


def preview_partner(store: Store, name: str, *, sample: int = 3) -> dict[str, Any]:
    """What partner ``name`` would receive now (NotFoundError when unknown)."""
    partner = get_partner(store, name)
    agreement = get_agreement(store, name) if partner.active else None
    out: dict[str, Any] = {
        "partner": partner.name,
        "country": partner.country,
        "active": partner.active,
        "agreement": agreement.to_dict() if agreement else None,
        "kinds": {},
    }
    if agreement is None:
        out["note"] = "no agreement in force: nothing would be sent"
        return out
    sources = {
        "indicator": lambda: iter_indicators(store, agreement),
        "campaign": lambda: iter_campaigns(store, agreement),
    }
    form = report_kind(agreement)
    if form is not None:
        sources[form] = lambda: iter_reports(store, agreement)
    for kind, make in sources.items():
        if kind != form and not agreement.allows_kind(kind):
            continue
        counts, kept = _count(make(), sample)
        out["kinds"][kind] = {"total": sum(counts.values()), "by_marking": counts, "sample": kept}
    return out


def preview(store: Store, *, partner: str | None = None, sample: int = 3) -> list[dict[str, Any]]:
    """The preview for one partner, or for every registered partner by name."""
    names = [partner] if partner else [p.name for p in list_partners(store)]
    return [preview_partner(store, n, sample=sample) for n in names]
