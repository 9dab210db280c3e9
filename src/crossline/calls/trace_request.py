"""The request for the next hop of a traceback: which calls to ask about (a sample,
spread over time), what the requesting network saw of them, and the text sent.

Pure, like :mod:`crossline.calls.traceback`, whose provider scores it quotes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from crossline.calls.traceback import ProviderScore
from crossline.domain import make_id


@dataclass(frozen=True, slots=True)
class RequestedCall:
    """One call the next hop is asked about, as the requesting network saw it."""

    call_id: str
    start_utc: datetime
    caller: str | None
    callee: str
    trunk: str | None
    attestation: str
    origid: str | None


@dataclass(frozen=True, slots=True)
class TracebackRequest:
    """A request to one upstream provider about a campaign's calls that it handed over."""

    request_id: str
    campaign_id: str
    to_provider: str
    requested_by: str
    calls_total: int
    window_start: datetime
    window_end: datetime
    trunks: tuple[str, ...]
    attestations: dict[str, int]
    caller_ids_sample: tuple[str, ...]
    calls: tuple[RequestedCall, ...]
    evidence: tuple[str, ...]
    provider_history: ProviderScore | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "request_id": self.request_id,
            "campaign_id": self.campaign_id,
            "to_provider": self.to_provider,
            "requested_by": self.requested_by,
            "calls_total": self.calls_total,
            "window": {"start": self.window_start.isoformat(), "end": self.window_end.isoformat()},
            "trunks": list(self.trunks),
            "attestations": self.attestations,
            "caller_ids_sample": list(self.caller_ids_sample),
            "evidence": list(self.evidence),
            "ask": (
                "For each call below, identify the upstream provider (or your customer) from "
                "which you received it, with the trunk or account, and any STIR/SHAKEN "
                "identity header you received or signed."
            ),
            "calls": [
                {
                    "call_id": c.call_id,
                    "start_utc": c.start_utc.isoformat(),
                    "caller": c.caller,
                    "callee": c.callee,
                    "trunk": c.trunk,
                    "attestation": c.attestation,
                    "origid": c.origid,
                }
                for c in self.calls
            ],
            "provider_history": self.provider_history.to_dict() if self.provider_history else None,
        }


def sample_calls(calls: Sequence[RequestedCall], limit: int) -> list[RequestedCall]:
    """Calls spread evenly over the window (first and last included), in time order.

    A provider can search its records faster for a handful of well-spread calls
    than for thousands; spreading them shows the traffic was sustained.
    """
    ordered = sorted(calls, key=lambda c: (c.start_utc, c.call_id))
    if len(ordered) <= limit:
        return ordered
    if limit == 1:
        return [ordered[0]]
    step = (len(ordered) - 1) / (limit - 1)
    return [ordered[round(i * step)] for i in range(limit)]


def build_request(
    campaign_id: str,
    to_provider: str,
    calls: Sequence[RequestedCall],
    *,
    calls_total: int,
    requested_by: str,
    evidence: Sequence[str] = (),
    history: ProviderScore | None = None,
    limit: int = 20,
) -> TracebackRequest:
    """Draft the request to ``to_provider`` about the campaign calls it handed over."""
    if not calls:
        raise ValueError(f"no calls of campaign {campaign_id} came from {to_provider}")
    chosen = sample_calls(calls, limit)
    attest: dict[str, int] = defaultdict(int)
    for c in calls:
        attest[c.attestation] += 1
    callers: dict[str, int] = defaultdict(int)
    for c in calls:
        if c.caller:
            callers[c.caller] += 1
    top_callers = sorted(callers, key=lambda k: (-callers[k], k))[:10]
    request_id = make_id(
        "traceback-request", campaign_id, to_provider, ",".join(c.call_id for c in chosen)
    )
    return TracebackRequest(
        request_id=request_id,
        campaign_id=campaign_id,
        to_provider=to_provider,
        requested_by=requested_by,
        calls_total=calls_total,
        window_start=min(c.start_utc for c in calls),
        window_end=max(c.start_utc for c in calls),
        trunks=tuple(sorted({c.trunk for c in calls if c.trunk})),
        attestations=dict(sorted(attest.items())),
        caller_ids_sample=tuple(top_callers),
        calls=tuple(chosen),
        evidence=tuple(evidence),
        provider_history=history,
    )


def render_request(request: TracebackRequest) -> str:
    """The request as plain text, ready to send."""
    lines = [
        f"Traceback request {request.request_id}",
        f"To: {request.to_provider}    From: {request.requested_by}",
        f"Campaign: {request.campaign_id}",
        f"Calls you handed to us in this campaign: {request.calls_total} between "
        f"{request.window_start.isoformat()} and {request.window_end.isoformat()}",
        f"Trunks: {', '.join(request.trunks) or '-'}",
        "Attestation of those calls: "
        + ", ".join(f"{k} {v}" for k, v in request.attestations.items()),
        "Caller ids presented most often: " + (", ".join(request.caller_ids_sample) or "-"),
    ]
    if request.evidence:
        lines.append("Why: " + "; ".join(request.evidence))
    h = request.provider_history
    if h is not None:
        lines.append(
            f"Your traceback record: {h.tracebacks} tracebacks, {h.no_response} without "
            f"response, {h.originated} originated, {h.foreign_entry} as point of entry"
        )
    lines.append(
        "Please identify, for each call below, the upstream provider or customer from which "
        "you received it (trunk or account), and any STIR/SHAKEN identity you received or "
        "signed."
    )
    lines.append("call_id | start (UTC) | caller id | called number | trunk | attestation")
    for c in request.calls:
        lines.append(
            f"{c.call_id} | {c.start_utc.isoformat()} | {c.caller or 'withheld'} | {c.callee} | "
            f"{c.trunk or '-'} | {c.attestation}"
        )
    return "\n".join(lines)
