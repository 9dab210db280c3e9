"""Campaigns and common verdicts do not depend on arrival order or batching.

After any sequence of imports the campaigns are exactly what ``relink`` computes from
the same data, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from linkdata import add, campaign_ids, groups
from sqlalchemy import delete, select

from crossline.link.relink import relink
from crossline.store import Store
from crossline.store.schema import components, indicators, reports, sightings

MIN_GROUPS = 3


def clear(store: Store) -> None:
    with store.transaction() as conn:
        for table in (sightings, indicators, reports, components):
            conn.execute(delete(table))


def verdicts(store: Store) -> dict[str, bool]:
    with store.read() as conn:
        rows = conn.execute(select(indicators.c.value, indicators.c.common)).all()
    return {value: bool(common) for value, common in rows}


def summaries(store: Store) -> set[tuple[str, int]]:
    """Each campaign's id and the report count of its summary row."""
    with store.read() as conn:
        return set(conn.execute(select(components.c.id, components.c.report_count)).all())


def state(store: Store) -> tuple[set[frozenset[str]], set[str], dict[str, bool], set]:
    return groups(store), campaign_ids(store), verdicts(store), summaries(store)


def import_in(store: Store, data: dict[str, list[str]], order: list[str], cuts: list[int]) -> None:
    """Import the reports in this order, cut into batches at these positions."""
    bounds = [0, *sorted({c for c in cuts if 0 < c < len(order)}), len(order)]
    for lo, hi in zip(bounds, bounds[1:], strict=False):
        add(store, {n: data[n] for n in order[lo:hi]}, min_groups=MIN_GROUPS)


# Data shaped like the trouble cases: small campaigns held by their own values, a few
# "helplines" that many of them quote, stray values that later merge groups a helpline
# bridged (so verdicts must be withdrawn as well as taken).
@st.composite
def dataset(draw: st.DrawFn) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for g in range(draw(st.integers(2, 7))):
        for k in range(draw(st.integers(1, 3))):
            values = [f"u:scam{g}"]
            values += draw(st.lists(st.sampled_from(["p:help1", "p:help2"]), unique=True))
            if draw(st.integers(0, 5)) == 0:
                values.append(f"u:scam{draw(st.integers(0, 6))}")
            data[f"r{g}{k}"] = sorted(set(values))
    return data


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=dataset(), rnd=st.randoms(use_true_random=False), n_cuts=st.integers(0, 5))
def test_any_order_and_batching_gives_the_relink_result(
    store: Store, data: dict[str, list[str]], rnd, n_cuts: int
) -> None:
    names = sorted(data)
    results = []
    for _attempt in range(2):
        clear(store)
        order = list(names)
        rnd.shuffle(order)
        import_in(store, data, order, [rnd.randint(1, len(order)) for _ in range(n_cuts)])
        results.append(state(store))
    assert results[0] == results[1]
    relink(store, min_groups=MIN_GROUPS)
    assert state(store) == results[0]


def scams(n: int) -> dict[str, list[str]]:
    """n unrelated scams, each two complaints sharing a UPI handle; one complaint of each
    also quotes the same company's customer-care number."""
    data: dict[str, list[str]] = {}
    for g in range(n):
        data[f"s{g}a"] = [f"u:pay{g}@ybl", "p:+919123400001"]
        data[f"s{g}b"] = [f"u:pay{g}@ybl"]
    return data


ORDERS = {
    "helpline-quotes-first": lambda names: sorted(names, key=lambda n: (n[-1] != "a", n)),
    "partners-first": lambda names: sorted(names, key=lambda n: (n[-1] != "b", n)),
    "interleaved": sorted,
    "reversed": lambda names: sorted(names, reverse=True),
}


@pytest.mark.parametrize("order", list(ORDERS), ids=list(ORDERS))
@pytest.mark.parametrize("batch", [1, 4, 100], ids=["one-by-one", "fours", "one-batch"])
def test_helpline_quoted_by_unrelated_scams_never_merges_them(
    store: Store, order: str, batch: int
) -> None:
    data = scams(6)
    names = ORDERS[order](list(data))
    import_in(store, data, names, list(range(batch, len(names), batch)))
    assert groups(store) == {frozenset({f"s{g}a", f"s{g}b"}) for g in range(6)}
    assert verdicts(store)["+919123400001"] is True


def test_common_verdict_is_withdrawn_when_new_reports_merge_its_groups(store: Store) -> None:
    data = scams(3)
    add(store, data, min_groups=MIN_GROUPS)
    assert verdicts(store)["+919123400001"] is True
    # One operation after all: a later complaint names every scam's handle.
    add(store, {"link": [f"u:pay{g}@ybl" for g in range(3)]}, min_groups=MIN_GROUPS)
    assert verdicts(store)["+919123400001"] is False
    assert groups(store) == {frozenset([*data, "link"])}
    snapshot = state(store)
    relink(store, min_groups=MIN_GROUPS)
    assert state(store) == snapshot
