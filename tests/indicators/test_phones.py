"""Phone numbers: formats, regions, spoken and vanity numbers, and what must never be one."""

from __future__ import annotations

import pytest

from crossline.indicators import extract

from .support import kinds_values, only


def phones(text: str, region: str | None) -> list[str]:
    return [f.value for f in only(extract(text, region), "phone")]


@pytest.mark.parametrize(
    ("text", "region", "expected"),
    [
        ("call 833-304-1447 now", "US", ["+18333041447"]),
        ("call (833) 304-1447", "US", ["+18333041447"]),
        ("call 1-833-304-1447", "US", ["+18333041447"]),
        ("call 833.304.1447", "US", ["+18333041447"]),
        ("call +1 833 304 1447", None, ["+18333041447"]),
        ("call 011 44 20 7946 0958", "US", ["+442079460958"]),
        ("call 8442049279 back", "US", ["+18442049279"]),
        ("call 844-2049-279", "US", ["+18442049279"]),
        ("Call our car at 800-833-304-1447.", "US", ["+18333041447"]),
        ("call 098765 43210", "IN", ["+919876543210"]),
        ("call +91-98765-43210", None, ["+919876543210"]),
        ("call 0091 9876543210", "IN", ["+919876543210"]),
        ("call 91 9876543210", "IN", ["+919876543210"]),
        ("call 91 9876543210", None, ["+919876543210"]),
        ("call 919876543210", "IN", ["+919876543210"]),
        ("helpline 1800-425-3800", "IN", ["+9118004253800"]),
        ("Delhi office 011-46592191", "IN", ["+911146592191"]),
        ("call 0845 021 3680", "GB", ["+448450213680"]),
        ("+44 (0)20 7946 0958", None, ["+442079460958"]),
        ("call 833-304-1447 ext. 204", "US", ["+18333041447"]),
        ("call 833-304-1447x204", "US", ["+18333041447"]),
        ("call 98765 43210 / 98765 43211", "IN", ["+919876543210", "+919876543211"]),
        ("Ph:9311304872/9268250573", "IN", ["+919311304872", "+919268250573"]),
        ("To claim, call09050000337", "GB", ["+449050000337"]),
        ("Call 7679046492.Claim Code L92", "IN", ["+917679046492"]),
        ("It's 2-1-3-6-0-0-7-5-7-9.", "US", ["+12136007579"]),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_written_numbers(text: str, region: str | None, expected: list[str]) -> None:
    assert phones(text, region) == expected


@pytest.mark.parametrize(
    ("text", "region", "expected"),
    [
        ("eight three three three zero four one four four seven", "US", "+18333041447"),
        ("eight three three, six three one, seven nine one one", "US", "+18336317911"),
        ("eight double four, five five five, zero one four three", "US", "+18445550143"),
        ("833 three oh four one four four seven", "US", "+18333041447"),
        ("one eight hundred five five five zero one nine nine", "US", "+18005550199"),
        ("eight eighty eight, five five five, zero one four three", "US", "+18885550143"),
        ("nine eight seven six five four three two one zero", "IN", "+919876543210"),
        ("triple nine, eight seven six, five four three two", "IN", "+919998765432"),
        ("one two three four five six seven eight", "US", None),
        ("one two three four five six seven eight nine ten", "US", None),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_spoken_numbers(text: str, region: str, expected: str | None) -> None:
    found = only(extract(f"please call {text}. Thanks", region), "phone")
    assert [f.value for f in found] == ([expected] if expected else [])
    assert all("spoken" in f.flags for f in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("call 1-800-FLOWERS today", "+18003569377"),
        ("call 1-888-NEW-PLAN", "+18886397526"),
        ("call 1-800-Flowers", "+18003569377"),
        ("call 800-GOT-JUNK", "+18004685865"),
        ("call 1-800-CONTACTS", "+18002668228"),
    ],
    ids=lambda v: v,
)
def test_vanity_numbers(text: str, expected: str) -> None:
    found = only(extract(text, "US"), "phone")
    assert [f.value for f in found] == [expected]
    assert "vanity" in found[0].flags


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("I paid 800 dollars", "US"),
        ("our 800 number is busy", "US"),
        ("on 12/05/2023 and 2023-05-12 and 12.05.2023", "US"),
        ("Nationwide: card used on 29-11-2016 15:04:43 at APPLE", "GB"),
        ("meeting at 10:30 or 10.30, room 1204", "US"),
        ("amount Rs. 1,00,000 and ₹ 50,000 and Rs 9876543210", "IN"),
        ("paid $299.99 and $1,537.35 for it", "US"),
        ("won 5 lakh, 9876543210 rupees", "IN"),
        ("Order #112-3344556-7788990 placed", "US"),
        ("ref no 4455667788", "IN"),
        ("Reference number: 7044518857", "US"),
        ("Your OTP is 48291734", "IN"),
        ("verification code 98765 43210", "IN"),
        ("card XXXXXX1234 and a/c xxxx-xxxx-7044518857", "IN"),
        ("version 10.0.19041.1 build 20230512", "US"),
        ("Transaction ID 9876543210", "IN"),
        ("tracking id 7894561230 via BlueDart", "IN"),
        ("IMEI 353456789012345", "IN"),
        ("customer id 7044518857", "US"),
        ("ID4455667788 and 4455667788AB", "IN"),
        ("1234567890", "US"),
        ("order number 2, 1, 2, 2 of iPhone 11", "US"),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) > 3 else None,
)
def test_never_a_phone(text: str, region: str) -> None:
    assert phones(text, region) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("call 7044518857", []),  # valid in the US and in India: needs a hint
        ("call 833-304-1447", ["+18333041447"]),  # NANP layout
        ("call 98765 43210", ["+919876543210"]),  # Indian mobile layout
        ("call 098765 43210", ["+919876543210"]),
        ("call 07781 482378", []),  # UK or India? not without a hint
        ("call +44 7781 482378", ["+447781482378"]),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_without_region_only_unambiguous_forms(text: str, expected: list[str]) -> None:
    assert phones(text, None) == expected


def test_metadata_and_span() -> None:
    text = "Dear customer call our toll free 1800-425-3800 or 98765 43210"
    found = only(extract(text, "IN"), "phone")
    assert [(f.meta["phone_type"], f.meta["region"]) for f in found] == [
        ("toll_free", "IN"),
        ("mobile", "IN"),
    ]
    assert [text[f.start : f.end] for f in found] == ["1800-425-3800", "98765 43210"]
    assert all(f.raw == text[f.start : f.end] for f in found)


@pytest.mark.parametrize(
    "text",
    [
        "फ़ोन ९८७६५ ४३२१० पर कॉल करें",  # Devanagari digits
        "call ＋９１ ９８７６５ ４３２１０",  # full-width
        "call +91\u00a098765\u00a043210",  # no-break spaces
        "call 98765\u201343210",  # en dash
    ],
    ids=["devanagari", "full-width", "nbsp", "en-dash"],
)
def test_non_ascii_digits_keep_offsets(text: str) -> None:
    found = only(extract(text, "IN"), "phone")
    assert [f.value for f in found] == ["+919876543210"]
    assert found[0].raw == text[found[0].start : found[0].end]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("A/c No. 50100234567890 at HDFC", "bank_account"),
        ("a/c 9876543210", "bank_account"),
        ("Aadhaar 498273650122", "pii_aadhaar"),
        ("SSN 123456788", "pii_ssn"),
    ],
    ids=lambda v: v,
)
def test_cue_picks_reading_over_phone(text: str, kind: str) -> None:
    found = kinds_values(text, "IN")
    assert {k for k, _ in found} == {kind}


def test_call_before_claim_number_is_still_a_phone() -> None:
    assert phones("Pls call claim number 09066364312 now", "GB") == ["+449066364312"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("confirmation number 8334561234", []),
        ("check number 8334561234", []),
        ("card ending 4455667788", []),
        ("please check with 8334561234", ["+18334561234"]),
        ("WhatsApp group 8334561234", ["+18334561234"]),
        ("Rs.5000 sent to 8334561234", ["+18334561234"]),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_reference_words_and_verbs(text: str, expected: list[str]) -> None:
    assert phones(text, "US") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the agent called from 855-223-9087", ["+18552239087"]),
        ("refund desk (888) 310-4522 pe call kiya", ["+18883104522"]),
        ("US number 1-877-502-6611 se call aaya", ["+18775026611"]),
        ("call 85522 39087", ["+918552239087"]),
        ("call 8552239087", ["+918552239087"]),
        ("call 989-123-4567", ["+919891234567"]),
    ],
    ids=[
        "nanp-dashes",
        "nanp-parens",
        "nanp-leading-1",
        "indian-5-5",
        "indian-bare",
        "not-toll-free",
    ],
)
def test_us_toll_free_layout_in_an_indian_complaint(text: str, expected: list[str]) -> None:
    """3-3-4 is how a US toll-free number is copied; Indian mobiles are written 5-5 or
    as ten digits. Only toll-free codes are read as US: 989 is an Indian mobile prefix
    and a Michigan area code."""
    assert phones(text, "IN") == expected
