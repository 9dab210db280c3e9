"""What a local export reads from the store: reports (redacted), indicators, campaigns.

Each function yields plain dicts in bounded batches, the shape :mod:`mapping` takes.
Reports never carry ``victim_pii`` or ``victim_key``; the narrative text and the
district are left out too (a local export is "report-level observations, redacted").
Exports to a partner read through the sharing policy instead (see :mod:`export`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from crossline.share.stix.tlp import strictest
from crossline.store import Store
from crossline.store.repository import chunks
from crossline.store.schema import components, indicators, reports, sightings

REPORT_COLUMNS = (
    "id", "source", "jurisdiction", "channel", "received_at", "seen_at", "created_at",
    "amount_lost", "currency", "category", "label", "marking", "victim_country",
    "victim_state", "component_id", "synthetic",
)  # fmt: skip


@dataclass(frozen=True)
class Scope:
    """Which part of the store an export covers: everything, or one campaign."""

    campaign_id: str | None = None


def report_batches(store: Store, scope: Scope, size: int = 1000) -> Iterator[list[dict[str, Any]]]:
    """Reports in id order, ``size`` at a time, each with ``indicators``: [(kind, value)]."""
    cols = [reports.c[name] for name in REPORT_COLUMNS]
    after = ""
    while True:
        q = select(*cols).where(reports.c.id > after).order_by(reports.c.id).limit(size)
        if scope.campaign_id:
            q = q.where(reports.c.component_id == scope.campaign_id)
        with store.read() as conn:
            rows = [dict(r._mapping) for r in conn.execute(q)]
            if not rows:
                return
            found = _indicators_of(conn, [r["id"] for r in rows])
        for row in rows:
            row["indicators"] = found.get(row["id"], [])
        yield rows
        after = rows[-1]["id"]


def _indicators_of(conn: Connection, ids: Sequence[str]) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for part in chunks(list(ids)):
        q = (
            select(sightings.c.report_id, indicators.c.kind, indicators.c.value)
            .join(indicators, indicators.c.id == sightings.c.indicator_id)
            .where(sightings.c.report_id.in_(part))
            .distinct()
            .order_by(sightings.c.report_id, indicators.c.kind, indicators.c.value)
        )
        for rid, kind, value in conn.execute(q):
            out[rid].append((kind, value))
    return out


def indicator_rows(store: Store, scope: Scope) -> list[dict[str, Any]]:
    """Indicators named by the exported reports, each with the strictest of their markings."""
    i, s, r = indicators.c, sightings.c, reports.c
    q = (
        select(
            i.id,
            i.kind,
            i.value,
            i.first_seen,
            i.last_seen,
            i.report_count,
            i.common,
            i.component_id,
            r.marking,
        )  # fmt: skip
        .join(sightings, s.indicator_id == i.id)
        .join(reports, reports.c.id == s.report_id)
        .distinct()
    )
    if scope.campaign_id:
        q = q.where(r.component_id == scope.campaign_id)
    out: dict[str, dict[str, Any]] = {}
    with store.read() as conn:
        for row in conn.execute(q):
            item = out.get(row.id)
            if item is None:
                item = out[row.id] = {**row._mapping, "markings": set()}
                item.pop("marking")
            item["markings"].add(row.marking)
    for item in out.values():
        item["marking"] = strictest(item.pop("markings"))
    return sorted(out.values(), key=lambda d: (d["kind"], d["value"]))


def campaign_rows(store: Store, scope: Scope) -> list[dict[str, Any]]:
    """Campaigns (components of two or more reports) with the strictest report marking."""
    q = select(components).where(components.c.report_count >= 2).order_by(components.c.id)
    if scope.campaign_id:
        q = q.where(components.c.id == scope.campaign_id)
    with store.read() as conn:
        rows = [dict(r._mapping) for r in conn.execute(q)]
        marks: dict[str, set[str]] = defaultdict(set)
        for part in chunks([r["id"] for r in rows]):
            mq = (
                select(reports.c.component_id, reports.c.marking)
                .where(reports.c.component_id.in_(part))
                .distinct()
            )
            for cid, marking in conn.execute(mq):
                marks[cid].add(marking)
    for row in rows:
        row["marking"] = strictest(marks.get(row["id"], ()))
    return rows
