"""Whose value is it? First-person cues that make a number, handle or account the
complainant's own, in English, Hindi and Hinglish.

A complaint names the victim's own contact as often as the suspect's: "the OTP came on
my mobile 98...", "call me back on ...", "mera number ...", "मेरा नंबर ...", "debited
from my account ...". Such a value must not link two complaints (it would merge one
victim's unrelated complaints into a campaign) and must not reach the suspect registry.

The cue is read right before the value (only filler words between: "is", "no.", "pe",
"है" ...) or right after it ("98... (my number)", "98... mera number hai").
"""

from __future__ import annotations

import re

_NOUN_EN = (
    r"(?:mobile|mob|phone|cell|cellphone|cell phone|number|no|num|contact|whatsapp|"
    r"a/c|ac|acc|acct|account|bank account|savings account|upi|upi id|vpa|e-?mail|email id|"
    r"mail|mail id|handle|id|paytm|gpay|google pay|phonepe|phone pe|bhim)"
)
_NOUN_HI = r"(?:नंबर|नम्बर|मोबाइल|फोन|फ़ोन|खाता|खाते|अकाउंट|ईमेल)"
_NOUN_HINGLISH = (
    r"(?:mobile|mob|phone|number|no|num|contact|whatsapp|account|a/c|khata|khate|upi|"
    r"paytm|gpay|phonepe|phone pe)"
)
_FILLER = (
    r"(?:\s|[:\-.,(#]|\b(?:number|no|num|id|is|was|as|on|at|to|par|pe|per|se|hai|tha|"
    r"mein|me|which|registered|linked|ending|with|mobile|phone)\b|है|पर|पे|से|में|था|नंबर|नम्बर)*"
)
_BEFORE_RE = re.compile(
    r"(?:"
    rf"\b(?:my|mine|our)\s+(?:own\s+|registered\s+|personal\s+|alternate\s+|other\s+)?{_NOUN_EN}"
    r"|\b(?:call|reach|contact|text|message|whatsapp|ping|sms|email|mail)\s+me(?:\s+back)?"
    r"|\bi\s+(?:can|may)\s+be\s+reached"
    rf"|\b(?:mera|mere|meri|apna|apne)\s+{_NOUN_HINGLISH}"
    r"|\bmujhe\s+(?:call|phone|sms|message)"
    rf"|(?:मेरा|मेरे|मेरी|अपना|अपने)\s*{_NOUN_HI}"
    r"|मुझे\s*(?:कॉल|फोन|फ़ोन)"
    rf"){_FILLER}$",
    re.IGNORECASE,
)
_AFTER_RE = re.compile(
    r"^\s*[(\[,\-:]?\s*(?:(?:is|was|which\s+is)\s+)?"
    rf"(?:(?:my|mine)\s+(?:own\s+)?{_NOUN_EN}\b|(?:mera|mere|meri)\s+{_NOUN_HINGLISH}\b"
    rf"|(?:मेरा|मेरे|मेरी)\s*{_NOUN_HI})",
    re.IGNORECASE,
)
# "He said: call me on 98...": the suspect's words quoted, the suspect's number.
_QUOTED_RE = re.compile(
    r"(?:\b(?:said|says|saying|told|asked|wrote|texted|bola|boli|kaha|likha)\b|बोला|कहा)"
    r"[^.!?]{0,12}$",
    re.IGNORECASE,
)
_REACH = 60  # characters read before a value
_AFTER_REACH = 30


# Every cue before a value holds one of these words: most values have none near them,
# and a set lookup over a few words is far cheaper than the cue expression.
_FIRST_PERSON = frozenset(
    ["my", "mine", "our", "me", "i", "mera", "mere", "meri", "apna", "apne", "mujhe"]
)
_FIRST_PERSON_HI = ("मेर", "मुझ", "अपन")  # substrings: vowel signs split Devanagari "words"
_WORD_RE = re.compile(r"[a-z]+")


def victim_cue(text: str, start: int, end: int) -> bool:
    """True when the words around ``text[start:end]`` make it the complainant's own."""
    lo = max(0, start - _REACH)
    window = text[lo:start]
    first = next(
        (m.start() for m in _WORD_RE.finditer(window.lower()) if m.group() in _FIRST_PERSON),
        None,
    )
    hindi = [i for w in _FIRST_PERSON_HI if (i := window.find(w)) >= 0]
    if first is None and not hindi:
        return _AFTER_RE.match(text[end : end + _AFTER_REACH]) is not None
    # A cue starts at its first-person word, or one verb before it ("call me back").
    at = min([p for p in (first, *hindi) if p is not None])
    before = _BEFORE_RE.search(window, max(0, at - 12))
    if before is not None:
        head = text[max(0, lo + before.start() - 30) : lo + before.start()]
        return _QUOTED_RE.search(head) is None
    return _AFTER_RE.match(text[end : end + _AFTER_REACH]) is not None
