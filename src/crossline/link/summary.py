"""Component summaries: counts, victims, jurisdictions, losses, first/last seen, label.

Recomputed for the components a linking step touched, with a few grouped
queries (never per report), so an import's cost stays proportional to the batch.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, func, select

from crossline.store.repository import Store, as_utc, chunks, utcnow
from crossline.store.schema import reports

REVIEW = " (review)"


def _key(label: str | None, needs_review: bool | None) -> str | None:
    """How a report's label counts in its campaign's distribution: low-confidence labels
    (marked for review) are kept apart, so that a campaign of 150 text-less complaints
    and 20 transcripts takes its label from the transcripts."""
    if label is None:
        return None
    return label + REVIEW if needs_review else label


def _label(distribution: Counter[str]) -> str | None:
    """The campaign's label: its reports' most frequent confident label; failing that,
    the most frequent label marked for review; never "unknown"."""
    for confident in (True, False):
        counted = [
            (n, lab.removesuffix(REVIEW))
            for lab, n in distribution.items()
            if lab and lab != "unknown" and lab.endswith(REVIEW) != confident
        ]
        if counted:
            counted.sort(key=lambda t: (-t[0], t[1]))
            return counted[0][1]
    return None


class _Summaries:
    """Accumulates grouped partial counts into one summary row per component."""

    def __init__(self) -> None:
        self.base: dict[str, dict[str, Any]] = {}
        self.juris: dict[str, Counter[str]] = defaultdict(Counter)
        self.loss: dict[str, dict[str, Decimal]] = defaultdict(dict)
        self.labels: dict[str, Counter[str]] = defaultdict(Counter)

    def add(
        self,
        cid: str,
        jur: str,
        cur: str | None,
        lab: str | None,
        n: int,
        total: Any,
        first: datetime | None,
        last: datetime | None,
        min_id: str,
    ) -> None:
        row = self.base.setdefault(
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
        self.juris[cid][jur] += n
        self.labels[cid][lab or "unknown"] += n
        if total is not None:
            key = cur or "?"
            self.loss[cid][key] = self.loss[cid].get(key, Decimal(0)) + Decimal(str(total))

    def carry(self, cid: str, old: Mapping[str, Any]) -> None:
        """Start a component from a previous summary row (the component only grew)."""
        self.base[cid] = {
            "id": cid,
            "report_count": old["report_count"],
            "victim_count": old["victim_count"],
            "first_seen": as_utc(old["first_seen"]),
            "last_seen": as_utc(old["last_seen"]),
            "min_report_id": old["min_report_id"],
        }
        self.juris[cid].update(old["jurisdictions"] or {})
        self.labels[cid].update(old["label_distribution"] or {})
        self.loss[cid] = {k: Decimal(v) for k, v in (old["total_loss"] or {}).items()}

    def rows(self) -> list[dict[str, Any]]:
        now = utcnow()
        out = []
        for cid, row in self.base.items():
            dist = self.labels[cid]
            out.append(
                {
                    **row,
                    "jurisdictions": dict(sorted(self.juris[cid].items())),
                    "total_loss": {k: str(v) for k, v in sorted(self.loss[cid].items())},
                    "label": _label(dist),
                    "label_distribution": dict(dist.most_common()),
                    "updated_at": now,
                }
            )
        return out


def _from_store(conn: Connection, acc: _Summaries, wanted: list[str]) -> None:
    r = reports.c
    for part in chunks(wanted):
        # One grouped pass gives counts, losses, labels and times per component ...
        q = (
            select(
                r.component_id,
                r.jurisdiction,
                r.currency,
                r.label,
                r.needs_review,
                func.count(),
                func.sum(r.amount_lost),
                func.min(r.seen_at),
                func.max(r.seen_at),
                func.min(r.id),
            )
            .where(r.component_id.in_(part))
            .group_by(r.component_id, r.jurisdiction, r.currency, r.label, r.needs_review)
        )
        for cid, jur, cur, lab, review, *rest in conn.execute(q):
            acc.add(cid, jur, cur, _key(lab, review), *rest)
        # ... and distinct victims need their own: a victim may span jurisdictions.
        q = (
            select(r.component_id, func.count(func.distinct(func.coalesce(r.victim_key, r.id))))
            .where(r.component_id.in_(part))
            .group_by(r.component_id)
        )
        for cid, victims in conn.execute(q):
            acc.base[cid]["victim_count"] = victims


def _from_rows(acc: _Summaries, rows: Iterable[Mapping[str, Any]]) -> None:
    victims: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        cid = row["component_id"]
        seen = row["seen_at"]
        acc.add(
            cid,
            row["jurisdiction"],
            row["currency"],
            _key(row["label"], row["needs_review"]),
            1,
            row["amount_lost"],
            seen,
            seen,
            row["id"],
        )
        victims[cid].add(row["victim_key"] or row["id"])
    for cid, keys in victims.items():
        acc.base[cid]["victim_count"] += len(keys)


def refresh_summaries(
    conn: Connection,
    store: Store,
    ids: Iterable[str],
    *,
    known_rows: Mapping[str, list[Mapping[str, Any]]] | None = None,
    carried: Mapping[str, Mapping[str, Any]] | None = None,
) -> None:
    """Rewrite the summary rows of the given components.

    ``known_rows`` holds the rows of reports written in this step for components whose
    summary can be computed without a query: components made only of them, and those in
    ``carried``, which grew from one previous summary (given) by exactly these rows.
    Every other component is recomputed from the store with grouped queries.
    """
    wanted = sorted(set(ids))
    if not wanted:
        return
    known_rows = known_rows or {}
    acc = _Summaries()
    for cid, old in (carried or {}).items():
        if cid in wanted:
            acc.carry(cid, old)
    _from_rows(acc, (row for cid in wanted for row in known_rows.get(cid, ())))
    _from_store(conn, acc, [cid for cid in wanted if cid not in known_rows])
    store.delete_components(conn, set(wanted) - set(acc.base))
    store.upsert_component_summaries(conn, acc.rows())
