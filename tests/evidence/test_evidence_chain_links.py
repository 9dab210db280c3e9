"""How one custody entry must follow the one before it (seq and prev_hash)."""

from __future__ import annotations

import pytest

from crossline.evidence.custody import GENESIS, link_problems

FIRST = {"seq": 1, "hash": "h1", "prev_hash": GENESIS}
SECOND = {"seq": 2, "hash": "h2", "prev_hash": "h1"}

SEQ = "(an entry is missing, was inserted or the entries were reordered)"
HASH = "(an entry was deleted, inserted or reordered)"
SEQ_FIRST = f"is first: expected seq 1 {SEQ}"
SEQ_AFTER = f"follows seq 1: expected seq 2 {SEQ}"
HASH_START = f"prev_hash does not match the hash of the chain's start {HASH}"
HASH_AFTER = f"prev_hash does not match the hash of seq 1 {HASH}"


@pytest.mark.parametrize(
    ("entry", "prev", "problems"),
    [
        pytest.param(FIRST, None, [], id="first-ok"),
        pytest.param(SECOND, FIRST, [], id="second-ok"),
        pytest.param(SECOND, None, [SEQ_FIRST, HASH_START], id="second-as-first"),
        pytest.param({**SECOND, "seq": 3}, FIRST, [SEQ_AFTER], id="seq-gap"),
        pytest.param({**SECOND, "prev_hash": "hx"}, FIRST, [HASH_AFTER], id="wrong-prev-hash"),
        pytest.param({**FIRST, "prev_hash": "h0"}, None, [HASH_START], id="first-not-genesis"),
    ],
)  # fmt: skip
def test_link_problems(entry, prev, problems) -> None:
    assert link_problems(entry, prev) == problems
