"""Victim personal data detectors, for redaction only (never used to link reports).

* Aadhaar: 12 digits, first digit 2-9, Verhoeff check digit (UIDAI).
* PAN: Indian Permanent Account Number, ``AAAPA9999A`` where the fourth letter is the
  holder type (P person, C company, H HUF, F firm, A AOP, T trust, B BOI, L local
  authority, J artificial juridical person, G government).
* SSN: US Social Security Number ``AAA-GG-SSSS`` with the SSA's never-issued ranges
  excluded (area 000, 666, 900-999; group 00; serial 0000).
"""

from __future__ import annotations

import re

# Verhoeff tables: dihedral group D5 multiplication, position permutation, inverse.
_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_P = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)


def verhoeff_ok(digits: str) -> bool:
    """True when the last digit of ``digits`` is its Verhoeff check digit."""
    c = 0
    for i, char in enumerate(reversed(digits)):
        c = _D[c][_P[i % 8][ord(char) - 48]]
    return c == 0


def aadhaar(candidate: str) -> str | None:
    """The 12 Aadhaar digits, if ``candidate`` (spaces/dashes allowed) is a valid number."""
    digits = re.sub(r"[ \-]", "", candidate)
    if len(digits) != 12 or not digits.isdigit() or digits[0] in "01":
        return None
    if len(set(digits)) <= 2 or not verhoeff_ok(digits):
        return None
    return digits


_PAN_RE = re.compile(r"[A-Z]{3}[ABCFGHLJPT][A-Z][0-9]{4}[A-Z]")


def pan(candidate: str) -> str | None:
    """The upper-case PAN if ``candidate`` has the PAN structure."""
    code = candidate.strip().upper()
    if not _PAN_RE.fullmatch(code) or code[5:9] == "0000":
        return None
    return code


def ssn(candidate: str) -> str | None:
    """``AAA-GG-SSSS`` if ``candidate`` (9 digits, any separators) is an issuable SSN."""
    digits = re.sub(r"[ \-.]", "", candidate)
    if len(digits) != 9 or not digits.isdigit():
        return None
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    if area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000":
        return None
    if digits in ("078051120", "219099999", "123456789"):  # published sample numbers
        return None
    return f"{area}-{group}-{serial}"
