"""Analysts' merges and splits hold: a relink, and later imports, keep the partition."""

from __future__ import annotations

import pytest
from linkdata import add, groups
from sqlalchemy import select

from crossline.domain import report_id
from crossline.errors import ValidationError
from crossline.link import analyst
from crossline.link.relink import relink
from crossline.link.settle import component_id
from crossline.store import Store
from crossline.store.schema import components, reports


def cid_of(store: Store, name: str) -> str:
    with store.read() as conn:
        return str(
            conn.execute(
                select(reports.c.component_id).where(reports.c.id == report_id("t", name))
            ).scalar()
        )


def rid(name: str) -> str:
    return report_id("t", name)


def merge(store: Store, *names: str) -> analyst.Outcome:
    with store.transaction() as conn:
        return analyst.merge(conn, store, [cid_of(store, n) for n in names], "d-merge")


def split(store: Store, of: str, moved: list[str]) -> analyst.Outcome:
    with store.transaction() as conn:
        return analyst.split(conn, store, cid_of(store, of), [rid(m) for m in moved], "d-split")


def F(*names: str) -> frozenset[str]:
    return frozenset(names)


# (name, reports, decisions, partition after the decisions)
CASES = [
    (
        "merge-two",
        {"r1": ["p:a"], "r2": ["p:a"], "r3": ["p:b"], "r4": ["p:b"]},
        [("merge", "r1", "r3")],
        {F("r1", "r2", "r3", "r4")},
    ),
    (
        "split-bridged",
        {"r1": ["p:a"], "r2": ["p:a", "p:b"], "r3": ["p:b", "p:c"], "r4": ["p:c"]},
        [("split", "r1", ["r3", "r4"])],
        {F("r1", "r2"), F("r3", "r4")},
    ),
    (
        "split-one-value-holds-all",
        {"r1": ["p:a"], "r2": ["p:a"], "r3": ["p:a"]},
        [("split", "r1", ["r2", "r3"])],
        {F("r1"), F("r2", "r3")},
    ),
    (
        "merge-then-split-back",
        {"r1": ["p:a"], "r2": ["p:a"], "r3": ["p:b"], "r4": ["p:b"]},
        [("merge", "r1", "r3"), ("split", "r1", ["r3", "r4"])],
        {F("r1", "r2"), F("r3", "r4")},
    ),
    (
        "split-then-merge-again",
        {"r1": ["p:a"], "r2": ["p:a", "p:b"], "r3": ["p:b", "p:c"]},
        [("split", "r1", ["r3"]), ("merge", "r1", "r3")],
        {F("r1", "r2", "r3")},
    ),
]


@pytest.mark.parametrize(
    ("data", "steps", "want"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_decisions_survive_relink(
    store: Store, data: dict[str, list[str]], steps: list[tuple], want: set[frozenset[str]]
) -> None:
    add(store, data)
    for step in steps:
        if step[0] == "merge":
            merge(store, *step[1:])
        else:
            split(store, step[1], step[2])
    assert {g for g in groups(store) if len(g) > 0} >= want
    after = groups(store)
    relink(store, min_groups=3)
    assert groups(store) == after
    # ids stay deterministic: each campaign's id comes from its smallest report id
    with store.read() as conn:
        for cid, min_rid in conn.execute(select(components.c.id, components.c.min_report_id)):
            assert cid == component_id(min_rid)


def test_merge_id_is_the_one_holding_the_smallest_report(store: Store) -> None:
    add(store, {"r1": ["p:a"], "r2": ["p:a"], "r3": ["p:b"], "r4": ["p:b"]})
    smallest = min(rid(n) for n in ("r1", "r2", "r3", "r4"))
    out = merge(store, "r1", "r3")
    assert out.after == [component_id(smallest)]
    assert cid_of(store, "r4") == component_id(smallest)


def test_later_reports_join_the_merged_campaign(store: Store) -> None:
    add(store, {"r1": ["p:a"], "r2": ["p:a"], "r3": ["p:b"], "r4": ["p:b"]})
    merge(store, "r1", "r3")
    add(store, {"r5": ["p:b"], "r6": ["p:z"]})
    assert F("r1", "r2", "r3", "r4", "r5") in groups(store)


def test_a_new_report_on_the_rest_stays_with_the_rest(store: Store) -> None:
    add(store, {"r1": ["p:a"], "r2": ["p:a", "p:b"], "r3": ["p:b", "p:c"], "r4": ["p:c"]})
    split(store, "r1", ["r3", "r4"])
    add(store, {"r5": ["p:b"]})  # the bridging value stayed with the rest
    assert F("r1", "r2", "r5") in groups(store)
    assert F("r3", "r4") in groups(store)
    relink(store, min_groups=3)
    assert F("r1", "r2", "r5") in groups(store) and F("r3", "r4") in groups(store)


@pytest.mark.parametrize(
    ("moved", "message"),
    [([], "some, not all"), (["r1", "r2"], "some, not all"), (["r9"], "not in it")],
    ids=["none", "all", "outsider"],
)
def test_split_refuses_a_bad_choice(store: Store, moved: list[str], message: str) -> None:
    add(store, {"r1": ["p:a"], "r2": ["p:a"], "r9": ["p:q"]})
    with pytest.raises(ValidationError, match=message):
        split(store, "r1", moved)


def test_merge_needs_two_campaigns(store: Store) -> None:
    add(store, {"r1": ["p:a"], "r2": ["p:a"]})
    with pytest.raises(ValidationError, match="two or more"):
        merge(store, "r1", "r2")


@pytest.mark.parametrize("path", ["rows", "bulk"])
def test_a_later_import_keeps_a_merge_and_a_split(store: Store, path: str) -> None:
    """Both import paths (batch by batch, and a bulk import linked once at the end)."""
    from crossline.ingest.bulk.link import link_reports

    add(store, {"r1": ["p:a"], "r2": ["p:a", "p:b"], "r3": ["p:b", "p:c"], "r4": ["p:c"],
                "r5": ["p:x"], "r6": ["p:x"]})  # fmt: skip
    split(store, "r1", ["r3", "r4"])
    merge(store, "r1", "r5")
    new = {"r7": ["p:a"], "r8": ["p:c"], "r9": ["p:x"]}
    add(store, new, link=path == "rows")
    if path == "bulk":
        with store.transaction() as conn:
            link_reports(store, conn, [rid(n) for n in new], min_groups=3)
    want = {F("r1", "r2", "r5", "r6", "r7", "r9"), F("r3", "r4", "r8")}
    assert want <= groups(store)
    relink(store, min_groups=3)
    assert want <= groups(store)
