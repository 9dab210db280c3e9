"""What may go to a partner, read from the store in bounded chunks.

Reports, indicators and campaigns that may go under an agreement. Each iterator
reads at most ``chunk`` rows (plus their sightings) at a time with keyset pagination, so exporting a
million reports keeps memory flat; each filters in SQL on the markings the agreement
allows and then passes every record through the pure policy, so a bug in a query
cannot widen what goes out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select

from crossline.share.agreements import Agreement
from crossline.share.markings import tlp_rank
from crossline.share.policy import _coarse_time, _plain, allowed_markings, decide, redact_report
from crossline.store import Store
from crossline.store.queries_citizen import counts_as_evidence
from crossline.store.read.rows import MIN_CAMPAIGN_REPORTS
from crossline.store.repository import as_utc
from crossline.store.schema import components, indicators, reports, sightings

TYING_LIMIT = 20  # indicators listed per campaign summary


def _local() -> Any:
    """Reports this node holds of its own: what partners sent never goes out again
    (their agreement with us is not ours with a third party, and two nodes would echo
    each other's data back and forth). Reports from the public go only once confirmed
    (a flood of unconfirmed ones must not reach, and link at, partner nodes)."""
    return and_(~reports.c.source.like("partner:%"), counts_as_evidence())


def _ok(agreement: Agreement | None, kind: str, purpose: str | None) -> tuple[str, ...]:
    """The markings to query for, or () when nothing of ``kind`` may go at all."""
    if agreement is None:
        return ()
    probe = decide(agreement, kind, agreement.max_marking, purpose=purpose)
    return allowed_markings(agreement) if probe.allowed else ()


def report_indicators(
    conn: Connection, report_ids: Sequence[str]
) -> dict[str, list[dict[str, str]]]:
    """The values found in each report: {report_id: [{"kind", "value"}]}, sorted."""
    out: dict[str, set[tuple[str, str]]] = defaultdict(set)
    if report_ids:
        s, i = sightings.c, indicators.c
        q = (
            select(s.report_id, i.kind, i.value)
            .join(indicators, i.id == s.indicator_id)
            .where(s.report_id.in_(list(report_ids)))
        )
        for row in conn.execute(q):
            out[row.report_id].add((row.kind, row.value))
    return {rid: [{"kind": k, "value": v} for k, v in sorted(vals)] for rid, vals in out.items()}


def iter_reports(
    store: Store,
    agreement: Agreement | None,
    *,
    since: datetime | None = None,
    campaign_id: str | None = None,
    purpose: str | None = None,
    chunk: int = 500,
    ids: Sequence[str] | None = None,
) -> Iterator[dict[str, Any]]:
    markings = _ok(agreement, "report", purpose)
    if not markings or (ids is not None and not ids):
        return
    r = reports.c
    conds: list[Any] = [r.marking.in_(markings), _local()]
    if ids is not None:
        conds.append(r.id.in_(list(ids)))
    if since is not None:
        conds.append(r.created_at >= since)
    if campaign_id:
        conds.append(r.component_id == campaign_id)
    cursor: tuple[Any, str] | None = None
    while True:
        q = select(reports).where(*conds)
        if cursor is not None:
            at, rid = cursor
            q = q.where(or_(r.created_at > at, and_(r.created_at == at, r.id > rid)))
        q = q.order_by(r.created_at, r.id).limit(chunk)
        with store.read() as conn:
            rows = conn.execute(q).all()
            found = report_indicators(conn, [row.id for row in rows])
        for row in rows:
            record = {**row._mapping, "indicators": found.get(row.id, [])}
            shared = redact_report(record, agreement, purpose=purpose)
            if shared is not None:
                yield shared
        if len(rows) < chunk:
            return
        cursor = (rows[-1].created_at, rows[-1].id)


def iter_indicators(
    store: Store,
    agreement: Agreement | None,
    *,
    since: datetime | None = None,
    campaign_id: str | None = None,
    purpose: str | None = None,
    chunk: int = 500,
    ids: Sequence[str] | None = None,
) -> Iterator[dict[str, Any]]:
    markings = _ok(agreement, "indicator", purpose)
    if not markings or agreement is None or (ids is not None and not ids):
        return
    i, s, r = indicators.c, sightings.c, reports.c
    time_level = agreement.coarsen.get("time", "second")
    cursor = ""
    while True:
        q = select(indicators).where(i.common.is_(False), i.id > cursor)
        if campaign_id:
            q = q.where(i.component_id == campaign_id)
        if ids is not None:
            q = q.where(i.id.in_(list(ids)))
        q = q.order_by(i.id).limit(chunk)
        with store.read() as conn:
            rows = conn.execute(q).all()
            page_ids = [row.id for row in rows]
            agg = (
                conn.execute(
                    select(
                        s.indicator_id,
                        r.marking,
                        func.count(func.distinct(r.id)).label("n"),
                        func.min(r.seen_at).label("first"),
                        func.max(r.seen_at).label("last"),
                        func.max(r.created_at).label("stored"),
                    )
                    .join(reports, r.id == s.report_id)
                    .where(s.indicator_id.in_(page_ids), r.marking.in_(markings), _local())
                    .group_by(s.indicator_id, r.marking)
                ).all()
                if page_ids
                else []
            )
        per: dict[str, list[Any]] = defaultdict(list)
        for a in agg:
            per[a.indicator_id].append(a)
        for row in rows:
            groups = per.get(row.id)
            if not groups:
                continue
            stored = max(as_utc(g.stored) for g in groups)
            if since is not None and stored < since:
                continue
            marking = min((g.marking for g in groups), key=tlp_rank)
            if not decide(agreement, "indicator", marking, purpose=purpose):
                continue
            firsts = [as_utc(g.first) for g in groups if g.first is not None]
            lasts = [as_utc(g.last) for g in groups if g.last is not None]
            yield {
                "id": row.id,
                "kind": row.kind,
                "value": row.value,
                "marking": marking,
                "report_count": sum(g.n for g in groups),
                "first_seen": _coarse_time(min(firsts), time_level) if firsts else None,
                "last_seen": _coarse_time(max(lasts), time_level) if lasts else None,
                "campaign_id": row.component_id,
            }
        if len(rows) < chunk:
            return
        cursor = rows[-1].id


def iter_campaigns(
    store: Store,
    agreement: Agreement | None,
    *,
    since: datetime | None = None,
    campaign_id: str | None = None,
    purpose: str | None = None,
    chunk: int = 200,
    ids: Sequence[str] | None = None,
) -> Iterator[dict[str, Any]]:
    markings = _ok(agreement, "campaign", purpose)
    if not markings or agreement is None or (ids is not None and not ids):
        return
    c = components.c
    cursor = ""
    while True:
        q = select(components.c.id).where(c.report_count >= MIN_CAMPAIGN_REPORTS, c.id > cursor)
        if since is not None:
            q = q.where(c.updated_at >= since)
        if campaign_id:
            q = q.where(c.id == campaign_id)
        if ids is not None:
            q = q.where(c.id.in_(list(ids)))
        q = q.order_by(c.id).limit(chunk)
        with store.read() as conn:
            page_ids = [row.id for row in conn.execute(q)]
            summaries = campaign_summaries(conn, agreement, page_ids, markings)
        for cid in page_ids:
            summary = summaries.get(cid)
            if summary is not None and decide(
                agreement, "campaign", summary["marking"], purpose=purpose
            ):
                yield summary
        if len(page_ids) < chunk:
            return
        cursor = page_ids[-1]


def campaign_summaries(
    conn: Connection, agreement: Agreement, ids: Sequence[str], markings: Sequence[str]
) -> dict[str, dict[str, Any]]:
    """Summaries of campaigns ``ids`` over their reports marked within ``markings`` only.

    A campaign with fewer than two such reports is left out: showing it would reveal
    that reports the partner may not see are linked to the one it may.
    """
    if not ids:
        return {}
    r, s, i = reports.c, sightings.c, indicators.c
    where = and_(r.component_id.in_(list(ids)), r.marking.in_(list(markings)), _local())
    acc: dict[str, dict[str, Any]] = {}
    q = (
        select(
            r.component_id,
            r.jurisdiction,
            r.marking,
            r.currency,
            r.label,
            func.count().label("n"),
            func.sum(r.amount_lost).label("loss"),
            func.min(r.seen_at).label("first"),
            func.max(r.seen_at).label("last"),
        )
        .where(where)
        .group_by(r.component_id, r.jurisdiction, r.marking, r.currency, r.label)
    )
    for g in conn.execute(q):
        a = acc.setdefault(
            g.component_id,
            {"n": 0, "jur": Counter(), "marks": set(), "loss": defaultdict(Decimal),
             "labels": Counter(), "first": [], "last": []},
        )  # fmt: skip
        a["n"] += g.n
        a["jur"][g.jurisdiction] += g.n
        a["marks"].add(g.marking)
        if g.loss is not None and g.currency:
            a["loss"][g.currency] += Decimal(str(g.loss))
        if g.label:
            a["labels"][g.label] += g.n
        if g.first is not None:
            a["first"].append(as_utc(g.first))
        if g.last is not None:
            a["last"].append(as_utc(g.last))
    victims = dict(
        conn.execute(
            select(r.component_id, func.count(func.distinct(r.victim_key)))
            .where(where)
            .group_by(r.component_id)
        ).all()
    )
    tying: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for row in conn.execute(
        select(r.component_id, i.kind, i.value, func.count(func.distinct(r.id)).label("n"))
        .select_from(
            sightings.join(reports, r.id == s.report_id).join(indicators, i.id == s.indicator_id)
        )
        .where(where, i.common.is_(False))
        .group_by(r.component_id, i.kind, i.value)
    ):
        tying[row.component_id].append((row.n, row.kind, row.value))
    time_level = agreement.coarsen.get("time", "second")
    out: dict[str, dict[str, Any]] = {}
    for cid, a in acc.items():
        if a["n"] < MIN_CAMPAIGN_REPORTS:
            continue
        top = sorted(tying.get(cid, []), key=lambda t: (-t[0], t[1], t[2]))[:TYING_LIMIT]
        summary: dict[str, Any] = {
            "id": cid,
            "marking": max(a["marks"], key=tlp_rank),
            "report_count": a["n"],
            "victims": int(victims.get(cid) or 0),
            "jurisdictions": dict(sorted(a["jur"].items())),
            "cross_border": len(a["jur"]) > 1,
            "total_loss": {cur: _plain(v) for cur, v in sorted(a["loss"].items())},
            "first_seen": _coarse_time(min(a["first"]), time_level) if a["first"] else None,
            "last_seen": _coarse_time(max(a["last"]), time_level) if a["last"] else None,
            "label": a["labels"].most_common(1)[0][0] if a["labels"] else None,
            "label_distribution": dict(sorted(a["labels"].items())),
            "indicators": [{"kind": k, "value": v, "report_count": n} for n, k, v in top]
            if "indicators" not in agreement.withheld
            else [],
        }
        if "amount_lost" in agreement.withheld:
            summary.pop("total_loss")
        out[cid] = summary
    return out
