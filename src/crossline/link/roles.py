"""What a stored value may do in linking, by what it is and whose it is.

* An attribute (an IFSC names a bank branch, a SWIFT/BIC a bank) describes an account;
  it is stored and searchable but never joins reports: complaints that paid different
  accounts at one branch are unrelated.
* A victim's own contact (see :mod:`crossline.indicators.victim`) is not an indicator
  at all: it is kept with the victim's personal data and in ``victim_contacts``, so a
  value one complaint names as the suspect's and another as the victim's can be flagged.
"""

from __future__ import annotations

from crossline.indicators.kinds import ATTRIBUTE_KINDS

ATTRIBUTE_REASON = {
    "ifsc": "an attribute (a bank branch), not a link: accounts at one branch are unrelated",
    "swift": "an attribute (a bank), not a link: accounts at one bank are unrelated",
}


def attribute_reason(kind: str) -> str | None:
    """Why values of ``kind`` never link, when they are attributes of another value."""
    if kind not in ATTRIBUTE_KINDS:
        return None
    return ATTRIBUTE_REASON.get(kind, "an attribute of another value, not a link")
