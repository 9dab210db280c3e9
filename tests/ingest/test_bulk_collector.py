"""The bulk path runs the cyclic collector less often, and puts it back as it was."""

from __future__ import annotations

import gc

import pytest

from crossline.ingest.bulk.collector import YOUNG, fewer_collections


@pytest.mark.parametrize("young", [700, 5_000])
def test_threshold_raised_in_the_block_and_restored(young: int) -> None:
    before = gc.get_threshold()
    gc.set_threshold(young, *before[1:])
    try:
        with fewer_collections():
            assert gc.get_threshold() == (YOUNG, *before[1:])
        assert gc.get_threshold() == (young, *before[1:])
    finally:
        gc.set_threshold(*before)


def test_restored_on_error() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError("stop")
    assert gc.get_threshold() == before


def test_a_higher_threshold_is_kept() -> None:
    before = gc.get_threshold()
    gc.set_threshold(YOUNG * 2, *before[1:])
    try:
        with fewer_collections():
            assert gc.get_threshold()[0] == YOUNG * 2
    finally:
        gc.set_threshold(*before)


def test_the_import_runs_with_fewer_collections(monkeypatch: pytest.MonkeyPatch) -> None:
    from crossline.ingest.bulk import importer

    seen: list[int] = []

    def spy(self, items, summary, sha, fmt):  # noqa: ANN001, ANN202
        seen.append(gc.get_threshold()[0])

    monkeypatch.setattr(importer.BulkImporter, "_work", spy)
    bulk = importer.BulkImporter.__new__(importer.BulkImporter)  # no store: _work is spied
    bulk._bulk(iter(()), None, "sha", "fmt")  # type: ignore[arg-type]
    assert seen == [max(YOUNG, gc.get_threshold()[0])]
