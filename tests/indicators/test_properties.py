"""Property tests: normal forms are fixed points, formatting never changes a number,
and no input crashes the extractor."""

from __future__ import annotations

import string

import phonenumbers
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from crossline.indicators import extract, extract_many, normalize
from crossline.indicators.payments import luhn_ok

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
REGIONS = ("US", "IN", "GB")
TYPES = (
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE,
    phonenumbers.PhoneNumberType.TOLL_FREE,
)


@st.composite
def valid_numbers(draw: st.DrawFn) -> tuple[str, phonenumbers.PhoneNumber]:
    """A valid number of a home region, varied from libphonenumber's example numbers."""
    region = draw(st.sampled_from(REGIONS))
    example = phonenumbers.example_number_for_type(region, draw(st.sampled_from(TYPES)))
    assume(example is not None)
    nsn = str(example.national_number)
    tail = draw(st.text(alphabet=string.digits, min_size=3, max_size=3))
    number = phonenumbers.parse(f"+{example.country_code}{nsn[:-3]}{tail}", None)
    assume(phonenumbers.is_valid_number(number))
    return region, number


FORMATS = (
    phonenumbers.PhoneNumberFormat.NATIONAL,
    phonenumbers.PhoneNumberFormat.INTERNATIONAL,
    phonenumbers.PhoneNumberFormat.E164,
)


@SETTINGS
@given(valid_numbers(), st.sampled_from(FORMATS), st.sampled_from([" ", "-", ".", None]))
def test_any_formatting_gives_the_same_e164(
    drawn: tuple[str, phonenumbers.PhoneNumber], fmt: int, sep: str | None
) -> None:
    region, number = drawn
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    written = phonenumbers.format_number(number, fmt)
    if sep is not None:  # same grouping, another separator
        written = written.replace(" ", sep).replace("-", sep).replace("(", "").replace(")", "")
        written = written.replace(f"+{sep}", "+")
    found = [f.value for f in extract(f"please call {written} today", region) if f.kind == "phone"]
    assert found == [e164]
    assert normalize("phone", written, region).value == e164


@SETTINGS
@given(valid_numbers())
def test_phone_normal_form_is_a_fixed_point(drawn: tuple[str, phonenumbers.PhoneNumber]) -> None:
    region, number = drawn
    once = normalize("phone", phonenumbers.format_number(number, 0), region).value
    assert normalize("phone", once).value == once
    assert normalize("phone", once, region).value == once


_LABEL = st.text(alphabet=string.ascii_lowercase + string.digits, min_size=3, max_size=12)


@SETTINGS
@given(_LABEL, st.sampled_from(["com", "co.uk", "in", "xyz", "com.br"]), _LABEL, st.booleans())
def test_web_normal_forms_are_fixed_points(label: str, suffix: str, path: str, upper: bool) -> None:
    host = f"{label}.{suffix}"
    url = f"HTTPS://{host.upper() if upper else host}/{path}"
    for kind, raw in (("url", url), ("domain", url), ("email", f"{label}@{host}")):
        once = normalize(kind, raw).value
        assert normalize(kind, once).value == once


def _iban(country: str, bban: str) -> str:
    digits = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{country}{98 - int(digits) % 97:02d}{bban}"


@SETTINGS
@given(
    st.text(alphabet=string.digits, min_size=18, max_size=18),
    st.text(alphabet=string.digits, min_size=14, max_size=14),
    st.sampled_from(["", " ", "-"]),
)
def test_payment_normal_forms_are_fixed_points(bban: str, body: str, sep: str) -> None:
    iban = _iban("DE", bban)
    spaced = sep.join(iban[i : i + 4] for i in range(0, len(iban), 4)) if sep != "-" else iban
    assert normalize("iban", spaced).value == iban == normalize("iban", iban).value
    pan = "4" + body
    pan += next(d for d in string.digits if luhn_ok(pan + d))
    key = b"k" * 32
    once = normalize("card", sep.join([pan[:4], pan[4:8], pan[8:12], pan[12:]]), card_key=key)
    assert normalize("card", once.value, card_key=key).value == once.value
    account = normalize("bank_account", sep.join([bban[:6], bban[6:16]]) + "1").value
    assert normalize("bank_account", account).value == account


def _check_found(text: str, found: list) -> None:  # type: ignore[type-arg]
    assert [f.start for f in found] == sorted(f.start for f in found)
    for f in found:
        assert 0 <= f.start < f.end <= len(text)
        if f.kind != "card":
            assert f.raw == text[f.start : f.end]


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=string.digits + " -./()+", max_size=60), st.sampled_from([None, "US", "IN"])
)
def test_random_digit_strings_never_crash(text: str, region: str | None) -> None:
    _check_found(text, extract(text, region))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_random_unicode_never_crashes(text: str) -> None:
    _check_found(text, extract(text, "IN"))


FRAGMENTS = [
    "call", "833-304-1447", "+91 98765 43210", "hxxps://evil[.]com/x", "ref no", "4455667788",
    "Rs.", "50,000", "www.example.co.uk", "john@okaxis", "a/c", "50100234567890", "IFSC",
    "HDFC0001234", "eight three three", "three zero four", "one four four seven", "on",
    "12/05/2023", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "t.me/cryptoguru", "OTP",
    "४३२१०", "\u00a0", ".", ",", "\n", "x", "Order #", "visit", "scam-site.live",
]  # fmt: skip


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(FRAGMENTS), max_size=14).map(" ".join), max_size=12),
    st.sampled_from([None, "US", "IN"]),
)
def test_batch_equals_one_by_one(texts: list[str], region: str | None) -> None:
    assert extract_many(texts, region) == [extract(t, region) for t in texts]
