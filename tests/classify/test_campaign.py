"""Campaign labels from report labels."""

from __future__ import annotations

import pytest

from crossline.classify.campaign import campaign_label
from crossline.errors import ValidationError


@pytest.mark.parametrize(
    ("reports", "label", "distribution"),
    [
        ([], None, {}),
        ([("tech_support", 0.9)], "tech_support", {"tech_support": 1}),
        (
            [("tech_support", 0.9), ("tech_support", 0.8), ("telemarketing", 0.95)],
            "tech_support",
            {"tech_support": 2, "telemarketing": 1},
        ),
        # one confident report outweighs several unsure ones
        (
            [
                ("government_impersonation", 0.95),
                ("telemarketing", 0.3),
                ("telemarketing", 0.3),
                ("telemarketing", 0.3),
            ],
            "government_impersonation",
            {"government_impersonation": 1, "telemarketing": 3},
        ),
        # not_fraud needs a two-thirds majority
        (
            [("not_fraud", 0.9), ("account_phishing", 0.9)],
            "account_phishing",
            {"account_phishing": 1, "not_fraud": 1},
        ),
        (
            [("not_fraud", 0.9), ("not_fraud", 0.9), ("not_fraud", 0.9), ("account_phishing", 0.6)],
            "not_fraud",
            {"account_phishing": 1, "not_fraud": 3},
        ),
        # tie in weight: more reports wins
        (
            [("job_task", 0.6), ("job_task", 0.6), ("loan_debt_relief", 1.0)],
            "job_task",
            {"job_task": 2, "loan_debt_relief": 1},
        ),
    ],
    ids=["empty", "single", "majority", "confidence", "nf-minority", "nf-majority", "tie"],
)
def test_campaign_label(reports, label, distribution) -> None:  # noqa: ANN001
    assert campaign_label(reports) == (label, distribution)


@pytest.mark.parametrize(
    "reports", [[("bogus", 0.5)], [("job_task", 1.5)]], ids=["label", "confidence"]
)
def test_bad_input_is_named(reports) -> None:  # noqa: ANN001
    with pytest.raises(ValidationError, match="report 0"):
        campaign_label(reports)
