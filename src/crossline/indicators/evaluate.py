"""Scoring the extractor against hand-annotated messages: precision, recall, F1 per kind.

An evaluation file is JSON Lines, one message per line::

    {"text": "...", "region": "US", "indicators": [{"kind": "phone", "value": "+1...",
      "start": 12, "end": 24}, ...]}

A predicted indicator matches a gold one when kind and normalized value are equal (and,
with ``spans=True``, start and end too). Each message counts a (kind, value) once,
however often it occurs, so a number repeated in a transcript is one decision.
Parsing takes lines of text, not files: reading them is the caller's business.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from crossline.errors import ValidationError
from crossline.indicators.extract import extract_many
from crossline.indicators.found import Found
from crossline.indicators.kinds import CRYPTO_KINDS, KINDS
from crossline.jsonlines import numbered_values

Key = tuple[str, str] | tuple[str, str, int, int]


@dataclass(frozen=True, slots=True)
class Case:
    """One annotated message."""

    line: int
    text: str
    region: str | None
    gold: tuple[dict[str, object], ...]
    source: str | None = None


@dataclass(slots=True)
class KindScore:
    kind: str
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class Report:
    """Scores per kind, plus the misses and false alarms for inspection."""

    spans: bool
    cases: int
    scores: dict[str, KindScore] = field(default_factory=dict)
    false_positives: list[tuple[int, Key]] = field(default_factory=list)
    false_negatives: list[tuple[int, Key]] = field(default_factory=list)

    def total(self, kinds: Iterable[str] | None = None) -> KindScore:
        """Micro-average over ``kinds`` (all kinds when None)."""
        wanted = set(kinds) if kinds is not None else None
        out = KindScore("all" if wanted is None else "+".join(sorted(wanted)))
        for kind, s in self.scores.items():
            if wanted is None or kind in wanted:
                out.tp += s.tp
                out.fp += s.fp
                out.fn += s.fn
        return out


def parse_cases(lines: Iterable[str]) -> list[Case]:
    """Cases from JSONL lines; an error names the line and what was expected."""
    cases: list[Case] = []
    for number, obj in numbered_values(lines):
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            raise ValidationError(
                f'line {number}: expected an object with a "text" string', line=number
            )
        gold = obj.get("indicators", [])
        if not isinstance(gold, list):
            raise ValidationError(f'line {number}: "indicators" must be a list', line=number)
        for item in gold:
            if not isinstance(item, dict) or not {"kind", "value"} <= item.keys():
                raise ValidationError(
                    f'line {number}: each indicator needs "kind" and "value"', line=number
                )
            if item["kind"] not in KINDS:
                known = ", ".join(KINDS)
                raise ValidationError(
                    f"line {number}: unknown kind {item['kind']!r} (expected one of {known})",
                    line=number,
                )
        region = obj.get("region")
        if region is not None and not isinstance(region, str):
            raise ValidationError(f'line {number}: "region" must be a string or null', line=number)
        cases.append(Case(number, obj["text"], region or None, tuple(gold), obj.get("source")))
    return cases


def _key(item: dict[str, object] | Found, spans: bool) -> Key:
    if isinstance(item, Found):
        kind, value, start, end = item.kind, item.value, item.start, item.end
    else:
        kind, value = str(item["kind"]), str(item["value"])
        start, end = int(item.get("start", -1)), int(item.get("end", -1))  # type: ignore[call-overload]
    return (kind, value, start, end) if spans else (kind, value)


def evaluate(
    cases: Sequence[Case], *, spans: bool = False, card_key: bytes | None = None
) -> Report:
    """Run the extractor over ``cases`` and score it."""
    predicted = extract_many([c.text for c in cases], [c.region for c in cases], card_key=card_key)
    report = Report(spans=spans, cases=len(cases))
    for case, found in zip(cases, predicted, strict=True):
        gold = {_key(item, spans) for item in case.gold}
        pred = {_key(f, spans) for f in found}
        for key in gold | pred:
            score = report.scores.setdefault(key[0], KindScore(key[0]))
            if key in gold and key in pred:
                score.tp += 1
            elif key in pred:
                score.fp += 1
                report.false_positives.append((case.line, key))
            else:
                score.fn += 1
                report.false_negatives.append((case.line, key))
    return report


def format_report(report: Report) -> str:
    """A plain-text table: one row per kind, then the headline groups."""
    match = "kind + value + span" if report.spans else "kind + value (spans not compared)"
    lines = [
        f"{report.cases} messages; an indicator matches on {match}",
        f"{'kind':14s} {'gold':>6s} {'pred':>6s} {'tp':>6s} "
        f"{'precision':>9s} {'recall':>7s} {'f1':>6s}",
    ]

    def row(s: KindScore) -> str:
        return (
            f"{s.kind:14s} {s.tp + s.fn:6d} {s.tp + s.fp:6d} {s.tp:6d} "
            f"{s.precision:9.3f} {s.recall:7.3f} {s.f1:6.3f}"
        )

    for kind in sorted(report.scores, key=lambda k: KINDS.index(k) if k in KINDS else 99):
        lines.append(row(report.scores[kind]))
    crypto = [k for k in report.scores if k in CRYPTO_KINDS]
    lines.append("")
    if crypto:
        s = report.total(crypto)
        s.kind = "crypto (all)"
        lines.append(row(s))
    lines.append(row(report.total()))
    return "\n".join(lines)
