"""What a detector says about one scanned token, before the surrounding text is read.

A token (one scan match) yields *pieces*: spans inside the token, each with one or more
*options* in order of preference. An option may *need* something of the surrounding
text (an "a/c" before an account number, an "aadhaar" before 12 bare digits ...). Pieces
depend only on the token and the region, so they are computed once per distinct token and
cached; the text around each occurrence is read afterwards
(:mod:`crossline.indicators.resolve`).
"""

from __future__ import annotations

from dataclasses import dataclass

# What an option can require of the text around its occurrence.
NEED_ACCOUNT = "account"  # an account cue (a/c, account no, beneficiary account ...)
NEED_AADHAAR = "aadhaar"  # an Aadhaar cue (aadhaar, aadhar, UID ...)
NEED_SSN = "ssn"  # an SSN cue (SSN, social security ...)
NEED_CARD = "card"  # a card cue (card, credit card, debit card, CC ...)
NEED_UPI = "upi"  # a UPI cue anywhere in the text (UPI, VPA, GPay, PhonePe, Paytm ...)
NEED_TELEGRAM = "telegram"  # "telegram" / "TG" right before an @handle
NEED_PHONE = "phone"  # a phone cue (call, phone, mobile, whatsapp ...)
NEED_IFSC = "ifsc"  # "IFSC" / "NEFT" ... near a code of a bank not in the shipped table
NEED_WEB = "web"  # a web cue right before a bare host name (visit, log on to, click ...)
NEED_WHOLE = "whole"  # a bare host name that is not the tail of an address split by a space


@dataclass(frozen=True, slots=True)
class Option:
    """One reading of a piece: the indicator it would be."""

    kind: str
    value: str
    flags: frozenset[str] = frozenset()
    meta: tuple[tuple[str, str], ...] = ()
    need: str | None = None


@dataclass(frozen=True, slots=True)
class Piece:
    """A span of a token (offsets relative to the token) and its readings.

    ``numeric`` pieces (digit runs, spoken numbers) are subject to the context vetoes
    (dates, amounts, order / reference numbers, OTPs ...). ``strict_edges`` pieces are
    dropped when a letter or digit touches them (``ID4455667788``, ``xSBIN0001234``).
    ``raw`` replaces the text as written (payment cards: the masked form).
    """

    start: int
    end: int
    options: tuple[Option, ...]
    numeric: bool = False
    strict_edges: bool = False
    raw: str | None = None
