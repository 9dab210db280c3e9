"""Near-duplicate grouping, split assignment and the synthetic generator."""

from __future__ import annotations

from collections import Counter

from crossline.classify import synth
from crossline.classify.features import normalize
from crossline.classify.splits import assign_split, near_duplicate_groups
from crossline.classify.taxonomy import LABELS


def test_near_duplicates_share_a_group() -> None:
    base = (
        "this is amazon. an order of apple iphone 00 pro was placed using your amazon "
        "account. if you did not authorize this order press 0 to speak to support"
    )
    texts = [
        base,
        base.replace("iphone 00 pro", "macbook pro"),
        base + " thank you",
        "completely different message about lunch tomorrow with the team at noon ok",
    ]
    groups = near_duplicate_groups([normalize(t) for t in texts])
    assert groups[0] == groups[1] == groups[2]
    assert groups[3] != groups[0]


def test_split_assignment_is_stable_and_proportional() -> None:
    keys = [f"group-{i}" for i in range(4000)]
    first = [assign_split(k) for k in keys]
    assert first == [assign_split(k) for k in keys]
    share = Counter(first)
    assert 0.12 < share["eval"] / 4000 < 0.18
    assert 0.12 < share["dev"] / 4000 < 0.18


def test_synthetic_set_is_seeded_and_covers_every_label() -> None:
    a = synth.generate(7, per_template=3)
    b = synth.generate(7, per_template=3)
    c = synth.generate(8, per_template=3)
    assert [e.text for e in a] == [e.text for e in b]
    assert [e.text for e in a] != [e.text for e in c]
    assert {e.label for e in a} == set(LABELS)
    assert all(e.gold and e.template for e in a)
    devanagari = [e for e in a if any("\u0900" <= ch <= "\u097f" for ch in e.text)]
    assert {e.label for e in devanagari} >= set(LABELS) - {"not_fraud"} - {"family_emergency"}
