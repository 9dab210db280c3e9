"""Reading the words around a number: is it a phone, an account, an amount, an order id?

A run of digits means different things after "call", "a/c no.", "order #", "OTP is" or
"Rs."; the numbering plan cannot tell them apart, the text can. The *cue* of an
occurrence is the last keyword before it, skipping filler words ("number", "is", "our",
"no." ...), within a short window; amounts are also recognised after the number
("5 lakh", "50000 rupees", "/-").

Keywords are matched as whole words on the lower-cased text: the window before the
number is cut into words once and looked up in dictionaries (a regular expression over
every keyword costs ten times more, and this runs for every number in a batch).
"""

from __future__ import annotations

import re

from crossline.indicators.banks import words

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

# Keyword phrases per category (one phrase per entry, words separated by spaces).
_KEYWORDS: dict[str, str] = {
    REF: """
        order|orders|ord|tracking|track|awb|consignment|shipment|parcel|package|ref|refno|
        reference|txn|transaction|trans|utr|rrn|invoice|inv|bill|receipt|ticket|case|
        complaint|docket|claim|policy|application|appl|app|loan|emi|pnr|booking|voucher|
        coupon|promo|serial|s/n|sr|model|imei|roll|registration|reg|enrolment|enrollment|
        membership|member|customer|cust|client|crn|cif|consumer|folio|certificate|challan|
        fir|batch|lot|sku|item|product|id|ids|identifier|acknowledgement|ack|request|req|
        token|session|job|file|report|record|patent|isbn|barcode|zip|pin code|pincode|
        postcode|postal|route|routing|aba|sort code|swift|micr|transaction id|order id|
        confirmation|conf|authorization|authorisation|auth|approval|dispute|check number|
        check no|check #|cheque|chq|passport|license|licence|dl|vehicle|meter|gstin|employee|
        student|tin|ein|npi|medicare|mbi|member id|account ending|ending|ending in
    """,
    OTP: """
        otp|one time password|verification|code|pin|passcode|password|pwd|
        cvv|cvc|mpin|tpin|security code|secret
    """,
    AMOUNT: """
        rs|inr|usd|us $|$|₹|£|€|eur|gbp|amount|amt|balance|bal|debited|credited|worth|price|
        cost|fee|fees|fine|sum|salary|refund|payment of|loan of|limit|total
    """,
    VERSION: "version|ver|v|build|release|firmware|android|ios|windows|update",
    ACCOUNT: """
        a/c|a/cs|ac|acc|acct|account|accounts|beneficiary|benificiary|bank account|savings|
        current account
    """,
    AADHAAR: "aadhaar|aadhar|adhaar|adhar|aadhaar card|aadhar card|uid|uidai",
    SSN: "ssn|social security|ss #",
    CARD: "card|credit card|debit card|visa|mastercard|rupay|amex",
    PHONE: """
        call|calls|calling|called|ph|phn|phone|phones|tel|telephone|mob|mobile|mobno|cell|
        cellphone|contact|contacts|whatsapp|whatsap|watsapp|wa|helpline|hotline|toll free|
        tollfree|dial|sms|text|txt|fax|care|support|reach|line|landline|number at|
        callback|call back|ring|telegram|signal|viber|imo|help|custcare|cc|caller|
        caller id|callerid|called from|call from|calls from|showed up as|
        displayed|display|dialed|dialled|rang|returned call|voicemail|left a message
    """,
}
_FILLER = words(
    """
    no nos num number numbers nr is was are be of the our your ur my his her their this that
    at on to as a an with via for from in us me it here now immediately asap please pls plz
    kindly below given following details detail mentioned direct directly same new official
    registered linked said only or and him them back you u # : s
    """
)


def _phrases(category: str) -> list[str]:
    return [p.strip() for p in _KEYWORDS[category].replace("\n", " ").split("|") if p.strip()]


# phrase (tuple of words) -> category; later categories never override earlier ones
_PHRASES: dict[tuple[str, ...], str] = {}
for _category in _KEYWORDS:
    for _phrase in _phrases(_category):
        _PHRASES.setdefault(tuple(_phrase.split()), _category)
_LONGEST = max(len(p) for p in _PHRASES)
_PHONE_WORDS = frozenset(p[-1] for p, c in _PHRASES.items() if c == PHONE and len(p) == 1)

# "the number on my bill was 877-...": a reference word in a phrase that qualifies the
# word "number" (number *on my bill*, number *from the letter*) names where the phone
# number was printed, not a bill number.
_HEAD_NOUNS = frozenset({"number", "numbers", "no", "phone", "tel", "contact"})
_QUALIFIERS = frozenset({"on", "from", "in", "at", "printed", "listed", "shown", "given"})
_DETERMINERS = frozenset({"my", "the", "a", "an", "his", "her", "their", "your", "our", "this"})

_WORD_RE = re.compile(r"[a-z0-9/]+|[#$₹£€]")
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


def _words_before(text: str, start: int, width: int) -> list[str]:
    lo = max(0, start - width)
    words = _WORD_RE.findall(text[lo:start].lower())
    if lo > 0 and words and text[lo - 1].isalnum() and text[lo].isalnum():
        words = words[1:]  # the window cut a word in two
    return words


def _phrase_at(words: list[str], i: int) -> tuple[str | None, int]:
    """Category of the longest keyword phrase ending at ``words[i]``, and where it starts."""
    for n in range(min(_LONGEST, i + 1), 0, -1):
        category = _PHRASES.get(tuple(words[i - n + 1 : i + 1]))
        if category is not None:
            return category, i - n + 1
    return None, i


def cue_before(text: str, start: int) -> str | None:
    """Category of the keyword governing the number at ``start``, if any."""
    head = text[max(0, start - 12) : start].lower()
    if _MASKED_RE.search(head):
        return MASKED
    words = _words_before(text, start, _WINDOW)
    i = len(words) - 1
    while i >= 0:
        category, first = _phrase_at(words, i)
        if category is not None:
            if category == REF and _phone_word_before(words, first):
                # "call claim number 0906...", "whatsapp id 98...", "a call from
                # Medicare at 1-800-...": the reference word names who called
                return PHONE
            if category in VETO and _qualifies_number(words, first):
                return PHONE  # "the number on my bill was 877-...": printed on the bill
            return category
        if words[i] not in _FILLER:
            return None
        i -= 1
    return None


def _phone_word_before(words: list[str], first: int) -> bool:
    """True when a phone word comes before ``words[first]``, only filler between."""
    j = first - 1
    while j >= 0 and words[j] in _FILLER and words[j] not in _PHONE_WORDS:
        j -= 1
    return j >= 0 and words[j] in _PHONE_WORDS


def _qualifies_number(words: list[str], first: int) -> bool:
    """True when the words before ``words[first]`` read "number on/from [my|the]":
    the keyword says where a number was printed, not what kind of number it is."""
    j = first - 1
    while j >= 0 and words[j] in _DETERMINERS:
        j -= 1
    if j < 1 or words[j] not in _QUALIFIERS:
        return False
    return words[j - 1] in _HEAD_NOUNS


def amount_after(text: str, end: int) -> bool:
    """True when a currency word or unit follows the number ("5 lakh", "5000/-")."""
    return _AFTER_AMOUNT_RE.match(text[end : end + 12].lower()) is not None


_EXTENSION_RE = re.compile(r"(?:x|ext\.?|extn)\s?[0-9]{1,6}(?![0-9A-Za-z])", re.IGNORECASE)


def extension_after(text: str, end: int) -> bool:
    """True when an extension is glued to the number ("833-304-1447x204")."""
    return _EXTENSION_RE.match(text, end) is not None


def keyword_near(text: str, start: int, category: str, width: int = _WIDE) -> bool:
    """True when a keyword of ``category`` occurs in the ``width`` characters before."""
    words = _words_before(text, start, width)
    return any(_phrase_at(words, i)[0] == category for i in range(len(words)))


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


_IFSC_CUE_RE = re.compile(r"(?<![a-z])(?:ifsc|ifs code|branch code|neft|rtgs|imps)(?![a-z])")


def ifsc_cue(text: str, start: int) -> bool:
    """True when IFSC (or a transfer system using it) is named within 60 characters."""
    return _IFSC_CUE_RE.search(text[max(0, start - 60) : start + 60].lower()) is not None


_SPLIT_ADDRESS_RE = re.compile(r"(?:www|https?|hxxps?|//)\S*\s$", re.IGNORECASE)


def split_address(text: str, start: int) -> bool:
    """True when what comes before ``start`` is the head of an address broken by a space
    ("www.recoverydana 98.com", "www.hadiahshopee 2018.blogsp ot.com")."""
    return _SPLIT_ADDRESS_RE.search(text[max(0, start - 60) : start]) is not None


def web_cue(text: str, start: int) -> bool:
    """True when a word pointing at a web site comes right before ``start``."""
    if split_address(text, start):
        return False
    return _WEB_CUE_RE.search(text[max(0, start - 40) : start].lower()) is not None


def upi_cue(text: str) -> bool:
    """True when the text speaks of UPI payments anywhere."""
    return _UPI_CUE_RE.search(text.lower()) is not None


def telegram_cue(text: str, start: int) -> bool:
    """True when "Telegram" (or "TG") is written within a few words before ``start``."""
    window = text[max(0, start - 40) : start].lower()
    return _TELEGRAM_CUE_RE.search(window) is not None
