"""Labeling functions: syntax, agreement between engines, and what they vote for."""

from __future__ import annotations

import re

import numpy as np
import pytest

from crossline.classify import rules
from crossline.classify.features import normalize


@pytest.mark.parametrize("rule", rules.RULES, ids=[r.name for r in rules.RULES])
def test_rule_compiles_in_both_engines(rule: rules.Rule) -> None:
    re.compile(rule.pattern)
    # Polars (Rust regex) must accept it too: a bad pattern raises here
    rules.match_matrix(["probe text"])


_SAMPLES = [
    "Your social security number has been suspended due to fraudulent activity. Press 1",
    "Aapka KYC update nahi hua to account band ho jayega",
    "मैं सीबीआई से बोल रहा हूं, आप डिजिटल अरेस्ट में हैं",
    "Congratulations! You have won a £1000 prize. Call 09061743386 to claim",
    "ok lor, see you at 5",
    "Hello, this is Amazon. An order of iPhone 11 Pro was placed. If you did not authorize, "
    "press 1",
]


def test_python_and_polars_agree() -> None:
    norms = [normalize(t) for t in _SAMPLES]
    matrix = rules.match_matrix(norms)
    for i, norm in enumerate(norms):
        for j, rule in enumerate(rules.RULES):
            py = re.search(rule.pattern, norm) is not None
            assert py == bool(matrix[i, j]), (rule.name, norm)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        (
            "This call is from the Social Security Administration, your SSN is suspended for "
            "illegal activity, press 1 to speak to an officer",
            "government_impersonation",
        ),
        (
            "Hello, this call is from Microsoft Help Center. Your computer is infected with a "
            "virus",
            "tech_support",
        ),
        (
            "Greetings, this is an automated message from the Disconnection Department of Duke "
            "Energy Electricity Company",
            "business_impersonation",
        ),
        ("Dear PAYTM customer your KYC has expired, contact customer care", "account_phishing"),
        ("Join our Telegram trading group for guaranteed returns on USDT", "investment_crypto"),
        ("Part time job, work from home and earn Rs 3000 daily", "job_task"),
        (
            "Your video will go viral, send money or I share the nude video with your family",
            "romance_sextortion",
        ),
        (
            "Hi Grandma, it's me, I was in an accident and I'm in jail, please send bail money",
            "family_emergency",
        ),
        ("KBC lottery me aapka number select hua hai, 25 lakh ka inaam", "prize_lottery"),
        (
            "You now qualify for a 0% interest rate on all your credit card accounts",
            "loan_debt_relief",
        ),
        ("USPS: your package is on hold, pay the redelivery fee at the link", "delivery_shopping"),
        ("We've been trying to reach you about your car's extended warranty", "telemarketing"),
        ("Play poker and casino games, bet now and win", "other_fraud"),
        ("481223 is your OTP for login. Do not share it with anyone", "not_fraud"),
    ],
    ids=lambda v: v[:28],
)
def test_rules_label_clear_cases(text: str, label: str) -> None:
    vote = rules.votes(rules.match_matrix([normalize(text)]))[0]
    assert rules.weak_label(vote, min_vote=1.0, margin=0.5) == label


def test_rules_abstain_on_neutral_text() -> None:
    vote = rules.votes(rules.match_matrix([normalize("The meeting moved to room 4")]))[0]
    assert rules.weak_label(vote) is None


def test_fired_reports_the_matched_phrase() -> None:
    norm = normalize("Complete your KYC today")
    got = rules.fired(norm, rules.match_matrix([norm])[0])
    assert ("kyc_update", "kyc") in [(r.name, phrase) for r, phrase in got]


def test_votes_are_weighted_per_label() -> None:
    m = np.zeros((1, len(rules.RULES)), dtype=bool)
    j = next(i for i, r in enumerate(rules.RULES) if r.name == "kyc_update")
    m[0, j] = True
    v = rules.votes(m)[0]
    assert v.sum() == pytest.approx(rules.RULES[j].weight)
