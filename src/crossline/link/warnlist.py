"""The shipped warning list: values that must never link reports on their own.

Helplines (1930, the FTC's own number), banks' public customer-care numbers,
free-mail domains, URL shorteners' bare domains, real brand domains quoted by
impersonators, placeholder numbers. A listed value is still stored and can be
looked up; it is marked common with the list's reason and never merges
campaigns. The list holds normalized values (``tests`` check each one
normalizes to itself).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class WarnEntry:
    kind: str
    value: str
    reason: str


@cache
def load_warnlist() -> dict[tuple[str, str], WarnEntry]:
    """(kind, normalized value) -> entry, from ``link/data/warnlist.csv``."""
    text = (resources.files("crossline.link") / "data" / "warnlist.csv").read_text("utf-8")
    rows = csv.DictReader(text.splitlines())
    return {(r["kind"], r["value"]): WarnEntry(r["kind"], r["value"], r["reason"]) for r in rows}


def warn_reason(kind: str, value: str) -> str | None:
    """The list's reason when (kind, value) must not link, else None."""
    entry = load_warnlist().get((kind, value))
    return f"warning list: {entry.reason}" if entry else None


LISTED_PREFIX = "warning list"


def is_listed(common: bool, reason: str | None) -> bool:
    """Whether a stored common verdict comes from a warning list (shipped or the node's
    own) rather than from the data-driven rule, which is re-taken as data arrives."""
    return common and (reason or "").startswith(LISTED_PREFIX)
