"""First-person cues: which values in a complaint are the complainant's own."""

from __future__ import annotations

import pytest

from crossline.indicators import extract
from crossline.indicators.victim import victim_cue


def roles(text: str, region: str) -> dict[str, bool]:
    return {f.value: victim_cue(text, f.start, f.end) for f in extract(text, region)}


@pytest.mark.parametrize(
    ("text", "region", "expected"),
    [
        ("OTP came on my mobile 9812345678 and money went", "IN", {"+919812345678": True}),
        ("Please call me back on 98123 45678", "IN", {"+919812345678": True}),
        ("I can be reached at 646-291-7752", "US", {"+16462917752": True}),
        ("contact me at asha.r@example.com", "US", {"asha.r@example.com": True}),
        (
            "Rs 5,000 debited from my account 50100020804403 to a/c 30112233445",
            "IN",
            {"50100020804403": True, "30112233445": False},
        ),
        (
            "mera number 9812345678 hai, 7012345678 se call aaya",
            "IN",
            {"+919812345678": True, "+917012345678": False},
        ),
        ("mera paytm number 9812345678 hai", "IN", {"+919812345678": True}),
        ("मेरा नंबर 9812345678 है", "IN", {"+919812345678": True}),
        ("मेरे मोबाइल नंबर 9812345678 पर लिंक आया", "IN", {"+919812345678": True}),
        (
            "9812345678 (my number) got a call from 7012345678",
            "IN",
            {"+919812345678": True, "+917012345678": False},
        ),
        ("they called from 9812345678 pretending to be the bank", "IN", {"+919812345678": False}),
        ("my number was spoofed, they called from 9812345678", "IN", {"+919812345678": False}),
        ("his number 9812345678", "IN", {"+919812345678": False}),
        ("He said: call me on 9812345678 for the refund", "IN", {"+919812345678": False}),
        ('usne bola "call me back on 9812345678"', "IN", {"+919812345678": False}),
    ],
    ids=[
        "otp-on-my-mobile",
        "call-me-back",
        "reached-at",
        "contact-me-email",
        "from-my-account",
        "mera-number",
        "mera-paytm",
        "hindi-mera-number",
        "hindi-mere-mobile",
        "after-my-number",
        "called-from",
        "my-number-spoofed",
        "his-number",
        "quoted-suspect",
        "quoted-suspect-hinglish",
    ],
)
def test_first_person_cues(text: str, region: str, expected: dict[str, bool]) -> None:
    assert roles(text, region) == expected
