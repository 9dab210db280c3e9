"""The steps of re-taking a neighbourhood's verdicts that the row linker and the bulk
linker share: which values change, what is marked, which components are written."""

from __future__ import annotations

from typing import Any

import pytest

from crossline.link.common import Verdict
from crossline.link.settle import (
    Change,
    Neighbourhood,
    mark_verdicts,
    take_verdicts,
    write_components,
)


class Recorder:
    """Stands in for the store: records each write in order."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []

    def __getattr__(self, name: str) -> Any:
        def record(_conn: object, arg: Any, *rest: Any) -> None:
            self.calls.append((name, (arg, *rest) if rest else arg))

        return record


def _v(iid: str, reason: str | None) -> Verdict:
    return Verdict(iid, True, 3, reason)


@pytest.mark.parametrize(
    ("common", "verdicts", "newly", "withdrawn", "writes"),
    [
        ({}, {}, [], [], []),
        ({}, {"a": _v("a", "3 groups")}, ["a"], [], []),
        ({"a": "3 groups"}, {}, [], ["a"], []),
        ({"a": "3 groups"}, {"a": _v("a", "3 groups")}, [], [], []),
        (
            {"a": "3 groups"},
            {"a": _v("a", "4 groups")},
            [],
            [],
            [("mark_common", (["a"], "4 groups"))],
        ),
        ({"a": "x"}, {"a": _v("a", None)}, [], [], [("mark_common", (["a"], "common"))]),
    ],
    ids=["nothing", "new", "withdrawn", "unchanged", "reason-moved", "reason-dropped"],
)
def test_take_verdicts(
    common: dict[str, str | None],
    verdicts: dict[str, Verdict],
    newly: list[str],
    withdrawn: list[str],
    writes: list[tuple[str, Any]],
) -> None:
    store = Recorder()
    change = take_verdicts(store, None, Neighbourhood(common=common), verdicts)  # type: ignore[arg-type]
    assert [v.indicator_id for v in change.newly_common] == newly
    assert change.withdrawn == withdrawn
    assert store.calls == writes


@pytest.mark.parametrize(
    ("newly", "withdrawn", "writes"),
    [
        ([], [], [("unmark_common", [])]),
        (
            [_v("a", "3 groups"), _v("b", None)],
            ["c"],
            [
                ("mark_common", (["a"], "3 groups")),
                ("mark_common", (["b"], "common")),
                ("unmark_common", ["c"]),
            ],
        ),
    ],
    ids=["none", "marks-then-unmarks"],
)
def test_mark_verdicts(newly: list[Verdict], withdrawn: list[str], writes: list[Any]) -> None:
    store = Recorder()
    mark_verdicts(store, None, Change(newly_common=newly, withdrawn=withdrawn))  # type: ignore[arg-type]
    assert store.calls == writes


@pytest.mark.parametrize(
    ("before", "moved", "kept", "rebuilt", "removed"),
    [
        # nothing moved: nothing to rebuild or remove
        ({"r1": "c1"}, {}, {"c1"}, set(), set()),
        # a new component is rebuilt
        ({"r1": "c1"}, {"r2": "c2"}, {"c1", "c2"}, {"c2"}, set()),
        # a report left c1 for c2: both are rebuilt
        ({"r1": "c1", "r2": "c1"}, {"r2": "c2"}, {"c1", "c2"}, {"c1", "c2"}, set()),
        # the last report left c1: c1 is removed, not rebuilt
        ({"r1": "c1"}, {"r1": "c2"}, {"c2"}, {"c2"}, {"c1"}),
        # a report left every component
        ({"r1": "c1"}, {"r1": None}, set(), set(), {"c1"}),
    ],
    ids=["still", "new", "split", "merged-away", "alone"],
)
def test_write_components(
    before: dict[str, str],
    moved: dict[str, str | None],
    kept: set[str],
    rebuilt: set[str],
    removed: set[str],
) -> None:
    store = Recorder()
    hood = Neighbourhood(components=set(before.values()), report_component=dict(before))
    values = {"v1": "c9"}
    change = write_components(store, None, hood, Change(), moved, values, kept)  # type: ignore[arg-type]
    assert (change.rebuilt, change.removed) == (rebuilt, removed)
    assert store.calls == [
        ("delete_components", removed),
        ("set_report_components", moved),
        ("set_indicator_components", values),
    ]
