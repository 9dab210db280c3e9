"""Script clusters get human names from the phrases that set them apart."""

from __future__ import annotations

import pytest

from crossline.link.script_names import name_clusters

AMAZON = [
    "We would like to inform you that there is an order placed for Apple iPhone 11 Pro "
    "using your Amazon account. If you do not authorize this order, press 1.",
    "Hello, an order for an Apple iPhone 11 was placed using your Amazon account. "
    "To authorize this order press 2.",
    "This is Amazon. An Apple iPhone 11 order is pending authorization on your account.",
]
SSA = [
    "This call is from the Social Security Administration. Your social security number "
    "has been suspended due to suspicious activity.",
    "Your social security number is suspended for suspicious activity in Texas. Press one.",
]
WARRANTY = [
    "We have been trying to reach you concerning your vehicle's extended warranty.",
    "Final courtesy call about your vehicle's extended warranty before we close the file.",
]
CASES = [
    ("amazon", "Apple iPhone 11", ("Amazon",)),
    ("ssa", "Social security", ("suspended", "suspicious activity")),
    ("warranty", "", ("vehicle's extended warranty", "extended warranty")),
]


@pytest.mark.parametrize(("cid", "starts", "has_one_of"), CASES, ids=[c[0] for c in CASES])
def test_names_lead_with_the_brand_and_carry_the_distinctive_phrase(
    cid: str, starts: str, has_one_of: tuple[str, ...]
) -> None:
    names = name_clusters({"amazon": AMAZON, "ssa": SSA, "warranty": WARRANTY})
    name = names[cid]
    assert name.startswith(starts)
    assert any(p.lower() in name.lower() for p in has_one_of), name
    assert len(name.split()) <= 5


def test_phrases_every_cluster_says_do_not_name_one() -> None:
    shared = "Press 1 to speak to a representative about your refund status now."
    names = name_clusters(
        {
            "a": [shared + " Microsoft Windows license expired"] * 2,
            "b": [shared + " IRS tax lien"] * 2,
        }
    )
    assert "refund" not in names["a"].lower() and "refund" not in names["b"].lower()
    assert names["a"].startswith("Microsoft Windows") and names["b"].startswith("IRS")


def test_names_are_deterministic_and_skip_stopwords() -> None:
    clusters = {"x": AMAZON, "y": SSA}
    first = name_clusters(clusters)
    assert first == name_clusters(dict(reversed(list(clusters.items()))))
    for name in first.values():
        words = name.lower().split()
        assert words[0] not in {"the", "your", "to", "press", "this"}
        assert words[-1] not in {"the", "your", "to", "press", "this"}


def test_a_cluster_with_nothing_to_say_has_no_name() -> None:
    assert name_clusters({"a": ["ok", "hi"], "b": ["yes"]}) == {"a": "", "b": ""}
