from __future__ import annotations

import pytest

from crossline.calls.content import (
    ContentLink,
    ContentParams,
    content_clusters,
    content_links,
    normalize_transcript,
)
from crossline.errors import ValidationError

SSA = (
    "This call is from the Department of Social Security Administration. The reason you "
    "have received this phone call from our department is to inform you that there is a "
    "legal enforcement action filed on your social security number for fraudulent "
    "activities. So when you get this message, kindly press one to connect with the next "
    "available officer. Thank you."
)
WARRANTY = (
    "We have been trying to reach you concerning your vehicle's extended warranty. You "
    "should have received something in the mail about your car's extended warranty. "
    "Since we have not gotten a response, we are giving you a final courtesy call before "
    "we close out your file. Press 2 to be removed and put on our do not call list."
)
AMAZON = (
    "There is an order placed for Apple iPhone 11 Pro using your Amazon account. If you do "
    "not authorize this order, press 1 or press 2 to authorize this order."
)

NORMALIZE_CASES = [
    ("Press ONE now.", "press 1 now"),
    ("call eight three three, six three one, seven nine one one", "call 8336317911"),
    ("call 833-631-7911 today", "call 8336317911 today"),
    ("twenty one days", "21 days"),
    ("an eight hundred number", "an 800 number"),
    ("double five", "55"),
    ("oh no", "oh no"),  # "oh" is zero only between digits
    ("two oh one", "201"),
    ("Ｐｒｅｓｓ　１", "press 1"),
    ("这是DHL国际快递", "this is dhl international express"),
]


@pytest.mark.parametrize(
    ("text", "expected"), NORMALIZE_CASES, ids=[c[0][:20] for c in NORMALIZE_CASES]
)
def test_normalize_transcript(text: str, expected: str) -> None:
    assert normalize_transcript(text) == expected


def _slip(text: str) -> str:
    """A transcription slip: a few words heard differently."""
    return (
        text.replace("a legal", "illegal")
        .replace("kindly", "kind of")
        .replace("next available", "next of available")
    )


PAIR_CASES = [
    ("verbatim", SSA, SSA, True),
    ("cut-off start", SSA, SSA[120:], True),
    ("cut-off start and end", SSA, SSA[60:-60], True),
    ("transcription slips", SSA, _slip(SSA), True),
    ("spoken vs written digits", SSA, SSA.replace("press one", "press 1"), True),
    ("different scripts", SSA, WARRANTY, False),
    ("different scripts 2", AMAZON, WARRANTY, False),
    ("too short to attribute", SSA, "Thank you.", False),
]


@pytest.mark.parametrize(("name", "a", "b", "linked"), PAIR_CASES, ids=[c[0] for c in PAIR_CASES])
def test_pairs(name: str, a: str, b: str, linked: bool) -> None:
    links = content_links([("x1", a), ("x2", b)])
    assert (len(links) == 1) is linked
    if linked:
        link = links[0]
        assert (link.a, link.b) == ("x1", "x2")
        assert 0.5 <= link.score <= 1.0
        assert link.method == "char5-containment"


def test_links_form_a_sparse_forest_whose_components_are_the_scripts() -> None:
    items = [(f"ssa{i}", SSA[i * 7 :]) for i in range(30)]
    items += [(f"car{i}", WARRANTY[: len(WARRANTY) - i * 5]) for i in range(20)]
    items += [("amazon", AMAZON)]
    links = content_links(items)
    # a spanning forest: one edge fewer than members per cluster, never all pairs
    assert len(links) == (30 - 1) + (20 - 1)
    assert all(isinstance(x, ContentLink) and x.a < x.b for x in links)
    clusters = content_clusters(items).groups([i for i, _ in items])
    assert sorted(len(g) for g in clusters) == [20, 30]
    assert all(g[0].startswith("car") or g[0].startswith("ssa") for g in clusters)


def test_size_cap_splits_instead_of_chaining() -> None:
    items = [(f"ssa{i:03d}", SSA[i % 50 :]) for i in range(60)]
    result = content_clusters(items, ContentParams(max_cluster_size=25))
    sizes = sorted(result.labels.tolist().count(k) for k in set(result.labels.tolist()))
    assert max(sizes) <= 25
    assert sum(sizes) == 60


def test_threshold_argument_is_honoured() -> None:
    half = SSA[: len(SSA) // 2] + WARRANTY[: len(WARRANTY) // 2]
    assert content_links([("a", SSA), ("b", half)], threshold=0.95) == []
    assert len(content_links([("a", SSA), ("b", half)], threshold=0.3)) == 1


BAD_ITEMS = [
    ([("a", SSA), ("a", SSA)], "duplicate id"),
    ([("", SSA)], "non-empty string"),
    ([("a", 3)], "transcript must be text"),
    ([("a",)], "expected an"),
]


@pytest.mark.parametrize(
    ("items", "message"), BAD_ITEMS, ids=["duplicate", "empty-id", "not-text", "not-a-pair"]
)
def test_bad_items_are_rejected(items: list, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        content_links(items)


def test_empty_and_blank_inputs() -> None:
    assert content_links([]) == []
    assert content_links([("a", ""), ("b", "")]) == []
