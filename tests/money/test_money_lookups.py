"""The small money-store reads that several use cases share: one freeze request by id,
an account's mule scores and freeze requests, the complaints with a payment."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select

from crossline.config import Settings
from crossline.errors import NotFoundError
from crossline.money import freeze, registry
from crossline.money.service import _paid_complaints, compute_mules, import_transfers
from crossline.services.imports import importer_for
from crossline.store import Store
from crossline.store.schema_money import freeze_requests, mule_scores, transfers
from support.money_env import DATA, NCRP_JSON


@pytest.fixture
def traced(settings: Settings, store: Store) -> Store:
    importer_for(store, settings, classify=False).import_file(NCRP_JSON)
    import_transfers(store, DATA / "trail.csv")
    compute_mules(store)
    return store


def test_request_row_finds_each_request_and_refuses_an_unknown_id(traced: Store) -> None:
    items = freeze.list_requests(traced)
    assert items
    with traced.read() as conn:
        for item in items:
            row = freeze.request_row(conn, item["id"])
            assert (row.id, row.account, row.status) == (item["id"], item["account"], "pending")
        with pytest.raises(NotFoundError, match="no freeze request 'missing'"):
            freeze.request_row(conn, "missing")


@pytest.mark.parametrize(
    "pick",
    ["none", "unknown", "one-held", "all-held", "held-and-unknown"],
)
def test_account_history_counts_scores_and_requests(traced: Store, pick: str) -> None:
    with traced.read() as conn:
        held = Counter(conn.execute(select(freeze_requests.c.account)).scalars())
        scored = set(conn.execute(select(mule_scores.c.account)).scalars())
        first = sorted(held)[0]
        accounts = {
            "none": [],
            "unknown": ["upi:nobody@nowhere"],
            "one-held": [first],
            "all-held": sorted(held),
            "held-and-unknown": [first, "upi:nobody@nowhere"],
        }[pick]
        mules, holds = registry.account_history(conn, accounts)
    assert scored & held.keys()  # the trail scores some held accounts: the case is not empty
    assert holds == sum(held[a] for a in accounts)
    assert sorted(m.account for m in mules) == sorted(a for a in accounts if a in scored)


def test_paid_complaints_are_the_distinct_reports_on_the_trail(traced: Store) -> None:
    with traced.read() as conn:
        every = conn.execute(select(transfers.c.report_id)).scalars().all()
        paid = _paid_complaints(conn)
    assert paid and paid == sorted({r for r in every if r is not None})
    assert len(every) > len(paid)  # several hops per complaint: the list is not the rows
