"""What the public is told about one value (the citizens' check): pure rules, no I/O.

The store hands over per-value tallies (how many reports, of which source, marking,
moderation status and scam type, and how recent); these rules decide which of them
the public may count and turn them into one of four answers. Only aggregates ever
leave: never a report, a victim, an amount, a text or a campaign.

Rules, and why:

* a report counts only when its marking is at or below the site's ceiling (TLP:GREEN
  by default): a value known only from TLP:AMBER or TLP:RED reports answers exactly
  like a value nobody reported;
* a report from the public counts only once an analyst confirmed it, or when another,
  independent source (a report that is not from the public and itself counts)
  reported the same value: a flood of fake public reports cannot get a number flagged;
* a value on the warning list (a genuine helpline or government number) is said to be
  genuine whatever else is known, since impersonators quote and spoof those numbers.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

from crossline.classify.taxonomy import LABELS
from crossline.link.warnlist import load_warnlist
from crossline.share.markings import TLP_AMBER, TLP_GREEN, tlp_rank

REPORTED = "reported_scam"
SUSPICIOUS = "suspicious"
NO_REPORTS = "no_reports"
GENUINE = "genuine"
VERDICTS = (REPORTED, SUSPICIOUS, NO_REPORTS, GENUINE)
# The headline of a check holding several values: the most alarming one first.
_SEVERITY = {REPORTED: 3, SUSPICIOUS: 2, NO_REPORTS: 1, GENUINE: 0}

REPORTED_AT = 3  # counted reports from which a value is a "reported scam"
CONFIRMED = ("confirmed", "corroborated")
REJECTED = "rejected"
# Public reports are stored TLP:AMBER (they may hold the reporter's words); once
# confirmed, their count (never their content) may be told back to the public.
CITIZEN_CEILING = TLP_AMBER


@dataclass(frozen=True, slots=True)
class Tally:
    """Reports of one value sharing source class, marking, status and label."""

    citizen: bool
    marking: str
    status: str | None
    label: str | None
    n: int
    last: datetime | None


@dataclass(frozen=True, slots=True)
class ValueAnswer:
    """The public answer for one normalized value."""

    kind: str
    value: str
    verdict: str
    reports: int = 0
    scam_type: str | None = None
    last_reported: str | None = None  # "YYYY-MM": how recent, no finer
    genuine_name: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Every field, in order (all are plain values, so nothing is copied deep)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def counted(tallies: Iterable[Tally], *, ceiling: str = TLP_GREEN) -> list[Tally]:
    """The tallies the public may count (see the module's rules)."""
    tallies = list(tallies)
    limit = tlp_rank(ceiling)
    independent = [t for t in tallies if not t.citizen and _rank(t.marking) <= limit]
    out = list(independent)
    for t in tallies:
        if not t.citizen or t.status == REJECTED or _rank(t.marking) > tlp_rank(CITIZEN_CEILING):
            continue
        if t.status in CONFIRMED or independent:
            out.append(t)
    return out


def answer(
    kind: str,
    value: str,
    tallies: Iterable[Tally],
    *,
    ceiling: str = TLP_GREEN,
    genuine_name: str | None = None,
    reported_at: int = REPORTED_AT,
) -> ValueAnswer:
    """The answer for one value from its tallies."""
    if genuine_name is not None:
        return ValueAnswer(kind, value, GENUINE, genuine_name=genuine_name)
    use = counted(tallies, ceiling=ceiling)
    total = sum(t.n for t in use)
    if total == 0:
        return ValueAnswer(kind, value, NO_REPORTS)
    labels: dict[str, int] = {}
    for t in use:
        if t.label and t.label != "not_fraud":
            labels[t.label] = labels.get(t.label, 0) + t.n
    label = max(sorted(labels), key=lambda k: labels[k]) if labels else "other_fraud"
    dates = [t.last for t in use if t.last is not None]
    last = max(dates).strftime("%Y-%m") if dates else None
    verdict = REPORTED if total >= reported_at else SUSPICIOUS
    return ValueAnswer(kind, value, verdict, reports=total, scam_type=label, last_reported=last)


def headline(answers: Iterable[ValueAnswer]) -> str:
    """One verdict for a check: the most alarming of its values' (no values: none)."""
    return max((a.verdict for a in answers), key=_SEVERITY.__getitem__, default=NO_REPORTS)


def largest(answers: Iterable[ValueAnswer], label: str | None = None) -> tuple[ValueAnswer, ...]:
    """The largest answer each of these values could have had (every field at its
    longest), to pad a response to: its size then says nothing about what is stored.
    ``label``: the scam type whose wording is longest where it is shown (else the
    longest label)."""
    label = label or max(LABELS, key=len)
    name = max(
        [*_short_helplines().values(), *(e.reason for e in load_warnlist().values())], key=len
    )
    return tuple(
        ValueAnswer(a.kind, a.value, REPORTED, reports=9_999_999, scam_type=label,
                    last_reported="9999-12", genuine_name=name)
        for a in answers
    )  # fmt: skip


def genuine_name(kind: str, value: str, region: str | None = None) -> str | None:
    """The name of a genuine helpline or government number, from the warning list and
    the national short helplines (1930 ...); None for anything else."""
    if kind != "phone":
        return None
    for (where, number), name in _short_helplines().items():
        if number == value and region in (None, where):
            return name
    entry = load_warnlist().get(("phone", value))
    if entry is None or "placeholder" in entry.reason.lower():
        return None
    return entry.reason


def short_helpline(text: str, region: str | None) -> str | None:
    """The digits of a national short helpline typed as ``text`` ("19 30" -> "1930")."""
    digits = "".join(ch for ch in text if ch.isdigit())
    if not digits or len(digits) > 6 or len(digits) != len(text.replace(" ", "").replace("-", "")):
        return None
    regions = [region] if region else sorted({r for r, _ in _short_helplines()})
    return digits if any((r, digits) in _short_helplines() for r in regions) else None


@cache
def _short_helplines() -> Mapping[tuple[str, str], str]:
    text = (resources.files("crossline.share") / "data" / "helplines.csv").read_text("utf-8")
    return {(r["region"], r["number"]): r["name"] for r in csv.DictReader(text.splitlines())}


def _rank(marking: str) -> int:
    try:
        return tlp_rank(marking)
    except Exception:  # an unreadable marking is treated as the most restrictive
        return 99
