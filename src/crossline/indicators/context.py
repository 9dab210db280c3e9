"""Reading the words around a number: is it a phone, an account, an amount, an order id?

A run of digits means different things after "call", "a/c no.", "order #", "OTP is" or
"Rs."; the numbering plan cannot tell them apart, the text can. The *cue* of an
occurrence is the last keyword before it, skipping filler words ("number", "is", "our",
"no." ...), within a short window; amounts are also recognised after the number
("5 lakh", "50000 rupees", "/-").
"""

from __future__ import annotations

import re

REF = "ref"  # order / tracking / reference / transaction / ticket / customer ids
OTP = "otp"  # one-time passwords, PINs, codes
AMOUNT = "amount"  # money
VERSION = "version"  # software versions, builds
MASKED = "masked"  # XXXX-XXXX-1234567: the visible tail of a masked number
ACCOUNT = "account"
AADHAAR = "aadhaar"
SSN = "ssn"
CARD = "card"
PHONE = "phone"

#: Cues after which a number is never an indicator.
VETO = frozenset({REF, OTP, AMOUNT, VERSION, MASKED})
#: Cues that pick one reading of a number.
CUE_KIND = {
    ACCOUNT: "bank_account",
    AADHAAR: "pii_aadhaar",
    SSN: "pii_ssn",
    CARD: "card",
    PHONE: "phone",
}

_KEYWORDS: dict[str, str] = {
    REF: (
        r"orders?|ord|tracking|track|awb|consignment|shipment|parcel|package|ref|refno|"
        r"reference|txn|transaction|trans|utr|rrn|invoice|inv|bill|receipt|ticket|case|"
        r"complaint|docket|claim|policy|application|appl|app|loan|emi|pnr|booking|voucher|"
        r"coupon|promo|serial|s/n|sr|model|imei|roll|registration|reg|enrol?ment|"
        r"membership|member|customer|cust|client|crn|cif|consumer|folio|certificate|"
        r"challan|fir|batch|lot|sku|item|product|id|ids|identifier|acknowledgement|ack|"
        r"request|req|token|session|job|file|report|record|patent|isbn|barcode|zip|pin ?code|"
        r"pincode|postcode|postal|route|routing|aba|sort ?code|swift|micr"
    ),
    OTP: (
        r"otp|one[ \-]time[ \-]password|verification|code|pin|passcode|password|pwd|cvv|"
        r"cvc|mpin|tpin|security code|secret"
    ),
    AMOUNT: (
        r"rs|inr|usd|us\$|\$|₹|£|€|eur|gbp|amount|amt|balance|bal|debited|credited|worth|"
        r"price|cost|fee|fees|fine|sum|salary|refund|payment of|loan of|limit|total"
    ),
    VERSION: r"version|ver|v|build|release|firmware|android|ios|windows|update",
    ACCOUNT: (
        r"a/c|a/cs|ac|acc|acct|account|accounts|beneficiary|benificiary|bank account|"
        r"savings|current account"
    ),
    AADHAAR: r"aadhaar|aadhar|adhaar|adhar|aadhaar card|aadhar card|uid|uidai",
    SSN: r"ssn|social security|ss#|ss #",
    CARD: r"card|credit card|debit card|visa|mastercard|rupay|amex",
    PHONE: (
        r"call|calls|calling|called|ph|phn|phone|phones|tel|telephone|mob|mobile|mobno|cell|"
        r"cellphone|contact|contacts|whatsapp|whatsap|watsapp|wa|helpline|hotline|"
        r"toll[ \-]?free|dial|sms|text|txt|fax|care|support|reach|line|landline|"
        r"number at|callback|call back|ring|telegram|signal|viber|imo|help|custcare|cc"
    ),
}
_FILLER = (
    r"no|nos|num|number|numbers|nr|is|was|are|be|of|the|our|your|ur|my|his|her|their|this|"
    r"that|at|on|to|as|a|an|with|via|for|from|in|us|me|it|here|now|immediately|asap|please|"
    r"pls|plz|kindly|below|given|following|details|detail|mentioned|given below|direct|"
    r"directly|same|new|official|registered|linked|said|only|or|and|him|them|back|you|u"
)
_GROUPS = "|".join(f"(?P<{cat}>{words})" for cat, words in _KEYWORDS.items())
# The last cue keyword, then only filler words and punctuation up to the number.
_IMMEDIATE_RE = re.compile(
    rf"(?<![a-z0-9])(?:{_GROUPS})(?:[^a-z0-9]+(?:{_FILLER}))*[^a-z0-9]*$"
)
_PHONE_BEFORE_RE = re.compile(rf"(?<![a-z0-9])(?:{_KEYWORDS[PHONE]})[^a-z0-9]+$")
_MASKED_RE = re.compile(r"[x*•]{2,}[ \-]*$")
_AFTER_AMOUNT_RE = re.compile(
    r"^ ?(?:/-|lakhs?|lacs?|crores?|cr\b|rupees|rs\b|inr|dollars|usd|pounds|gbp|million|"
    r"mn\b|bn\b|billion|k\b|%|per cent|percent|am\b|pm\b|hrs\b|hours)"
)
_GLUED_PHONE_RE = re.compile(
    r"(?:call|ph|phn|tel|mob|no|on|at|whatsapp|contact|helpline|dial|txt|text|help|care)$"
)
_WINDOW = 48
_WIDE = 80


def cue_before(text: str, start: int) -> str | None:
    """Category of the keyword governing the number at ``start``, if any."""
    window = text[max(0, start - _WINDOW) : start].lower()
    if _MASKED_RE.search(window):
        return MASKED
    match = _IMMEDIATE_RE.search(window)
    if match is None:
        return None
    category = match.lastgroup
    if category == REF and _PHONE_BEFORE_RE.search(window[: match.start()]):
        return PHONE  # "call claim number 0906...", "call our order line ..."
    return category


def amount_after(text: str, end: int) -> bool:
    """True when a currency word or unit follows the number ("5 lakh", "5000/-")."""
    return _AFTER_AMOUNT_RE.match(text[end : end + 12].lower()) is not None


def keyword_near(text: str, start: int, category: str, width: int = _WIDE) -> bool:
    """True when a keyword of ``category`` occurs in the ``width`` characters before."""
    window = text[max(0, start - width) : start].lower()
    return re.search(rf"(?<![a-z0-9])(?:{_KEYWORDS[category]})(?![a-z])", window) is not None


def glued_phone_prefix(text: str, start: int) -> bool:
    """True when the letters glued before a number are a phone word ("call0906...")."""
    return _GLUED_PHONE_RE.search(text[max(0, start - 12) : start].lower()) is not None


_UPI_CUE_RE = re.compile(
    r"(?<![a-z0-9])(?:upi|vpa|bhim|gpay|google ?pay|phone ?pe|paytm|pay to|upi id)(?![a-z])"
)
_TELEGRAM_CUE_RE = re.compile(r"(?<![a-z0-9])(?:telegram|tg|tele ?gram)(?![a-z])[^a-z0-9]*")


_WEB_CUE_RE = re.compile(
    r"(?<![a-z0-9])(?:visit|visiting|go ?to|go2|goto|log ?on(?: to)?|log ?in(?: at| to| on)?|"
    r"sign ?in(?: at| on)?|sign ?up(?: at| on)?|register(?: at| on)?|click|tap|open|browse|"
    r"site|website|web site|webpage|portal|link|url|domain|via|on our website)"
    r"[^a-z0-9]*(?:[a-z]+[^a-z0-9]+){0,2}$"
)


def web_cue(text: str, start: int) -> bool:
    """True when a word pointing at a web site comes right before ``start``."""
    return _WEB_CUE_RE.search(text[max(0, start - 40) : start].lower()) is not None


def upi_cue(text: str) -> bool:
    """True when the text speaks of UPI payments anywhere."""
    return _UPI_CUE_RE.search(text.lower()) is not None


def telegram_cue(text: str, start: int) -> bool:
    """True when "Telegram" (or "TG") is written within a few words before ``start``."""
    window = text[max(0, start - 40) : start].lower()
    return _TELEGRAM_CUE_RE.search(window) is not None
