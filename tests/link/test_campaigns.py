"""Incremental linking: components, determinism, the common-value guard."""

from __future__ import annotations

import random
from collections import defaultdict

import pytest
from linkdata import add, campaign_ids, groups
from sqlalchemy import select

from crossline.store import Store
from crossline.store.schema import components, indicators, reports

CASES = [
    (
        "chain",
        {"r1": ["p:a"], "r2": ["p:a", "u:b"], "r3": ["u:b"], "r4": ["p:z"]},
        {frozenset({"r1", "r2", "r3"}), frozenset({"r4"})},
    ),
    ("disjoint", {"r1": ["p:a"], "r2": ["p:b"]}, {frozenset({"r1"}), frozenset({"r2"})}),
    ("no-values", {"r1": [], "r2": ["p:a"], "r3": ["p:a"]}, {frozenset({"r2", "r3"})}),
    (
        "bridge",
        {"r1": ["p:a"], "r2": ["p:b"], "r3": ["p:a", "p:b"]},
        {frozenset({"r1", "r2", "r3"})},
    ),
]


@pytest.mark.parametrize(("name", "batch", "expected"), CASES, ids=[c[0] for c in CASES])
def test_components(store: Store, name: str, batch: dict[str, list[str]], expected: set) -> None:
    add(store, batch)
    assert groups(store) == expected


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_order_and_batching_do_not_change_campaigns(store: Store, seed: int) -> None:
    # Without the common guard (whose verdicts depend on what has arrived so far),
    # components and their ids are the same whatever the order and batching.
    no_guard = 10**9
    rng = random.Random(seed)
    values = [f"p:{i}" for i in range(15)]
    data = {f"r{i}": rng.sample(values, rng.randint(0, 2)) for i in range(40)}
    one_go = Store(store.url.replace(".db", "-ref.db")) if store.url.startswith("sqlite") else None
    names = list(data)
    rng.shuffle(names)
    for start in range(0, len(names), 7):
        add(store, {n: data[n] for n in names[start : start + 7]}, min_groups=no_guard)
    expected_ids = None
    if one_go is not None:
        one_go.migrate()
        add(one_go, data, min_groups=no_guard)
        assert groups(one_go) == groups(store)
        expected_ids = campaign_ids(one_go)
        one_go.close()
        assert campaign_ids(store) == expected_ids
    # every report that shares a value with another is with it
    by_value = defaultdict(set)
    for n, vals in data.items():
        for v in vals:
            by_value[v].add(n)
    comp_of = {n: g for g in groups(store) for n in g}
    for members in by_value.values():
        assert len({comp_of[m] for m in members}) == 1


def test_listed_value_never_links(store: Store) -> None:
    add(
        store,
        {"r1": ["d:gmail.com", "p:a"], "r2": ["d:gmail.com", "p:b"]},
        common=frozenset({"d:gmail.com"}),
    )
    assert groups(store) == {frozenset({"r1"}), frozenset({"r2"})}


def test_often_reported_number_is_not_common(store: Store) -> None:
    # 150 complaints about one number and nothing else: the strongest link there is.
    add(store, {f"r{i}": ["p:scam"] for i in range(150)})
    assert groups(store) == {frozenset(f"r{i}" for i in range(150))}
    with store.read() as conn:
        common = conn.execute(select(indicators.c.common)).scalar_one()
    assert common is False


def test_value_bridging_established_groups_becomes_common(store: Store) -> None:
    # Four campaigns, each held together by its own URL; one report of each also
    # quotes a bank helpline. The helpline must not merge them.
    batch: dict[str, list[str]] = {}
    for g in range(4):
        batch[f"g{g}a"] = [f"u:scam{g}"]
        batch[f"g{g}b"] = [f"u:scam{g}", "p:helpline"]
    add(store, batch)
    expected = {frozenset({f"g{g}a", f"g{g}b"}) for g in range(4)}
    assert groups(store) == expected
    with store.read() as conn:
        row = conn.execute(select(indicators).where(indicators.c.value == "helpline")).one()
    assert row.common and "4 groups" in row.common_reason
    # a later report quoting it joins nothing through it
    add(store, {"late": ["p:helpline", "u:scam0"]})
    assert frozenset({"g0a", "g0b", "late"}) in groups(store)
    assert len(groups(store)) == 4


def test_below_threshold_bridge_still_links(store: Store) -> None:
    batch = {"a1": ["u:x"], "a2": ["u:x", "p:mule"], "b1": ["u:y"], "b2": ["u:y", "p:mule"]}
    add(store, batch)
    assert groups(store) == {frozenset(batch)}


def test_summary_counts(store: Store) -> None:
    add(store, {"r1": ["p:a"], "r2": ["p:a"], "r3": ["p:a"]})
    with store.read() as conn:
        row = conn.execute(select(components)).one()
    assert row.report_count == 3 and row.victim_count == 3
    assert row.jurisdictions == {"US": 3}


def test_relink_reproduces_campaigns_and_is_idempotent(store: Store) -> None:
    from crossline.link.relink import relink

    batch: dict[str, list[str]] = {}
    for g in range(4):
        batch[f"g{g}a"] = [f"u:scam{g}"]
        batch[f"g{g}b"] = [f"u:scam{g}", "p:helpline"]
    batch.update({"x1": ["p:x"], "x2": ["p:x"], "lone": ["p:lone"]})
    add(store, batch)
    before = groups(store)
    ids_before = campaign_ids(store)
    result = relink(store, min_groups=3)
    assert groups(store) == before
    assert campaign_ids(store) == ids_before
    assert result["reports"] == len(batch) and result["campaigns"] == 5
    relink(store, min_groups=3)
    assert groups(store) == before


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        ([("telemarketing", True)] * 5 + [("tech_support", False)] * 2, "tech_support"),
        ([("telemarketing", True)] * 5, "telemarketing"),
        ([(None, None)] * 3, None),
    ],
    ids=["confident-wins", "review-only", "unlabelled"],
)
def test_campaign_label_prefers_confident_labels(store: Store, labels: list, expected) -> None:
    add(store, {f"r{i}": ["p:shared"] for i in range(len(labels))})
    with store.transaction() as conn:
        for i, (label, review) in enumerate(labels):
            conn.execute(
                reports.update()
                .where(reports.c.source_ref == f"r{i}")
                .values(label=label, needs_review=review)
            )
        from crossline.link.summary import refresh_summaries

        refresh_summaries(conn, store, list(campaign_ids(store)))
    with store.read() as conn:
        assert conn.execute(select(components.c.label)).scalar_one() == expected
