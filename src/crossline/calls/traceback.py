"""Traceback: follow a call hop by hop to the carrier that originated it or let it in.

An industry traceback asks the terminating provider where a call came from, then
that upstream provider, and so on. Each answer is a *hop*. A chain ends at the
**originator** (the provider whose customer placed the call), at the **foreign
point of entry** (the domestic gateway that accepted it from abroad), or at a
provider that does **not respond** - which makes that provider answerable for the
traffic.

This module is pure: it parses hop records, rebuilds chains and scores providers;
:mod:`crossline.calls.trace_request` drafts the request for the next hop. Storage of
hop records lives in :mod:`crossline.calls.tracestore`.

Hop record columns (CSV, header names case-insensitive):

============== ========================================================================
traceback_id   id of the traceback (one traced call)                        required
hop            1 = terminating provider, 2 = its upstream ...               required
provider       provider answering at this hop                               required
status         responded | no_response | originator | foreign_point_of_entry  required
upstream       provider it named as its source (when status = responded)
campaign       campaign the traced call belongs to
call_id, call_start_utc, caller, callee   the traced call, as the request gave it
requested_at, responded_at   ISO 8601 with offset; or ``response_hours``
country        country of the provider
============== ========================================================================
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from crossline.domain import Rejected

STATUSES = ("responded", "no_response", "originator", "foreign_point_of_entry")
_STATUS_ALIASES = {
    "responded": "responded",
    "response": "responded",
    "upstream_identified": "responded",
    "no_response": "no_response",
    "non_responsive": "no_response",
    "nr": "no_response",
    "no response": "no_response",
    "not_responsive": "no_response",
    "unresponsive": "no_response",
    "originator": "originator",
    "origin": "originator",
    "orig": "originator",
    "originating": "originator",
    "foreign_point_of_entry": "foreign_point_of_entry",
    "fpoe": "foreign_point_of_entry",
    "poe": "foreign_point_of_entry",
    "point_of_entry": "foreign_point_of_entry",
    "gateway": "foreign_point_of_entry",
    "foreign point of entry": "foreign_point_of_entry",
}
_ALIASES = {
    "traceback_id": ("traceback", "tb_id", "trace_id", "id"),
    "hop": ("hop_number", "hop_no", "position"),
    "provider": ("provider_name", "carrier", "voice_service_provider"),
    "upstream": ("upstream_provider", "previous_provider", "source_provider", "from_provider"),
    "status": ("result", "response", "hop_status"),
    "campaign": ("campaign_id", "campaign_name"),
    "call_id": ("call",),
    "call_start_utc": ("call_time", "call_date", "call_start"),
    "caller": ("caller_id", "calling_number", "ani"),
    "callee": ("called_number", "dnis"),
    "requested_at": ("request_time", "notified_at", "sent_at"),
    "responded_at": ("response_time", "answered_at"),
    "response_hours": ("hours_to_respond", "response_time_hours"),
    "country": ("provider_country",),
}


@dataclass(frozen=True, slots=True)
class Hop:
    """One provider's answer in a traceback."""

    traceback_id: str
    hop: int
    provider: str
    status: str
    upstream: str | None = None
    campaign: str | None = None
    call_id: str | None = None
    call_start_utc: datetime | None = None
    caller: str | None = None
    callee: str | None = None
    requested_at: datetime | None = None
    responded_at: datetime | None = None
    response_hours: float | None = None
    country: str | None = None


def _key(name: str) -> str:
    return name.strip().lower().replace(" ", "_").replace("-", "_")


def map_header(names: Sequence[str]) -> dict[str, str]:
    """Source column -> hop field, by name or alias (case-insensitive)."""
    lookup: dict[str, str] = {}
    for target, aliases in _ALIASES.items():
        for alias in aliases:
            lookup[_key(alias)] = target
    for target in _ALIASES:
        lookup[_key(target)] = target
    mapping: dict[str, str] = {}
    for name in sorted(names, key=lambda n: _key(n) not in _ALIASES):
        found = lookup.get(_key(name))
        if found and found not in mapping.values():
            mapping[name] = found
    return mapping


def _time(value: str, field_name: str) -> datetime:
    text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"{field_name}: {value!r} is not ISO 8601") from exc
    if parsed.tzinfo is None:
        raise ValueError(f"{field_name}: {value!r} has no UTC offset")
    return parsed


def parse_hops(
    rows: Iterable[dict[str, str]], first_row: int = 1
) -> tuple[list[Hop], list[Rejected]]:
    """Hop records from CSV rows already keyed by hop field names; bad rows are rejected.

    Every field of a row is checked, so a rejection lists all that is wrong with it.
    """
    hops: list[Hop] = []
    rejected: list[Rejected] = []
    for number, row in enumerate(rows, start=first_row):
        problems: list[tuple[str, str]] = []
        get = {k: (v or "").strip() for k, v in row.items()}
        for required in ("traceback_id", "provider"):
            if not get.get(required):
                problems.append((required, f"{required}: missing"))
        hop_no = 0
        try:
            hop_no = int(get.get("hop", ""))
            if hop_no < 1:
                raise ValueError
        except ValueError:
            problems.append(("hop", f"hop: {get.get('hop', '')!r} is not a whole number >= 1"))
        status = _STATUS_ALIASES.get(get.get("status", "").lower().replace("-", "_"))
        if status is None:
            problems.append(
                ("status", f"status: {get.get('status', '')!r} is not one of {', '.join(STATUSES)}")
            )
        if status == "responded" and not get.get("upstream"):
            problems.append(("upstream", "upstream: missing (a responding provider names one)"))
        times: dict[str, datetime | None] = {}
        for name in ("call_start_utc", "requested_at", "responded_at"):
            times[name] = None
            if get.get(name):
                try:
                    times[name] = _time(get[name], name)
                except ValueError as exc:
                    problems.append((name, str(exc)))
        hours: float | None = None
        if get.get("response_hours"):
            try:
                hours = float(get["response_hours"])
                if hours < 0:
                    raise ValueError
            except ValueError:
                problems.append(
                    ("response_hours", f"response_hours: {get['response_hours']!r} is not >= 0")
                )
        requested, responded = times["requested_at"], times["responded_at"]
        if hours is None and requested and responded:
            hours = (responded - requested).total_seconds() / 3600
            if hours < 0:
                problems.append(("responded_at", "responded_at: earlier than requested_at"))
        if problems:
            rejected.append(
                Rejected(
                    line=number,
                    raw=str(row),
                    reason="; ".join(p for _, p in problems),
                    field=problems[0][0],
                )
            )
            continue
        assert status is not None
        hops.append(
            Hop(
                traceback_id=get["traceback_id"],
                hop=hop_no,
                provider=get["provider"],
                status=status,
                upstream=get.get("upstream") or None,
                campaign=get.get("campaign") or None,
                call_id=get.get("call_id") or None,
                call_start_utc=times["call_start_utc"],
                caller=get.get("caller") or None,
                callee=get.get("callee") or None,
                requested_at=requested,
                responded_at=responded,
                response_hours=None if status == "no_response" else hours,
                country=get.get("country") or None,
            )
        )
    return hops, rejected


@dataclass(frozen=True, slots=True)
class Chain:
    """A rebuilt traceback: its hops in order, how it ended and who is answerable.

    ``outcome`` is ``originator``, ``foreign_point_of_entry``, ``no_response`` or
    ``open`` (the last provider named an upstream that has not answered yet).
    ``culprit`` is the originator, the gateway, or the provider that did not respond.
    """

    traceback_id: str
    campaign: str | None
    hops: tuple[Hop, ...]
    outcome: str
    culprit: str | None
    next_provider: str | None
    issues: tuple[str, ...] = ()

    @property
    def path(self) -> list[str]:
        return [h.provider for h in self.hops]

    def to_dict(self) -> dict[str, Any]:
        first = self.hops[0]
        return {
            "traceback_id": self.traceback_id,
            "campaign": self.campaign,
            "call": {
                "call_id": first.call_id,
                "start_utc": first.call_start_utc.isoformat() if first.call_start_utc else None,
                "caller": first.caller,
                "callee": first.callee,
            },
            "path": self.path,
            "outcome": self.outcome,
            "culprit": self.culprit,
            "next_provider": self.next_provider,
            "issues": list(self.issues),
            "hops": [
                {
                    "hop": h.hop,
                    "provider": h.provider,
                    "status": h.status,
                    "upstream": h.upstream,
                    "response_hours": h.response_hours,
                    "country": h.country,
                }
                for h in self.hops
            ],
        }


def rebuild_chains(hops: Iterable[Hop]) -> list[Chain]:
    """Group hops by traceback, order them and decide each chain's outcome.

    Gaps in hop numbers, repeated hops and an upstream that does not match the next
    hop's provider are reported in ``issues`` (the chain is still built).
    """
    by_id: dict[str, list[Hop]] = defaultdict(list)
    for h in hops:
        by_id[h.traceback_id].append(h)
    chains: list[Chain] = []
    for tb_id in sorted(by_id):
        ordered = sorted(by_id[tb_id], key=lambda h: h.hop)
        issues: list[str] = []
        seen: set[int] = set()
        for h in ordered:
            if h.hop in seen:
                issues.append(f"hop {h.hop} given twice")
            seen.add(h.hop)
        for prev, nxt in zip(ordered, ordered[1:], strict=False):
            if nxt.hop != prev.hop + 1 and nxt.hop != prev.hop:
                issues.append(f"hops {prev.hop + 1}..{nxt.hop - 1} missing")
            if prev.status != "responded":
                issues.append(f"hop {nxt.hop} follows a hop that ended the chain ({prev.status})")
            elif prev.upstream and prev.upstream != nxt.provider:
                issues.append(
                    f"hop {prev.hop} named {prev.upstream!r} but hop {nxt.hop} is {nxt.provider!r}"
                )
        last = ordered[-1]
        if last.status == "responded":
            outcome, culprit, next_provider = "open", None, last.upstream
        else:
            outcome, culprit, next_provider = last.status, last.provider, None
        campaigns = {h.campaign for h in ordered if h.campaign}
        if len(campaigns) > 1:
            issues.append(f"hops name several campaigns: {', '.join(sorted(campaigns))}")
        chains.append(
            Chain(
                tb_id,
                min(campaigns) if campaigns else None,
                tuple(ordered),
                outcome,
                culprit,
                next_provider,
                tuple(issues),
            )
        )
    return chains


@dataclass(frozen=True, slots=True)
class ProviderScore:
    """How one provider behaves across tracebacks."""

    provider: str
    tracebacks: int
    originated: int
    foreign_entry: int
    no_response: int
    responded: int
    median_response_hours: float | None
    campaigns: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "provider": self.provider,
            "tracebacks": self.tracebacks,
            "originated": self.originated,
            "foreign_point_of_entry": self.foreign_entry,
            "no_response": self.no_response,
            "responded": self.responded,
            "median_response_hours": self.median_response_hours,
            "campaigns": list(self.campaigns),
        }


def scorecard(chains: Iterable[Chain]) -> list[ProviderScore]:
    """Per provider: tracebacks it appears in, where it originated or let in the traffic,
    non-responses and median response time; worst providers first."""
    stats: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"tb": set(), "orig": 0, "fpoe": 0, "nr": 0, "resp": 0, "hours": [], "camp": set()}
    )
    for chain in chains:
        for h in chain.hops:
            s = stats[h.provider]
            s["tb"].add(chain.traceback_id)
            if chain.campaign:
                s["camp"].add(chain.campaign)
            if h.status == "originator":
                s["orig"] += 1
            elif h.status == "foreign_point_of_entry":
                s["fpoe"] += 1
            elif h.status == "no_response":
                s["nr"] += 1
            else:
                s["resp"] += 1
            if h.status != "no_response" and h.response_hours is not None:
                s["hours"].append(h.response_hours)
    scores = [
        ProviderScore(
            provider=name,
            tracebacks=len(s["tb"]),
            originated=s["orig"],
            foreign_entry=s["fpoe"],
            no_response=s["nr"],
            responded=s["resp"],
            median_response_hours=round(statistics.median(s["hours"]), 2) if s["hours"] else None,
            campaigns=tuple(sorted(s["camp"])),
        )
        for name, s in stats.items()
    ]
    return sorted(
        scores,
        key=lambda p: (
            -(p.originated + p.foreign_entry + p.no_response),
            -p.tracebacks,
            p.provider,
        ),
    )
