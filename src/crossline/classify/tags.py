"""Secondary tags of a report: channel, payment rails, spoofing, money lost, call centre.

Tags are read from the text (and the channel the source declared), independently of
the label: a KYC-phishing SMS and a digital-arrest call can both ask for UPI.
Values follow ``TAXONOMY.md``; ``money_lost`` is ``"unknown"`` when the text says
neither way (a scam message itself never tells whether the victim paid).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from crossline.classify.taxonomy import CHANNELS

_RAILS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(p))
    for name, p in (
        ("upi", r"\bupi\b|@(?:ok)?(?:sbi|hdfc|icici|axis|ybl|paytm|upi|ibl|apl)\b|google ?pay|"
                r"\bgpay\b|phone ?pe|bhim|यूपीआई|paytm"),
        ("bank_transfer", r"\bneft\b|\bimps\b|\brtgs\b|\bifsc\b|bank (?:transfer|account "
                          r"(?:number|no))|account (?:number|no)\b|(?:transfer|deposit)(?:red)? "
                          r"(?:the )?(?:money|amount|funds?) (?:to|into)|a/c|खाते में"),
        ("wire", r"\bwire(?:d| transfer)?\b|western union|moneygram|\bswift\b|\biban\b"),
        ("card", r"(?:credit|debit) card|card (?:number|details)|\bcvv\b|expiry date|"
                 r"(?:visa|mastercard|rupay)\b"),
        ("gift_card", r"gift ?cards?|google play (?:card|gift)|itunes|apple (?:gift )?card|"
                      r"steam card|amazon (?:gift|voucher)|ebay card"),
        ("crypto", r"bitcoin|\bbtc\b|\busdt\b|crypto|ethereum|\beth\b|wallet address|"
                   r"bitcoin atm|binance|क्रिप्टो"),
        ("p2p_app", r"zelle|cash ?app|venmo|paypal"),
        ("cash_courier", r"(?:send|courier|pick ?up|collect)(?:ed)? (?:the )?cash|cash "
                         r"(?:in a box|pickup|courier)|gold bars?|courier (?:the )?(?:money|cash)"),
    )
)

_ROBOCALL = re.compile(
    r"\bpress (?:0|one|two|nine)\b|this is an? (?:automated|recorded|pre-?recorded) "
    r"(?:message|call)|do not call list|to be removed|virtual assistant"
)
_CALL = re.compile(r"\b(?:i|we) (?:got|received) a (?:phone )?call|called me|caller|on the phone")
_WHATSAPP = re.compile(r"whats ?app|\bwa\b")
_EMAIL = re.compile(r"\bemail(?:ed)?\b|e-mail|inbox")
_SOCIAL = re.compile(r"facebook|instagram|telegram|twitter|tiktok|snapchat|linkedin")
_URL = re.compile(r"https?:|www\.|\.(?:com|in|ly|co|top|xyz)/")
_CALL_CENTER = re.compile(
    r"\b(?:press|dial) (?:0|one|nine)\b|(?:speak|talk) (?:to|with) (?:an?|our|the) (?:live )?"
    r"(?:agent|officer|representative|operator|specialist|advisor|executive)|"
    r"(?:call|contact) (?:us|our|customer care|the officer)\b.{0,40}(?:0{3}|number|helpline)|"
    r"customer care (?:no|number)|call back (?:at|on)|kindly call us back|"
    r"is (?:sampark|baat) kare|संपर्क करें"
)
_LOST_YES = re.compile(
    r"\b(?:i|we|my (?:mother|father|husband|wife|son|daughter))\b.{0,20}\b(?:lost|paid|sent|"
    r"transferred|wired|gave|deposited)\b|\b(?:was|were|been|got) (?:scammed|defrauded|cheated)|"
    r"stole \{?\$|money (?:was|has been) (?:debited|deducted|taken)|paise (?:kat|chale) gaye|"
    r"पैसे कट गए|ठगी (?:हो गई|का शिकार)"
)
_LOST_NO = re.compile(
    r"\b(?:i|we) (?:did not|didn't|never|refused to) (?:pay|send|give|lose|transfer)|"
    r"\b(?:i|we) hung up|no money (?:was )?(?:lost|taken)|did not lose"
)
_GOV_NUMBER = re.compile(
    r"caller id (?:showed|said|displayed).{0,40}(?:police|government|irs|ssa|court|"
    r"department)|(?:number|call) (?:appeared|showed) (?:to be|as) .{0,30}(?:police|"
    r"government|official)|spoof(?:ed)? .{0,30}(?:police|government|official)"
)
_NEIGHBOR = re.compile(r"(?:same|my (?:own )?) (?:area code|prefix|first six digits)|"
                       r"neighbou?r(?:hood)? spoof|local number")


def payment_rails(norm: str) -> list[str]:
    """Payment rails named in a normalised text, in the order of :data:`PAYMENT_RAILS`."""
    return [name for name, pat in _RAILS if pat.search(norm)]


def infer_channel(norm: str, channel: str | None, source: str | None) -> str | None:
    """The declared channel if it is a known one, else one read from the source and text."""
    if channel:
        c = channel.strip().lower()
        if c in CHANNELS:
            return c
        if c in ("phone", "voice", "voicemail", "vishing"):
            return "call"
        if c in ("text", "smishing", "message"):
            return "sms"
    if source == "ftc_transcripts":
        return "robocall"
    if source == "ftc_dnc":
        return "robocall" if _ROBOCALL.search(norm) else "call"
    if not norm:
        return None
    if _ROBOCALL.search(norm):
        return "robocall"
    if _WHATSAPP.search(norm):
        return "whatsapp"
    if _CALL.search(norm):
        return "call"
    if _EMAIL.search(norm):
        return "email"
    if _SOCIAL.search(norm):
        return "social"
    if _URL.search(norm) and len(norm) < 400:
        return "sms"
    return None


def spoofing_from_numbers(caller: str | None, callee: str | None) -> str | None:
    """``"neighbor"`` when a caller number shares the callee's area code and exchange.

    Both are E.164 NANP numbers (``+1NPANXXXXXX``); ``None`` when either is missing or
    not NANP. The importer, which sees numbers, can use this; text alone cannot.
    """
    if not caller or not callee or not (caller.startswith("+1") and callee.startswith("+1")):
        return None
    if len(caller) == len(callee) == 12 and caller[:8] == callee[:8] and caller != callee:
        return "neighbor"
    return None


def tags_for(norm: str, *, channel: str | None = None, source: str | None = None,
             ) -> Mapping[str, object]:
    """All secondary tags of one normalised text."""
    if _GOV_NUMBER.search(norm):
        spoofing = "government_number"
    elif _NEIGHBOR.search(norm):
        spoofing = "neighbor"
    else:
        spoofing = "none_seen"
    if _LOST_NO.search(norm):
        lost = "no"
    elif _LOST_YES.search(norm):
        lost = "yes"
    else:
        lost = "unknown"
    return {
        "channel": infer_channel(norm, channel, source),
        "payment_rail": payment_rails(norm),
        "spoofing": spoofing,
        "money_lost": lost,
        "call_center": "yes" if _CALL_CENTER.search(norm) else "no",
    }
