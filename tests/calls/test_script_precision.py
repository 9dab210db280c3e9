"""Script links with precision: a short fragment needs a higher bar, and confidently
different scam types never share a script cluster."""

from __future__ import annotations

import pytest

from crossline.calls.content import ContentParams, content_clusters
from crossline.link.content import script_type

# A long utility-disconnection script and a short lottery call that shares only the
# stock closing lines with it.
UTILITY = (
    "This is the final notice from your electricity provider. Our records show that your "
    "last two payments were returned by your bank and your power will be disconnected "
    "within thirty minutes by our service technician. To avoid the disconnection you must "
    "pay the outstanding balance today using a prepaid card. Press one now to speak to a "
    "representative and stay on the line, do not hang up, this is your last chance."
)
LOTTERY_TAIL = (
    "Congratulations you have won a prize. Press one now to speak to a representative "
    "and stay on the line, do not hang up, this is your last chance."
)
# The same utility script cut off at both ends (the recording started late).
UTILITY_CUT = UTILITY[60:-40]
# A short verbatim piece of the utility script: contained almost entirely.
UTILITY_PIECE = (
    "your power will be disconnected within thirty minutes by our service technician. "
    "To avoid the disconnection you must pay the outstanding balance today"
)
GRANT = (
    "You have been selected for a federal grant of nine thousand dollars that you never "
    "have to pay back. To claim your grant today, stay on the line and press one to speak "
    "with a grant officer who will verify your eligibility and release the funds."
)
GRANT_VARIANT = GRANT.replace("nine thousand", "eight thousand").replace("officer", "agent")

FRAGMENT_CASES = [
    ("boilerplate-tail-apart", [UTILITY, LOTTERY_TAIL], False),
    ("cut-off-script-joins", [UTILITY, UTILITY_CUT], True),
    ("verbatim-piece-joins", [UTILITY, UTILITY_PIECE], True),
    ("full-variant-joins", [GRANT, GRANT_VARIANT], True),
]


@pytest.mark.parametrize(
    ("name", "texts", "together"), FRAGMENT_CASES, ids=[c[0] for c in FRAGMENT_CASES]
)
def test_fragment_needs_a_higher_bar(name: str, texts: list[str], together: bool) -> None:
    items = [(f"t{k}", t) for k, t in enumerate(texts)]
    labels = content_clusters(items).labels
    assert bool(labels[0] == labels[1]) is together


def test_plain_containment_would_join_the_boilerplate_tail() -> None:
    # The bar is what keeps them apart: without it the tail is "contained" in the call.
    items = [("a", UTILITY), ("b", LOTTERY_TAIL)]
    labels = content_clusters(items, ContentParams(fragment_threshold=0.5)).labels
    assert labels[0] == labels[1]


TYPE_CASES = [
    ("same-type-joins", ["government_impersonation", "government_impersonation"], True),
    ("one-untyped-joins", ["government_impersonation", None], True),
    ("different-types-apart", ["government_impersonation", "prize_lottery"], False),
]


@pytest.mark.parametrize(("name", "types", "together"), TYPE_CASES, ids=[c[0] for c in TYPE_CASES])
def test_confident_types_are_never_crossed(name: str, types: list, together: bool) -> None:
    items = [("a", GRANT), ("b", GRANT_VARIANT)]
    labels = content_clusters(items, types=types).labels
    assert bool(labels[0] == labels[1]) is together


def test_no_crossing_through_an_untyped_call() -> None:
    # a ~ b ~ c by script; a and c are confidently of different types, b is untyped.
    items = [("a", GRANT), ("b", GRANT_VARIANT), ("c", GRANT.replace("nine", "seven"))]
    labels = content_clusters(items, types=["prize_lottery", None, "loan_debt_relief"]).labels
    assert labels[0] != labels[2]
    assert labels[1] in (labels[0], labels[2])  # the untyped call joins one of them


@pytest.mark.parametrize(
    ("label", "review", "expected"),
    [
        ("tech_support", False, "tech_support"),
        ("tech_support", True, None),
        ("other_fraud", False, None),
        ("not_fraud", False, None),
        (None, None, None),
    ],
    ids=["confident", "for-review", "other", "not-fraud", "unlabelled"],
)
def test_script_type(label, review, expected) -> None:
    assert script_type(label, review) == expected
