"""Component summaries: counts, victims, jurisdictions, losses, first/last seen, label.

Recomputed for the components a linking step touched, with a few grouped
queries (never per report), so an import's cost stays proportional to the batch.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, func, select

from crossline.store.repository import Store, as_utc, chunks, utcnow
from crossline.store.schema import reports


def _label(distribution: Counter[str]) -> str | None:
    """The campaign's label: its reports' most frequent label, ignoring unlabelled ones."""
    counted = [(n, lab) for lab, n in distribution.items() if lab and lab != "unknown"]
    if not counted:
        return None
    counted.sort(key=lambda t: (-t[0], t[1]))
    return counted[0][1]


def refresh_summaries(conn: Connection, store: Store, ids: Iterable[str]) -> None:
    """Rewrite the summary rows of the given components from their reports."""
    wanted = sorted(set(ids))
    if not wanted:
        return
    r = reports.c
    base: dict[str, dict[str, Any]] = {}
    juris: dict[str, Counter[str]] = defaultdict(Counter)
    loss: dict[str, dict[str, Decimal]] = defaultdict(dict)
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    for part in chunks(wanted):
        q = (
            select(
                r.component_id,
                func.count(),
                func.count(func.distinct(func.coalesce(r.victim_key, r.id))),
                func.min(r.seen_at),
                func.max(r.seen_at),
                func.min(r.id),
            )
            .where(r.component_id.in_(part))
            .group_by(r.component_id)
        )
        for cid, n, victims, first, last, min_id in conn.execute(q):
            base[cid] = {
                "id": cid,
                "report_count": n,
                "victim_count": victims,
                "first_seen": as_utc(first),
                "last_seen": as_utc(last),
                "min_report_id": min_id,
            }
        q = (
            select(r.component_id, r.jurisdiction, func.count())
            .where(r.component_id.in_(part))
            .group_by(r.component_id, r.jurisdiction)
        )
        for cid, j, n in conn.execute(q):
            juris[cid][j] += n
        q = (
            select(r.component_id, r.currency, func.sum(r.amount_lost))
            .where(r.component_id.in_(part), r.amount_lost.is_not(None))
            .group_by(r.component_id, r.currency)
        )
        for cid, cur, total in conn.execute(q):
            loss[cid][cur or "?"] = Decimal(str(total))
        q = (
            select(r.component_id, r.label, func.count())
            .where(r.component_id.in_(part))
            .group_by(r.component_id, r.label)
        )
        for cid, lab, n in conn.execute(q):
            labels[cid][lab or "unknown"] += n
    now: datetime = utcnow()
    rows = []
    for cid, row in base.items():
        dist = labels[cid]
        rows.append(
            {
                **row,
                "jurisdictions": dict(sorted(juris[cid].items())),
                "total_loss": {k: str(v) for k, v in sorted(loss[cid].items())},
                "label": _label(dist),
                "label_distribution": dict(dist.most_common()),
                "updated_at": now,
            }
        )
    store.delete_components(conn, set(wanted) - set(base))
    store.upsert_component_summaries(conn, rows)
