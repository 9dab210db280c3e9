"""Money trails in the store: writing transfers, and fetching what a trace needs.

A trace never reads the whole table: :func:`reachable_transfers` walks out from the
first payees layer by layer, each layer one indexed query on (from_account, at)
and one on (to_account, at), bounded in depth, width and time. With ten million
transfers stored, a trace reads a few hundred rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, or_, select

from crossline.errors import NotFoundError
from crossline.money.accounts import is_cashout
from crossline.money.model import Transfer, transfer_from_row
from crossline.money.trail import TraceParams
from crossline.store.repository import chunks
from crossline.store.schema_money import transfers

#: Accounts with more transfers than this in the window are read only up to it
#: (a merchant or an exchange reached by a trail must not pull in its whole ledger).
MAX_ROWS_PER_ACCOUNT = 2000
MAX_ACCOUNTS = 5000
#: The key every check-then-insert of transfers locks (``Dialect.key_lock``): a trail
#: file's rows and complaints' first hops land in the same table.
TRANSFERS_KEY = "transfers"


@dataclass(frozen=True, slots=True)
class Fetched:
    transfers: list[Transfer]
    accounts: int
    queries: int
    capped: bool


def existing_transfer_ids(conn: Connection, ids: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for part in chunks(list(ids)):
        found.update(conn.execute(select(transfers.c.id).where(transfers.c.id.in_(part))).scalars())
    return found


def insert_transfers(conn: Connection, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(transfers.insert(), rows)


def accounts_with_outflows(conn: Connection, accounts: Iterable[str]) -> set[str]:
    """Which of ``accounts`` have sent money (one indexed probe per chunk)."""
    found: set[str] = set()
    for part in chunks(sorted(set(accounts))):
        found.update(
            conn.execute(
                select(transfers.c.from_account)
                .where(transfers.c.from_account.in_(part))
                .distinct()
            ).scalars()
        )
    return found


def complaint_hops(conn: Connection, report_id: str) -> list[Transfer]:
    rows = conn.execute(
        select(transfers).where(transfers.c.report_id == report_id).order_by(transfers.c.at)
    ).all()
    return [transfer_from_row(r) for r in rows]


def find_transfer(conn: Connection, ref: str) -> list[Transfer]:
    """Transfers whose id, transaction id or reference (UTR) is ``ref``."""
    rows = conn.execute(
        select(transfers)
        .where(or_(transfers.c.id == ref, transfers.c.txn_id == ref, transfers.c.reference == ref))
        .order_by(transfers.c.at)
        .limit(20)
    ).all()
    return [transfer_from_row(r) for r in rows]


def seeds_for(conn: Connection, ref: str) -> tuple[list[Transfer], str | None]:
    """The payments to trace from ``ref``: a complaint (report id or source reference) or
    one transaction (id, transaction id or UTR). Returns (seeds, report id or None)."""
    from crossline.store.schema import reports

    report_id = ref
    hops = complaint_hops(conn, ref)
    if not hops:
        row = conn.execute(select(reports.c.id).where(reports.c.source_ref == ref).limit(1)).first()
        if row is not None:
            report_id = row[0]
            hops = complaint_hops(conn, report_id)
    if hops:
        return hops, report_id
    found = find_transfer(conn, ref)
    if not found:
        raise NotFoundError(
            f"no complaint with a transaction and no transfer with id or UTR {ref!r}"
        )
    return found[:1], None


def reachable_transfers(
    conn: Connection, seeds: Iterable[Transfer], params: TraceParams | None = None
) -> Fetched:
    """Every stored transfer a trace of ``seeds`` can touch, by a bounded search.

    Layer by layer: transfers out of the frontier after the money arrived (within the
    horizon), and transfers into it from ``lookback`` before (they make the pools the
    victim's money is mixed with). Cash-out points are not expanded.
    """
    params = params or TraceParams()
    arrived: dict[str, datetime] = {}
    frontier: dict[str, datetime] = {}
    for s in seeds:
        if s.to_account not in frontier or s.at < frontier[s.to_account]:
            frontier[s.to_account] = s.at
    out: dict[str, Transfer] = {}
    queries = 0
    capped = False
    for _layer in range(params.max_depth + 1):
        if not frontier:
            break
        arrived.update(frontier)
        rows, n, cap = _layer_rows(conn, frontier, params)
        queries += n
        capped |= cap
        nxt: dict[str, datetime] = {}
        for t in rows:
            out.setdefault(t.id, t)
            if t.from_account in frontier and t.at >= frontier[t.from_account]:
                if is_cashout(t.channel, t.to_account):
                    continue
                seen = arrived.get(t.to_account)
                earlier = t.to_account not in nxt or t.at < nxt[t.to_account]
                if (seen is None or t.at < seen) and earlier:
                    nxt[t.to_account] = t.at
        if len(arrived) + len(nxt) > MAX_ACCOUNTS:
            capped = True
            nxt = dict(
                sorted(nxt.items(), key=lambda kv: kv[1])[: max(0, MAX_ACCOUNTS - len(arrived))]
            )
        frontier = nxt
    return Fetched(sorted(out.values(), key=lambda t: t.at), len(arrived), queries, capped)


def _layer_rows(
    conn: Connection, frontier: dict[str, datetime], params: TraceParams
) -> tuple[list[Transfer], int, bool]:
    found: list[Transfer] = []
    queries = 0
    capped = False
    for part in chunks(sorted(frontier), 200):
        since = min(frontier[a] for a in part)
        until = max(frontier[a] for a in part) + params.horizon
        for column, start in (
            (transfers.c.from_account, since),
            (transfers.c.to_account, since - params.lookback),
        ):
            limit = MAX_ROWS_PER_ACCOUNT * len(part)
            rows = conn.execute(
                select(transfers)
                .where(and_(column.in_(part), transfers.c.at >= start, transfers.c.at <= until))
                .order_by(transfers.c.at)
                .limit(limit)
            ).all()
            queries += 1
            capped |= len(rows) >= limit
            found.extend(transfer_from_row(r) for r in rows)
    return found, queries, capped
