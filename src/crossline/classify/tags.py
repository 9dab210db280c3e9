"""Secondary tags of a report: channel, payment rails, spoofing, money lost, call centre.

Tags are read from the text (and the channel the source declared), independently of
the label: a KYC-phishing SMS and a digital-arrest call can both ask for UPI.
Values follow ``TAXONOMY.md``; ``money_lost`` is ``"unknown"`` when the text says
neither way (a scam message itself never tells whether the victim paid).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from crossline.classify.rules import match_patterns
from crossline.classify.taxonomy import CHANNELS, PAYMENT_RAILS

# Every tag pattern, matched over a batch in one vectorised pass each (see rules.match_patterns).
# Rail names come first, in the order of taxonomy.PAYMENT_RAILS.
_PATTERNS: dict[str, str] = {
    "upi": (
        r"\bupi\b|@(?:ok)?(?:sbi|hdfc|icici|axis|ybl|paytm|upi|ibl|apl)\b|google ?pay|"
        r"\bgpay\b|phone ?pe|bhim|यूपीआई|paytm"
    ),
    "bank_transfer": (
        r"\bneft\b|\bimps\b|\brtgs\b|\bifsc\b|bank (?:transfer|account (?:number|no))|"
        r"account (?:number|no)\b|(?:transfer|deposit)(?:red)? (?:the )?(?:money|amount|"
        r"funds?) (?:to|into)|a/c|खाते में"
    ),
    "wire": (r"\bwire(?:d| transfer)?\b|western union|moneygram|\bswift\b|\biban\b"),
    "card": (
        r"(?:credit|debit) card|card (?:number|details)|\bcvv\b|expiry date|(?:visa|"
        r"mastercard|rupay)\b"
    ),
    "gift_card": (
        r"gift ?cards?|google play (?:card|gift)|itunes|apple (?:gift )?card|steam card|"
        r"amazon (?:gift|voucher)|ebay card"
    ),
    "crypto": (
        r"bitcoin|\bbtc\b|\busdt\b|crypto|ethereum|\beth\b|wallet address|bitcoin atm|"
        r"binance|क्रिप्टो"
    ),
    "p2p_app": (r"zelle|cash ?app|venmo|paypal"),
    "cash_courier": (
        r"(?:send|courier|pick ?up|collect)(?:ed)? (?:the )?cash|cash (?:in a box|pickup|"
        r"courier)|gold bars?|courier (?:the )?(?:money|cash)"
    ),
    "robocall": (
        r"\bpress (?:0|one|two|nine)\b|this is an? (?:automated|recorded|"
        r"pre-?recorded) (?:message|call)|do not call list|to be removed|virtual assistant"
    ),
    "call": (r"\b(?:i|we) (?:got|received) a (?:phone )?call|called me|caller|on the phone"),
    "whatsapp": (r"whats ?app|\bwa\b"),
    "email": (r"\bemail(?:ed)?\b|e-mail|inbox"),
    "social": (r"facebook|instagram|telegram|twitter|tiktok|snapchat|linkedin"),
    "url": (r"https?:|www\.|\.(?:com|in|ly|co|top|xyz)/"),
    "call_center": (
        r"\b(?:press|dial) (?:0|one|nine)\b|(?:speak|talk) (?:to|with) (?:an?|our|"
        r"the) (?:live )?(?:agent|officer|representative|operator|specialist|advisor|"
        r"executive)|(?:call|contact) (?:us|our|customer care|"
        r"the officer)\b.{0,40}(?:0{3}|number|helpline)|customer care (?:no|number)|"
        r"call back (?:at|on)|kindly call us back|is (?:sampark|baat) kare|संपर्क करें"
    ),
    "lost_yes": (
        r"\b(?:i|we|my (?:mother|father|husband|wife|son|daughter))\b.{0,20}\b(?:lost|"
        r"paid|sent|transferred|wired|gave|deposited)\b|\b(?:was|were|been|"
        r"got) (?:scammed|defrauded|cheated)|stole \{?\$|money (?:was|"
        r"has been) (?:debited|deducted|taken)|paise (?:kat|chale) gaye|पैसे कट गए|"
        r"ठगी (?:हो गई|का शिकार)"
    ),
    "lost_no": (
        r"\b(?:i|we) (?:did not|didn't|never|refused to) (?:pay|send|give|lose|transfer)|"
        r"\b(?:i|we) hung up|no money (?:was )?(?:lost|taken)|did not lose"
    ),
    "gov_number": (
        r"caller id (?:showed|said|displayed).{0,40}(?:police|government|irs|ssa|court|"
        r"department)|(?:number|call) (?:appeared|showed) (?:to be|as) .{0,30}(?:police|"
        r"government|official)|spoof(?:ed)? .{0,30}(?:police|government|official)"
    ),
    "neighbor": (
        r"(?:same|my (?:own )?) (?:area code|prefix|first six digits)|"
        r"neighbou?r(?:hood)? spoof|local number"
    ),
}
_NAMES = tuple(_PATTERNS)
_COL = {name: j for j, name in enumerate(_NAMES)}
_RAIL_NAMES = tuple(name for name in _NAMES if name in PAYMENT_RAILS)


def _flags(norm_texts: Sequence[str]) -> np.ndarray:
    return match_patterns(norm_texts, [_PATTERNS[n] for n in _NAMES])


def _declared_channel(channel: str | None) -> str | None:
    if not channel:
        return None
    c = channel.strip().lower()
    if c in CHANNELS:
        return c
    if c in ("phone", "voice", "voicemail", "vishing"):
        return "call"
    if c in ("text", "smishing", "message"):
        return "sms"
    return None


# (flag, tag) in order of precedence: the first flag that is set gives the tag.
_CHANNEL_CUES = (
    ("robocall", "robocall"),
    ("whatsapp", "whatsapp"),
    ("call", "call"),
    ("email", "email"),
    ("social", "social"),
)
_SPOOFING = (("gov_number", "government_number"), ("neighbor", "neighbor"))
_LOST = (("lost_no", "no"), ("lost_yes", "yes"))


def first_set(
    flags: np.ndarray, cues: Sequence[tuple[str, str]], default: str | None = None
) -> str | None:
    """The tag of the first ``(flag, tag)`` cue whose flag is set, else ``default``."""
    for name, tag in cues:
        if flags[_COL[name]]:
            return tag
    return default


def _channel(norm: str, flags: np.ndarray, channel: str | None, source: str | None) -> str | None:
    declared = _declared_channel(channel)
    if declared:
        return declared
    if source == "ftc_transcripts":
        return "robocall"
    if source == "ftc_dnc":
        return "robocall" if flags[_COL["robocall"]] else "call"
    if not norm:
        return None
    cued = first_set(flags, _CHANNEL_CUES)
    if cued:
        return cued
    if flags[_COL["url"]] and len(norm) < 400:
        return "sms"
    return None


def _assemble(
    norm: str, flags: np.ndarray, channel: str | None, source: str | None
) -> dict[str, object]:
    return {
        "channel": _channel(norm, flags, channel, source),
        "payment_rail": [name for name in _RAIL_NAMES if flags[_COL[name]]],
        "spoofing": first_set(flags, _SPOOFING, "none_seen"),
        "money_lost": first_set(flags, _LOST, "unknown"),
        "call_center": "yes" if flags[_COL["call_center"]] else "no",
    }


def tags_many(
    norm_texts: Sequence[str],
    channels: Sequence[str | None],
    sources: Sequence[str | None],
) -> list[dict[str, object]]:
    """Tags of a batch of normalised texts (parallel ``channels`` and ``sources``)."""
    flags = _flags(norm_texts)
    return [_assemble(norm, flags[i], channels[i], sources[i]) for i, norm in enumerate(norm_texts)]


def tags_for(
    norm: str, *, channel: str | None = None, source: str | None = None
) -> Mapping[str, object]:
    """All secondary tags of one normalised text."""
    return tags_many([norm], [channel], [source])[0]


def payment_rails(norm: str) -> list[str]:
    """Payment rails named in a normalised text, in the order of ``PAYMENT_RAILS``."""
    flags = _flags([norm])[0]
    return [name for name in _RAIL_NAMES if flags[_COL[name]]]


def infer_channel(norm: str, channel: str | None, source: str | None) -> str | None:
    """The declared channel if it is a known one, else one read from the source and text."""
    return _channel(norm, _flags([norm])[0], channel, source)


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
