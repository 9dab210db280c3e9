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
        # One grouped pass gives counts, losses, labels and times per component ...
        q = (
            select(
                r.component_id,
                r.jurisdiction,
                r.currency,
                r.label,
                func.count(),
                func.sum(r.amount_lost),
                func.min(r.seen_at),
                func.max(r.seen_at),
                func.min(r.id),
            )
            .where(r.component_id.in_(part))
            .group_by(r.component_id, r.jurisdiction, r.currency, r.label)
        )
        for cid, jur, cur, lab, n, total, first, last, min_id in conn.execute(q):
            row = base.setdefault(
                cid,
                {
                    "id": cid,
                    "report_count": 0,
                    "victim_count": 0,
                    "first_seen": None,
                    "last_seen": None,
                    "min_report_id": min_id,
                },
            )
            row["report_count"] += n
            row["min_report_id"] = min(row["min_report_id"], min_id)
            first, last = as_utc(first), as_utc(last)
            if first is not None and (row["first_seen"] is None or first < row["first_seen"]):
                row["first_seen"] = first
            if last is not None and (row["last_seen"] is None or last > row["last_seen"]):
                row["last_seen"] = last
            juris[cid][jur] += n
            labels[cid][lab or "unknown"] += n
            if total is not None:
                key = cur or "?"
                loss[cid][key] = loss[cid].get(key, Decimal(0)) + Decimal(str(total))
        # ... and distinct victims need their own: a victim may span jurisdictions.
        q = (
            select(r.component_id, func.count(func.distinct(func.coalesce(r.victim_key, r.id))))
            .where(r.component_id.in_(part))
            .group_by(r.component_id)
        )
        for cid, victims in conn.execute(q):
            base[cid]["victim_count"] = victims
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
