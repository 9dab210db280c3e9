from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from crossline.calls.trace_request import (
    RequestedCall,
    build_request,
    render_request,
    sample_calls,
)
from crossline.calls.traceback import parse_hops, rebuild_chains, scorecard


def _hop(
    tb: str,
    hop: int,
    provider: str,
    status: str,
    upstream: str = "",
    hours: str = "",
    campaign: str = "C1",
) -> dict[str, str]:
    return {
        "traceback_id": tb,
        "hop": str(hop),
        "provider": provider,
        "status": status,
        "upstream": upstream,
        "response_hours": hours,
        "campaign": campaign,
    }


CHAINS = [
    # terminating Bell -> transit Tandem -> gateway Meridian, which took it from abroad
    (
        "gateway",
        [
            _hop("T1", 1, "Bell", "responded", "Tandem", "2"),
            _hop("T1", 2, "Tandem", "responded", "Meridian", "5"),
            _hop("T1", 3, "Meridian", "foreign_point_of_entry", "", "30"),
        ],
        "foreign_point_of_entry",
        "Meridian",
        None,
    ),
    (
        "originator",
        [
            _hop("T2", 1, "Bell", "responded", "QuickDial", "1"),
            _hop("T2", 2, "QuickDial", "originator", "", "12"),
        ],
        "originator",
        "QuickDial",
        None,
    ),
    (
        "no response",
        [_hop("T3", 1, "Bell", "responded", "Shady", "1"), _hop("T3", 2, "Shady", "NR")],
        "no_response",
        "Shady",
        None,
    ),
    ("open", [_hop("T4", 1, "Bell", "responded", "Tandem", "3")], "open", None, "Tandem"),
]


@pytest.mark.parametrize(
    ("name", "rows", "outcome", "culprit", "next_provider"), CHAINS, ids=[c[0] for c in CHAINS]
)
def test_chain_outcomes(
    name: str, rows: list, outcome: str, culprit: str | None, next_provider: str | None
) -> None:
    hops, rejected = parse_hops(rows)
    assert rejected == []
    [chain] = rebuild_chains(reversed(hops))  # input order must not matter
    assert chain.outcome == outcome
    assert chain.culprit == culprit
    assert chain.next_provider == next_provider
    assert chain.issues == ()
    assert [h.hop for h in chain.hops] == sorted(h.hop for h in chain.hops)


def test_broken_chain_is_reported() -> None:
    hops, _ = parse_hops(
        [
            _hop("T9", 1, "Bell", "responded", "Tandem"),
            _hop("T9", 3, "Meridian", "originator"),
        ]
    )
    [chain] = rebuild_chains(hops)
    assert any("missing" in i for i in chain.issues)
    assert any("named 'Tandem'" in i for i in chain.issues)


BAD_HOPS = [
    (_hop("", 1, "Bell", "responded", "X"), "traceback_id", "traceback_id: missing"),
    (_hop("T", 0, "Bell", "responded", "X"), "hop", "whole number >= 1"),
    (_hop("T", 1, "Bell", "maybe"), "status", "is not one of"),
    (_hop("T", 1, "Bell", "responded"), "upstream", "a responding provider names one"),
    (_hop("T", 1, "Bell", "originator", hours="-2"), "response_hours", "is not >= 0"),
    (
        {**_hop("T", 1, "Bell", "originator"), "requested_at": "2024-01-01 10:00"},
        "requested_at",
        "no UTC offset",
    ),
]


@pytest.mark.parametrize(
    ("row", "field", "reason"), BAD_HOPS, ids=[b[1] + str(i) for i, b in enumerate(BAD_HOPS)]
)
def test_bad_hops_are_rejected(row: dict[str, str], field: str, reason: str) -> None:
    hops, rejected = parse_hops([row], first_row=2)
    assert hops == []
    assert rejected[0].line == 2
    assert rejected[0].field == field
    assert reason in rejected[0].reason


def test_response_time_from_timestamps() -> None:
    row = {
        **_hop("T", 1, "Bell", "originator"),
        "requested_at": "2024-01-01T10:00:00Z",
        "responded_at": "2024-01-02T04:00:00+00:00",
    }
    hops, _ = parse_hops([row])
    assert hops[0].response_hours == 18.0


def test_scorecard_ranks_gateways_originators_and_silent_providers() -> None:
    hops, _ = parse_hops([row for _, rows, *_ in CHAINS for row in rows])
    scores = {s.provider: s for s in scorecard(rebuild_chains(hops))}
    assert scores["Bell"].tracebacks == 4 and scores["Bell"].responded == 4
    assert scores["Bell"].median_response_hours == 1.5
    assert scores["Meridian"].foreign_entry == 1
    assert scores["QuickDial"].originated == 1
    assert scores["Shady"].no_response == 1 and scores["Shady"].median_response_hours is None
    order = [s.provider for s in scorecard(rebuild_chains(hops))]
    assert order.index("Bell") > max(order.index(p) for p in ("Meridian", "QuickDial", "Shady"))


def _calls(n: int) -> list[RequestedCall]:
    t0 = datetime(2024, 3, 4, tzinfo=UTC)
    return [
        RequestedCall(
            f"c{i:03d}",
            t0 + timedelta(minutes=i),
            f"+1212555{i % 3:04d}",
            f"+1313555{i:04d}",
            "v1",
            "B",
            "abc",
        )
        for i in range(n)
    ]


def test_sample_calls_spread_over_the_window() -> None:
    calls = _calls(101)
    picked = sample_calls(list(reversed(calls)), 5)
    assert [c.call_id for c in picked] == ["c000", "c025", "c050", "c075", "c100"]
    assert sample_calls(calls[:3], 5) == calls[:3]


def test_request_names_calls_numbers_and_evidence() -> None:
    req = build_request(
        "CAMP",
        "Voipco",
        _calls(50),
        calls_total=50,
        requested_by="us-node",
        evidence=["neighbour-spoofed caller ids"],
        limit=10,
    )
    assert req.to_provider == "Voipco" and len(req.calls) == 10
    assert req.window_start < req.window_end
    assert req.attestations == {"B": 50}
    assert req.caller_ids_sample[0] == "+12125550000"
    text = render_request(req)
    assert "Voipco" in text and "c000" in text and "neighbour-spoofed" in text
    d = req.to_dict()
    assert d["calls"][0]["call_id"] == "c000" and "ask" in d
    again = build_request(
        "CAMP", "Voipco", _calls(50), calls_total=50, requested_by="us-node", limit=10
    )
    assert again.request_id == req.request_id
    with pytest.raises(ValueError, match="no calls"):
        build_request("CAMP", "Voipco", [], calls_total=0, requested_by="x")
