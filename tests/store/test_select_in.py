"""``select_in`` answers for every value asked, however the values fall into chunks."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from crossline.store import Store
from crossline.store import repository as repo
from crossline.store.schema import reports

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
IDS = [f"r{n}" for n in range(5)]

CASES = [
    ("none", [], 2, set()),
    ("one", ["r3"], 2, {"r3"}),
    ("exactly-one-chunk", ["r0", "r1"], 2, {"r0", "r1"}),
    ("over-a-chunk", ["r0", "r1", "r4"], 2, {"r0", "r1", "r4"}),
    ("all-in-chunks-of-one", IDS, 1, set(IDS)),
    ("unknown-values-skipped", ["r2", "nope", "r4"], 2, {"r2", "r4"}),
    ("duplicates-answered-once-per-chunk", ["r1", "r2", "r1"], 5, {"r1", "r2"}),
]


@pytest.mark.parametrize(
    ("values", "size", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_select_in_covers_every_chunk(
    store: Store, monkeypatch: pytest.MonkeyPatch, values: list[str], size: int, expected: set[str]
) -> None:
    rows = [
        {"id": i, "source": "t", "source_ref": i, "jurisdiction": "IN", "marking": "TLP:AMBER",
         "synthetic": False, "created_at": T0}
        for i in IDS
    ]  # fmt: skip
    with store.transaction() as conn:
        store.insert_reports(conn, rows)
    whole = repo.chunks
    asked: list[int] = []

    def chunks(values: list[str]) -> object:
        for part in whole(values, size):
            asked.append(len(part))
            yield part

    monkeypatch.setattr(repo, "chunks", chunks)
    with store.read() as conn:
        found = [r.id for r in repo.select_in(conn, select(reports.c.id), reports.c.id, values)]
    assert sorted(found) == sorted(expected)
    assert sum(asked) == len(values) and all(n <= size for n in asked)
