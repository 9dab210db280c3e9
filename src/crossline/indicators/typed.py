"""What a value typed into a search box may be, beyond what free-text extraction finds.

An investigator types an account as it appears on the paper in front of them:
``50100020804403``, ``5010 0020 8044 03``, ``0050100020804403``,
``HDFC0091163:50100020804403`` (the node's own stored form), ``HDFC0091163
50100020804403`` or ``50100020804403 (HDFC0091163)``. Text extraction wants an "a/c"
before a bare number and reads the stored form as an IFSC only; here each of these
forms is an account: its number, and its IFSC when one is written with it.

A caller number that no numbering plan accepts is also looked for as reported
(``phone_raw``), so that a spoofed caller id can be found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crossline.indicators.normalize import raw_phone_digits
from crossline.indicators.payments import account_digits, ifsc

_IFSC = r"[A-Za-z]{4}0[A-Za-z0-9]{6}"
_NUMBER = r"[0-9][0-9 \-]{4,30}[0-9]"
_CUE = r"(?:(?:a/?c|acc(?:oun)?t|account)(?:\s*(?:no\.?|number|#))?\s*[:\-]?\s*)?"
_IFSC_CUE = r"(?:ifsc(?:\s*code)?\s*[:\-]?\s*)?"
_FORMS = (
    # HDFC0091163:50100020804403, HDFC0091163 / 50100020804403, IFSC X a/c Y
    re.compile(rf"{_IFSC_CUE}(?P<ifsc>{_IFSC})\s*[:/,\-]?\s*{_CUE}(?P<number>{_NUMBER})"),
    # 50100020804403 (HDFC0091163), a/c 50100020804403 IFSC HDFC0091163
    re.compile(
        rf"{_CUE}(?P<number>{_NUMBER})\s*[(\[,/:\-]?\s*{_IFSC_CUE}(?P<ifsc>{_IFSC})\s*[)\]]?"
    ),
    # 50100020804403, 5010 0020 8044 03, a/c no. 0050100020804403
    re.compile(rf"{_CUE}(?P<number>{_NUMBER})"),
)


@dataclass(frozen=True, slots=True)
class TypedAccount:
    """A bank account as typed: its digits, and the IFSC written with it, if any."""

    number: str
    ifsc: str | None

    @property
    def key(self) -> str:
        """The account's normal form (``IFSC:digits`` or the digits alone)."""
        return f"{self.ifsc}:{self.number}" if self.ifsc else self.number

    @property
    def significant(self) -> str:
        """The number without leading zeros: how accounts are matched by number."""
        return self.number.lstrip("0") or "0"


def typed_account(query: str) -> TypedAccount | None:
    """The bank account ``query`` names when the whole of it is one (see module doc)."""
    text = query.strip()
    for form in _FORMS:
        match = form.fullmatch(text) or form.fullmatch(text.lower())
        if match is None:
            continue
        digits = account_digits(match.group("number"))
        if digits is None or not 6 <= len(digits.lstrip("0")) <= 18:
            return None
        code = match.groupdict().get("ifsc")
        return TypedAccount(digits, ifsc(code) if code else None)
    return None


def typed_raw_phone(query: str) -> list[str]:
    """Digits a reported caller number may have been stored under (``phone_raw``): as
    typed, and with or without the NANP country code 1 (complaint forms differ)."""
    digits = raw_phone_digits(query)
    if digits is None:
        return []
    out = [digits]
    if len(digits) == 11 and digits[0] == "1":
        out.append(digits[1:])
    elif len(digits) == 10:
        out.append("1" + digits)
    return out
