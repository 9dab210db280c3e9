"""Numbers read out in words, as speech-to-text writes them in call transcripts.

"eight three three, three oh four, one four four seven", "double five", "triple nine",
"eight hundred", "eighty-eight", mixed with digits ("833 three oh four ...").
The words become digit groups (a comma or full stop is a pause, so it separates groups),
which then go through the same segmentation and validation as written numbers.
"""

from __future__ import annotations

import re

from crossline.indicators.digits import Group

_UNITS = {
    "zero": "0", "oh": "0", "o": "0", "one": "1", "two": "2", "three": "3", "four": "4",
    "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
}  # fmt: skip
_TEENS = {
    "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14",
    "fifteen": "15", "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19",
}  # fmt: skip
_TENS = {
    "twenty": "2", "thirty": "3", "forty": "4", "fifty": "5", "sixty": "6", "seventy": "7",
    "eighty": "8", "ninety": "9",
}  # fmt: skip
_REPEAT = {"double": 2, "triple": 3}
_ITEM_RE = re.compile(r"[A-Za-z]+|[0-9]+")


def spoken_groups(token: str) -> list[Group] | None:
    """Digit groups of a spoken run, with offsets into ``token``; None if it is not one."""
    items = [(m.group().lower(), m.start(), m.end()) for m in _ITEM_RE.finditer(token)]
    groups: list[Group] = []
    digits = ""
    start = end = 0
    pending_repeat = 0
    i = 0

    def close() -> None:
        nonlocal digits
        if digits:
            # a pause between spoken groups separates them like a space in writing
            groups.append(Group(digits, start, end, " " if groups else ""))
            digits = ""

    while i < len(items):
        word, w_start, w_end = items[i]
        gap = token[end:w_start] if digits else ""
        if digits and ("," in gap or "." in gap):
            close()
        if not digits:
            start = w_start
        if word.isdigit():
            if pending_repeat:
                return None
            digits += word
        elif word in _REPEAT:
            if pending_repeat:
                return None
            pending_repeat = _REPEAT[word]
            end = w_end
            i += 1
            continue
        elif word in _UNITS:
            digits += _UNITS[word] * (pending_repeat or 1)
            pending_repeat = 0
        elif word in _TEENS and not pending_repeat:
            digits += _TEENS[word]
        elif word in _TENS and not pending_repeat:
            unit = items[i + 1][0] if i + 1 < len(items) else ""
            if unit in _UNITS and unit not in ("zero", "oh", "o"):
                digits += _TENS[word] + _UNITS[unit]
                w_end = items[i + 1][2]
                i += 1
            else:
                digits += _TENS[word] + "0"
        elif word == "hundred" and not pending_repeat and digits and items[i - 1][0] in _UNITS:
            digits += "00"
        else:
            return None
        end = w_end
        i += 1
    if pending_repeat:
        return None
    close()
    return groups
