"""What may go to a partner, read from the store in bounded chunks.

Reports, indicators and campaigns that may go under an agreement. Each iterator
reads at most ``chunk`` rows (plus their sightings) at a time with keyset pagination, so exporting a
million reports keeps memory flat; each filters in SQL on the markings the agreement
allows and then passes every record through the pure policy, so a bug in a query
cannot widen what goes out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol, TypeVar

from sqlalchemy import Connection, Row, Select, and_, func, or_, select

from crossline.share.agreements import Agreement
from crossline.share.markings import tlp_rank
from crossline.share.policy import _coarse_time, _plain, allowed_markings, decide, redact_report
from crossline.store import Store
from crossline.store.queries_citizen import counts_as_evidence
from crossline.store.read.rows import MIN_CAMPAIGN_REPORTS
from crossline.store.repository import as_utc
from crossline.store.schema import components, indicators, reports, sightings

TYING_LIMIT = 20  # indicators listed per campaign summary
T = TypeVar("T")


def own_evidence() -> Any:
    """Reports this node holds of its own: what partners sent never goes out again
    (their agreement with us is not ours with a third party, and two nodes would echo
    each other's data back and forth). Reports from the public go only once confirmed
    (a flood of unconfirmed ones must not reach, and link at, partner nodes)."""
    return and_(~reports.c.source.like("partner:%"), counts_as_evidence())


def query_markings(agreement: Agreement | None, kind: str, purpose: str | None) -> tuple[str, ...]:
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


@dataclass(frozen=True)
class _Ask:
    """One call of a shareable iterator: its agreement, the markings it may read, and
    the caller's filters."""

    agreement: Agreement
    markings: tuple[str, ...]
    since: datetime | None
    campaign_id: str | None
    purpose: str | None
    chunk: int
    ids: Sequence[str] | None


class Shareable(Protocol):
    """The signature of :data:`iter_reports`, :data:`iter_indicators` and
    :data:`iter_campaigns`: records of one kind that may go under ``agreement``
    (nothing when no agreement is given or the agreement does not allow the kind),
    read ``chunk`` at a time; ``ids=[]`` asks for nothing."""

    def __call__(
        self,
        store: Store,
        agreement: Agreement | None,
        *,
        since: datetime | None = None,
        campaign_id: str | None = None,
        purpose: str | None = None,
        chunk: int = ...,
        ids: Sequence[str] | None = None,
    ) -> Iterator[dict[str, Any]]: ...


def _shareable(
    kind: str, records: Callable[[Store, _Ask], Iterator[dict[str, Any]]], chunk: int
) -> Shareable:
    """The public iterator of ``kind``: the agreement decides first whether the kind
    may go at all and in which markings, so ``records`` only ever reads those."""
    default_chunk = chunk

    def iterate(
        store: Store,
        agreement: Agreement | None,
        *,
        since: datetime | None = None,
        campaign_id: str | None = None,
        purpose: str | None = None,
        chunk: int = default_chunk,
        ids: Sequence[str] | None = None,
    ) -> Iterator[dict[str, Any]]:
        markings = query_markings(agreement, kind, purpose)
        if not markings or agreement is None or (ids is not None and not ids):
            return
        ask = _Ask(agreement, markings, since, campaign_id, purpose, chunk, ids)
        yield from records(store, ask)

    iterate.__name__ = iterate.__qualname__ = f"iter_{kind}s"
    iterate.__doc__ = records.__doc__
    return iterate


def keyset_pages(
    store: Store,
    query: Select[Any],
    order: Sequence[Any],
    after: Callable[[Row[Any] | None], Any],
    chunk: int,
    enrich: Callable[[Connection, Sequence[Row[Any]]], T],
) -> Iterator[tuple[Sequence[Row[Any]], T]]:
    """The rows of ``query`` in ``order``, ``chunk`` at a time, each page with what
    ``enrich(conn, rows)`` reads in the same read transaction.

    Keyset pagination: ``after(last)`` is the condition for the rows after the page's
    last row (``after(None)`` for the first page, None for no condition), so a page
    costs the same however deep it is. Pages are yielded outside the read, so a slow
    consumer holds no connection.
    """
    last: Row[Any] | None = None
    while True:
        q = query
        cond = after(last)
        if cond is not None:
            q = q.where(cond)
        with store.read() as conn:
            rows = conn.execute(q.order_by(*order).limit(chunk)).all()
            extra = enrich(conn, rows)
        yield rows, extra
        if len(rows) < chunk:
            return
        last = rows[-1]


def _after_id(column: Any) -> Callable[[Row[Any] | None], Any]:
    """The keyset condition for pages ordered by the id ``column`` alone."""
    return lambda last: column > (last.id if last is not None else "")


def _reports(store: Store, ask: _Ask) -> Iterator[dict[str, Any]]:
    """Own reports that may go, redacted by the policy, oldest first."""
    r = reports.c
    conds: list[Any] = [r.marking.in_(ask.markings), own_evidence()]
    if ask.ids is not None:
        conds.append(r.id.in_(list(ask.ids)))
    if ask.since is not None:
        conds.append(r.created_at >= ask.since)
    if ask.campaign_id:
        conds.append(r.component_id == ask.campaign_id)

    def after(last: Row[Any] | None) -> Any:
        if last is None:
            return None
        at = last.created_at
        return or_(r.created_at > at, and_(r.created_at == at, r.id > last.id))

    def found(conn: Connection, rows: Sequence[Row[Any]]) -> dict[str, list[dict[str, str]]]:
        return report_indicators(conn, [row.id for row in rows])

    pages = keyset_pages(
        store, select(reports).where(*conds), (r.created_at, r.id), after, ask.chunk, found
    )
    for rows, values in pages:
        for row in rows:
            record = {**row._mapping, "indicators": values.get(row.id, [])}
            shared = redact_report(record, ask.agreement, purpose=ask.purpose)
            if shared is not None:
                yield shared


def _indicators(store: Store, ask: _Ask) -> Iterator[dict[str, Any]]:
    """Uncommon values seen in own reports that may go, each with its count, first and
    last sighting over those reports only, and the least strict of their markings."""
    agreement, purpose = ask.agreement, ask.purpose
    i, s, r = indicators.c, sightings.c, reports.c
    time_level = agreement.coarsen.get("time", "second")
    q = select(indicators).where(i.common.is_(False))
    if ask.campaign_id:
        q = q.where(i.component_id == ask.campaign_id)
    if ask.ids is not None:
        q = q.where(i.id.in_(list(ask.ids)))

    def sightings_of(conn: Connection, rows: Sequence[Row[Any]]) -> Sequence[Row[Any]]:
        page_ids = [row.id for row in rows]
        if not page_ids:
            return []
        return conn.execute(
            select(
                s.indicator_id,
                r.marking,
                func.count(func.distinct(r.id)).label("n"),
                func.min(r.seen_at).label("first"),
                func.max(r.seen_at).label("last"),
                func.max(r.created_at).label("stored"),
            )
            .join(reports, r.id == s.report_id)
            .where(s.indicator_id.in_(page_ids), r.marking.in_(ask.markings), own_evidence())
            .group_by(s.indicator_id, r.marking)
        ).all()

    for rows, agg in keyset_pages(store, q, (i.id,), _after_id(i.id), ask.chunk, sightings_of):
        per: dict[str, list[Any]] = defaultdict(list)
        for a in agg:
            per[a.indicator_id].append(a)
        for row in rows:
            groups = per.get(row.id)
            if not groups:
                continue
            stored = max(as_utc(g.stored) for g in groups)
            if ask.since is not None and stored < ask.since:
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


def _campaigns(store: Store, ask: _Ask) -> Iterator[dict[str, Any]]:
    """Campaigns summarised over their own reports that may go (see
    :func:`campaign_summaries`)."""
    c = components.c
    q = select(c.id).where(c.report_count >= MIN_CAMPAIGN_REPORTS)
    if ask.since is not None:
        q = q.where(c.updated_at >= ask.since)
    if ask.campaign_id:
        q = q.where(c.id == ask.campaign_id)
    if ask.ids is not None:
        q = q.where(c.id.in_(list(ask.ids)))

    def summaries(conn: Connection, rows: Sequence[Row[Any]]) -> dict[str, dict[str, Any]]:
        return campaign_summaries(conn, ask.agreement, [row.id for row in rows], ask.markings)

    for rows, found in keyset_pages(store, q, (c.id,), _after_id(c.id), ask.chunk, summaries):
        for row in rows:
            summary = found.get(row.id)
            if summary is not None and decide(
                ask.agreement, "campaign", summary["marking"], purpose=ask.purpose
            ):
                yield summary


iter_reports = _shareable("report", _reports, chunk=500)
iter_indicators = _shareable("indicator", _indicators, chunk=500)
iter_campaigns = _shareable("campaign", _campaigns, chunk=200)


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
    where = and_(r.component_id.in_(list(ids)), r.marking.in_(list(markings)), own_evidence())
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
