"""End to end on the shipped model: labels, confidence, evidence, edge cases.

The texts below are written for these tests (not copied from the training data or
the synthetic templates), in the three languages the classifier serves.
"""

from __future__ import annotations

import pytest

from crossline.classify import LABELS, Classification, classify, classify_many
from crossline.errors import ValidationError

CASES = [
    (
        "government_impersonation",
        "This is officer Daniel Ross from the Social Security Administration. Your social security "
        "number was used in a crime in Texas and will be suspended today. Press one now.",
    ),
    (
        "government_impersonation",
        "Namaste, main Delhi police crime branch se bol raha hoon, aapke Aadhaar se ek parcel gaya "
        "hai jisme drugs hain, aap digital arrest me ho, call mat kaatna",
    ),
    (
        "government_impersonation",
        "आपके नाम पर गिरफ्तारी वारंट जारी हुआ है, सीबीआई अधिकारी से बात करने के लिए 1 दबाएं",
    ),
    (
        "tech_support",
        "Microsoft security alert: your PC has been hacked and your files are at risk. Call our "
        "certified technicians now and allow remote access to fix the virus.",
    ),
    (
        "business_impersonation",
        "Hi, this is Amazon fraud department. A charge of $849 for a MacBook was made on your "
        "account. If you did not make this purchase press 1 to talk to a representative.",
    ),
    (
        "account_phishing",
        "Dear SBI customer, your YONO account has been suspended. Update your PAN immediately at "
        "http://sbi-kyc-update.xyz to avoid blocking.",
    ),
    (
        "account_phishing",
        "प्रिय ग्राहक, आपका केवाईसी अधूरा है, आपका खाता आज रात ब्लॉक हो जाएगा। यहां क्लिक करें",
    ),
    (
        "investment_crypto",
        "Earn 40% monthly returns with our crypto trading bot, guaranteed profit. Deposit USDT "
        "today and double your money.",
    ),
    (
        "job_task",
        "Hiring now! Work from home part-time, like YouTube videos and earn 5000 rupees daily. "
        "Message HR on Telegram.",
    ),
    (
        "prize_lottery",
        "Congratulations, your number won 25 lakh in the KBC lucky draw. To claim the prize call "
        "Rana Pratap Singh on WhatsApp.",
    ),
    (
        "loan_debt_relief",
        "Pre-approved personal loan of Rs 5,00,000 without documents, instant disbursal in 10 "
        "minutes. Apply now.",
    ),
    (
        "delivery_shopping",
        "USPS: We could not deliver your package due to an incomplete address. Please update and "
        "pay the $1.99 redelivery fee here.",
    ),
    (
        "telemarketing",
        "We've been trying to contact you about your vehicle's extended warranty. Press 1 to speak "
        "with a warranty specialist or press 2 to be removed.",
    ),
    ("not_fraud", "Hey, I'm running 10 minutes late, save me a seat!"),
    ("not_fraud", "Bhai kal match dekhne chalega? Main 6 baje tak free ho jaunga"),
]


@pytest.mark.parametrize(("label", "text"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_labels(label: str, text: str) -> None:
    got = classify(text)
    assert got.label == label, got


def test_result_shape() -> None:
    got = classify(CASES[0][1], channel="call")
    assert isinstance(got, Classification)
    assert got.label in LABELS
    assert 0.0 <= got.confidence <= 1.0
    assert got.evidence and all(isinstance(e, str) for e in got.evidence)
    assert set(got.tags) == {"channel", "payment_rail", "spoofing", "money_lost", "call_center"}
    assert got.tags["channel"] == "call"
    assert got.needs_review == (got.confidence < 0.5)


def test_batch_matches_single_and_keeps_order() -> None:
    texts = [t for _, t in CASES]
    batch = classify_many(texts)
    assert [r.label for r in batch] == [classify(t).label for t in texts]
    assert batch[3].confidence == pytest.approx(classify(texts[3]).confidence, abs=1e-5)


def test_unsure_text_is_marked_for_review() -> None:
    got = classify("ok")
    assert got.needs_review or got.label == "not_fraud"


@pytest.mark.parametrize(
    ("source", "category", "label", "review"),
    [
        ("ftc_dnc", "Computer & technical support", "tech_support", False),
        ("ncrp", "Online Job Fraud", "job_task", False),
        ("ftc_dnc", None, "telemarketing", True),
        ("ncrp", None, "other_fraud", True),
        (None, None, "not_fraud", True),
    ],
    ids=["dnc-subject", "ncrp-subcategory", "dnc-bare", "ncrp-bare", "nothing"],
)
def test_empty_text_uses_category_or_source(source, category, label, review) -> None:  # noqa: ANN001
    got = classify("", source=source, source_category=category)
    assert (got.label, got.needs_review) == (label, review)
    assert got.confidence <= 0.6


def test_category_tips_an_ambiguous_text_but_not_a_clear_one() -> None:
    vague = "they took my money"
    assert classify(vague).label == "not_fraud"
    assert classify(vague, source="ncrp", source_category="Online Job Fraud").label == "job_task"
    clear = CASES[12][1]  # car warranty
    got = classify(clear, source="ncrp", source_category="Online Job Fraud")
    assert got.label == "telemarketing"


def test_parallel_columns_must_match() -> None:
    with pytest.raises(ValidationError, match="channels has 1 items for 2 texts"):
        classify_many(["a", "b"], channels=["sms"])


def test_empty_batch_and_wordless_texts() -> None:
    assert classify_many([]) == []
    got = classify_many(["   ", "!!!"], sources=["ftc_dnc", None])
    assert [r.label for r in got] == ["telemarketing", "not_fraud"]
    assert all(r.needs_review and r.evidence == ("no_text",) for r in got)


@pytest.mark.parametrize(
    "text",
    [
        "Your Amazon order #402-118 has shipped and will arrive Tuesday.",
        "483920 is your OTP for login to HDFC NetBanking. Do not share it with anyone.",
        "Hi, this is Dr. Patel's office confirming your appointment tomorrow at 3 pm.",
    ],
    ids=["shipping-notice", "bank-otp", "appointment"],
)
def test_legitimate_notifications_are_not_fraud(text: str) -> None:
    assert classify(text).label == "not_fraud"
