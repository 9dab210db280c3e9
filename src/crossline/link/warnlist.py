"""Warning lists: values that must never link reports on their own.

Two sources, one rule. The **shipped list** (``link/data/warnlist.csv``) holds public
values from authoritative sources — US federal and state agency numbers, Indian
helplines, banks' and payment providers' customer-care numbers, brands' real
customer-care numbers and domains, credit bureaus, consumer agencies, URL shorteners,
site hosts and free-mail domains — each with its owner, a category and the page or
document it was taken from. The **node's own list** holds what an analyst added with
``crossline warnlist add`` (kept in the store, audited). A listed value is still stored
and can be looked up (a quoted public number is a sighting worth finding); it is marked
common with the list's reason and never merges campaigns.

The shipped list holds normalized values (tests check each one normalizes to itself).
Helplines that are short codes (1930, 112) are listed as kind ``short_code`` for the
record: they are numbers in no plan and are never extracted as values, so they cannot
link anything; a full number that reaches the same service is listed as a phone.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

LISTED_PREFIX = "warning list"
CATEGORIES = (
    "government",
    "credit_bureau",
    "bank",
    "payments",
    "brand",
    "platform",
    "messaging",
    "shortener",
    "hosting",
    "free_mail",
    "placeholder",
    "node",
)


@dataclass(frozen=True, slots=True)
class WarnEntry:
    """One listed value and where it comes from."""

    kind: str
    value: str
    owner: str
    category: str
    source: str
    shipped: bool = True

    @property
    def reason(self) -> str:
        """The common reason stored on the indicator (starts with ``LISTED_PREFIX``)."""
        where = "shipped" if self.shipped else "this node's list"
        return f"{LISTED_PREFIX} ({where}): {self.owner} [{self.category}]"


@cache
def load_warnlist() -> dict[tuple[str, str], WarnEntry]:
    """(kind, normalized value) -> entry, from ``link/data/warnlist.csv``."""
    text = (resources.files("crossline.link") / "data" / "warnlist.csv").read_text("utf-8")
    rows = csv.DictReader(text.splitlines())
    return {
        (r["kind"], r["value"]): WarnEntry(
            r["kind"], r["value"], r["owner"], r["category"], r["source"]
        )
        for r in rows
    }


def warn_reason(kind: str, value: str) -> str | None:
    """The shipped list's reason when (kind, value) must not link, else None."""
    entry = load_warnlist().get((kind, value))
    return entry.reason if entry else None


def is_listed(common: bool, reason: str | None) -> bool:
    """Whether a stored common verdict comes from a warning list (shipped or the node's
    own) rather than from the data-driven rule, which is re-taken as data arrives."""
    return common and (reason or "").startswith(LISTED_PREFIX)
